namespace Tollgate.Terraform.Graph.Config;

/// <summary>
/// A <c>resource</c> or <c>data</c> block: <see cref="References"/> are module-relative traversals as written
/// (<c>aws_vpc.main.id</c>, <c>local.x</c>, <c>module.net.vpc_id</c>); <see cref="DependsOn"/> likewise.
/// </summary>
public sealed record ConfigResource(string Module, string LocalAddress, NodeKind Kind)
{
    public string Address => Module.Length == 0 ? LocalAddress : Module + "." + LocalAddress;

    public IReadOnlyList<string> References { get; init; } = [];

    public IReadOnlyList<string> DependsOn { get; init; } = [];

    public IReadOnlyList<LiteralArgument> Literals { get; init; } = [];

    /// <summary>
    /// <c>count</c> or <c>for_each</c> when the block has one, as read from HCL or JSON (null otherwise, and from a
    /// plan): its attributes are then read on instances (<c>x[*].id</c>, <c>values(x)[*].id</c>).
    /// </summary>
    public string? Repetition { get; init; }

    public Lifecycle? Lifecycle { get; init; }

    /// <summary>Names of <c>dynamic</c> blocks (their references are in <see cref="References"/>).</summary>
    public IReadOnlyList<string> DynamicBlocks { get; init; } = [];

    /// <summary>
    /// The references of each top-level argument and nested block type as written (<c>depends_on</c> included,
    /// a dynamic block under its label), when read from HCL or JSON: what an override file replaces.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Arguments { get; init; } = NoArguments;

    /// <summary>The default <see cref="Arguments"/>, shared: an initializer runs even when <c>init</c> replaces it.</summary>
    private static readonly Dictionary<string, IReadOnlyList<string>> NoArguments = [];

    /// <summary>
    /// Where it is declared: <c>file:line</c> when read from HCL or JSON (made when asked, not kept for each of 100,000
    /// resources).
    /// </summary>
    public string? Location
    {
        get => _location ?? (File is not null && Line > 0 ? $"{File}:{Line}" : null);
        init => _location = value;
    }

    private readonly string? _location;

    /// <summary>The file it is declared in, relative to the configuration root, when read from HCL or JSON.</summary>
    public string? File { get; init; }

    /// <summary>
    /// The 1-based line and column of the block in <see cref="File"/> (a <c>.tf.json</c> block's at its name,
    /// <c>"web": {</c>); 0 when not read from HCL or JSON.
    /// </summary>
    public int Line { get; init; }

    public int Column { get; init; }

    /// <summary>The 1-based line and column just after the block's closing brace; 0 when not read from HCL or JSON.</summary>
    public int EndLine { get; init; }

    public int EndColumn { get; init; }
}
