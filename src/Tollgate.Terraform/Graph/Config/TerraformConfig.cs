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

    /// <summary>The directory the configuration was read from, when it was read from HCL.</summary>
    public string? Root { get; init; }

    public static string Key(string module, string name) => module + "|" + name;
}
