namespace Tollgate.Terraform.Graph.Config;

/// <summary>
/// Everything the graph needs from a configuration, whichever way it was read (HCL files or the plan JSON's
/// <c>configuration</c>). Locals and outputs are keyed <c>module|name</c> with the root module as "".
/// </summary>
public sealed record TerraformConfig(
    IReadOnlyList<ConfigResource> Resources,
    IReadOnlyList<ConfigModuleCall> ModuleCalls,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Locals,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Outputs)
{
    public static TerraformConfig Empty { get; } = new([], [], new Dictionary<string, IReadOnlyList<string>>(), new Dictionary<string, IReadOnlyList<string>>());

    /// <summary>True when locals were read (HCL); the plan JSON has none, so <c>local.x</c> is a dead end there.</summary>
    public bool HasLocals { get; init; }

    public IReadOnlyList<AddressMove> Moves { get; init; } = [];

    /// <summary>
    /// What each variable's <c>validation</c> blocks read, their conditions and error messages together, keyed
    /// <c>module|name</c> like <see cref="Locals"/>, for the variables that have one (read from HCL or JSON; the plan
    /// JSON has none). Terraform evaluates them before anything that reads the variable (<c>var.v (validation)</c>),
    /// so they are the variable's dependencies: <see cref="ReferenceResolver"/> leads a reference to it through them.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Validations { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The directory the configuration was read from, when it was read from HCL.</summary>
    public string? Root { get; init; }

    /// <summary>
    /// Where each local value, variable and output is declared, when read from HCL or JSON files: by its address as
    /// terraform names it (<c>local.a</c>, <c>module.db.var.size</c>, <c>module.db.output.id</c>, <see cref="ValueAddress"/>),
    /// the file relative to <see cref="Root"/>.
    /// </summary>
    public IReadOnlyDictionary<string, Domain.Findings.SourceLocation> ValuePlaces { get; init; } = new Dictionary<string, Domain.Findings.SourceLocation>();

    public static string Key(string module, string name) => module + "|" + name;

    /// <summary>The module and the name a <see cref="Key"/> was made of.</summary>
    public static (string Module, string Name) Unkey(string key)
    {
        var bar = key.IndexOf('|');
        return (key[..bar], key[(bar + 1)..]);
    }

    /// <summary>A value's address as terraform names it: <paramref name="kind"/> <c>local</c>, <c>var</c> or <c>output</c> in <paramref name="module"/> ("" for the root).</summary>
    public static string ValueAddress(string module, string kind, string name) =>
        module.Length == 0 ? $"{kind}.{name}" : $"{module}.{kind}.{name}";
}
