using Tollgate.Terraform.Graph.Config;
using Tollgate.Terraform.Graph.Dot;

namespace Tollgate.Terraform.Graph;

/// <summary>
/// The dependency graph with what it was built from: the configuration, each resource's resolved references and
/// <c>depends_on</c> (with the values they went through), the edges <c>terraform graph</c> drew as a cycle, and
/// which inputs were used. The graph rules read this.
/// </summary>
public sealed class GraphModel
{
    public required DependencyGraph Graph { get; init; }

    public TerraformConfig Config { get; init; } = TerraformConfig.Empty;

    /// <summary>Per resource address: its references (as written) and where each resolves to.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<(string Written, ResolvedReference Target)>> References { get; init; } =
        new Dictionary<string, IReadOnlyList<(string, ResolvedReference)>>();

    /// <summary>Per resource or module call address: its <c>depends_on</c> entries and where each resolves to.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<(string Written, ResolvedReference Target)>> DependsOn { get; init; } =
        new Dictionary<string, IReadOnlyList<(string, ResolvedReference)>>();

    public DotGraph? Dot { get; init; }

    /// <summary>
    /// Loops among local values, variables (through their validations), module inputs and outputs that no resource
    /// closes, each as the closed path of their addresses (<c>[local.a, local.b, local.a]</c>) and terraform's nodes
    /// (<see cref="ReferenceResolver.Cycles"/>): no edge of the graph, yet terraform refuses them.
    /// </summary>
    public IReadOnlyList<ValueCycle> ValueCycles { get; init; } = [];

    /// <summary>Known identities (id, name, arn…) of existing objects, for implicit-dependency detection.</summary>
    public StateFacts Identities { get; init; } = StateFacts.None;

    /// <summary>The inputs the graph was built from, e.g. "configuration (HCL)", "terraform graph (simplified)".</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    public ConfigResource? Resource(string address) => _resources.Value.GetValueOrDefault(address);

    public ConfigModuleCall? ModuleCall(string path) => _calls.Value.GetValueOrDefault(path);

    private readonly Lazy<Dictionary<string, ConfigResource>> _resources;
    private readonly Lazy<Dictionary<string, ConfigModuleCall>> _calls;

    public GraphModel()
    {
        _resources = new(() => FirstOfEach(Config.Resources, r => r.Address));
        _calls = new(() => FirstOfEach(Config.ModuleCalls, c => c.Path));
    }

    /// <summary>The first item of each key, without a group per key (100,000 of them on a large configuration).</summary>
    private static Dictionary<string, T> FirstOfEach<T>(IReadOnlyList<T> items, Func<T, string> key)
    {
        var result = new Dictionary<string, T>(items.Count, StringComparer.Ordinal);
        foreach (var item in items)
        {
            result.TryAdd(key(item), item);
        }

        return result;
    }
}
