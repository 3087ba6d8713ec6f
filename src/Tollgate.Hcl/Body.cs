namespace Tollgate.Hcl;

/// <summary>The attributes and blocks of a file or of a block, each in source order.</summary>
public sealed record Body(IReadOnlyList<Attribute> Attributes, IReadOnlyList<Block> Blocks)
{
    public Attribute? Attribute(string name) => Attributes.FirstOrDefault(a => a.Name == name);

    public IEnumerable<Block> BlocksOf(string type) => Blocks.Where(b => b.Type == type);
}
