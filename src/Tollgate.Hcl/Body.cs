namespace Tollgate.Hcl;

/// <summary>The attributes and blocks of a file or of a block, each in source order.</summary>
public sealed record Body(IReadOnlyList<Attribute> Attributes, IReadOnlyList<Block> Blocks)
{
    public Attribute? Attribute(string name)
    {
        for (var i = 0; i < Attributes.Count; i++)
        {
            if (Attributes[i].Name == name)
            {
                return Attributes[i];
            }
        }

        return null;
    }

    public IEnumerable<Block> BlocksOf(string type) => Blocks.Where(b => b.Type == type);
}
