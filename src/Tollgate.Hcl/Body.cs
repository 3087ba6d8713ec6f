namespace Tollgate.Hcl;

/// <summary>The attributes and blocks of a file or of a block, each in source order.</summary>
public sealed record Body(IReadOnlyList<Attribute> Attributes, IReadOnlyList<Block> Blocks)
{
    public Attribute? Attribute(string name)
    {
        foreach (var attribute in Attributes)
        {
            if (attribute.Name == name)
            {
                return attribute;
            }
        }

        return null;
    }

    public IEnumerable<Block> BlocksOf(string type) => Blocks.Where(b => b.Type == type);
}
