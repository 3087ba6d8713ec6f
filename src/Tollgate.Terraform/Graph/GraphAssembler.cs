using Tollgate.Terraform.Addresses;
using Tollgate.Terraform.Graph.Config;
using Tollgate.Terraform.Graph.Dot;

namespace Tollgate.Terraform.Graph;

/// <summary>
/// Builds one <see cref="GraphModel"/> from whatever is at hand: a configuration (HCL or plan JSON), the prior
/// state's <c>depends_on</c>, a <c>terraform graph</c> DOT, and identities of existing objects.
/// </summary>
public sealed class GraphAssembler
{
    public TerraformConfig Config { get; init; } = TerraformConfig.Empty;

    public IReadOnlyDictionary<string, IReadOnlyList<string>> PriorDependsOn { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public DotGraph? Dot { get; init; }

    public StateFacts Identities { get; init; } = StateFacts.None;

    public IReadOnlyList<string> Sources { get; init; } = [];

    public GraphModel Build()
    {
        var builder = new GraphBuilder(Config.Resources.Count + Config.ModuleCalls.Count + (Dot?.Nodes.Count ?? 0));
        var declared = new HashSet<string>(Config.Resources.Count + Config.ModuleCalls.Count, StringComparer.Ordinal);
        var resourceNodes = new int[Config.Resources.Count];
        for (var i = 0; i < resourceNodes.Length; i++)
        {
            var resource = Config.Resources[i];
            resourceNodes[i] = builder.Node(resource.Address, resource.Kind, resource.Module);
            declared.Add(resource.Address);
        }

        foreach (var call in Config.ModuleCalls)
        {
            builder.Node(call.Path, NodeKind.Module, call.Parent);
            declared.Add(call.Path);
        }

        // The DOT's nodes by position: its edges then cost no name lookups. They count as declared only when a
        // configuration or prior state is there to consult the set.
        var dotNodes = new int[Dot?.Nodes.Count ?? 0];
        var consulted = Config.Resources.Count > 0 || Config.ModuleCalls.Count > 0 || PriorDependsOn.Count > 0;
        for (var i = 0; i < dotNodes.Length; i++)
        {
            var node = Dot!.Nodes[i];
            dotNodes[i] = builder.Node(node);
            if (consulted)
            {
                declared.Add(node);
            }
        }

        // Every declared address is a node by now: the resolver hands each target over with its node id.
        var resolver = new ReferenceResolver(Config, declared, builder.Find);
        var references = new Dictionary<string, IReadOnlyList<(string, ResolvedReference)>>(resourceNodes.Length, StringComparer.Ordinal);
        var dependsOn = new Dictionary<string, IReadOnlyList<(string, ResolvedReference)>>(StringComparer.Ordinal);
        var scratch = new List<(string, ResolvedReference)>();
        for (var i = 0; i < resourceNodes.Length; i++)
        {
            var resource = Config.Resources[i];
            var address = resource.Address;
            references[address] = Link(builder, resolver, resourceNodes[i], resource.Module, resource.References, EdgeKind.Reference, scratch);
            if (resource.DependsOn.Count > 0)
            {
                dependsOn[address] = Link(builder, resolver, resourceNodes[i], resource.Module, resource.DependsOn, EdgeKind.DependsOn, scratch);
            }
            else if (dependsOn.Count > 0)
            {
                dependsOn.Remove(address); // a later block of the same address replaces the entry, as before
            }
        }

        // Resources by the module that declares them: a module call finds its members without scanning every resource.
        var byModule = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < resourceNodes.Length; i++)
        {
            var module = Config.Resources[i].Module;
            if (!byModule.TryGetValue(module, out var members))
            {
                byModule[module] = members = [];
            }

            members.Add(i);
        }

        foreach (var call in Config.ModuleCalls)
        {
            var from = builder.Find(call.Path);
            Link(builder, resolver, from, call.Parent, call.Inputs.Values.SelectMany(v => v).ToList(), EdgeKind.Reference, scratch);
            var targets = Link(builder, resolver, from, call.Parent, call.DependsOn, EdgeKind.DependsOn, scratch);
            dependsOn[call.Path] = targets;
            if (call.Parent.Length > 0 && builder.Find(call.Parent) is >= 0 and var parent)
            {
                builder.Edge(parent, from, EdgeKind.Contains);
            }

            foreach (var index in Members(byModule, call.Path, wholeSubtree: targets.Count > 0))
            {
                var inside = Config.Resources[index];
                var member = resourceNodes[index];
                if (inside.Module == call.Path)
                {
                    builder.Edge(from, member, EdgeKind.Contains);
                }

                foreach (var (_, target) in targets)
                {
                    builder.Edge(member, builder.Find(target.Address), EdgeKind.ModuleDependsOn);
                }
            }
        }

        ResolveValues(resolver);
        AddPriorState(builder, declared);
        foreach (var (from, to) in Dot?.EdgeIds ?? [])
        {
            builder.Edge(dotNodes[from], dotNodes[to], EdgeKind.Dot);
        }

        return new GraphModel
        {
            Graph = builder.Build(),
            Config = Config,
            References = references,
            DependsOn = dependsOn,
            Dot = Dot,
            Identities = Identities,
            Sources = Sources,
            ValueCycles = resolver.Cycles,
        };
    }

    /// <summary>
    /// Resolves every local value, module input and variable with validations (once each, the resolver remembers): a
    /// loop among values that no resource reads is found too, as terraform validates every value, read or not.
    /// </summary>
    private void ResolveValues(ReferenceResolver resolver)
    {
        foreach (var (module, name) in Config.Locals.Keys.Select(TerraformConfig.Unkey))
        {
            resolver.Resolve(module, "local." + name);
        }

        foreach (var call in Config.ModuleCalls)
        {
            foreach (var input in call.Inputs.Keys)
            {
                resolver.Resolve(call.Path, "var." + input);
            }
        }

        foreach (var (module, name) in Config.Validations.Keys.Select(TerraformConfig.Unkey))
        {
            resolver.Resolve(module, "var." + name);
        }
    }

    /// <summary>
    /// The resources a module call holds, in declaration order: those of its own module, and with
    /// <paramref name="wholeSubtree"/> those of every module nested in it too.
    /// </summary>
    private static IEnumerable<int> Members(Dictionary<string, List<int>> byModule, string path, bool wholeSubtree)
    {
        if (!wholeSubtree)
        {
            return byModule.GetValueOrDefault(path) ?? [];
        }

        var nested = path + ".";
        var all = new List<int>();
        foreach (var (module, members) in byModule)
        {
            if (module == path || module.StartsWith(nested, StringComparison.Ordinal))
            {
                all.AddRange(members);
            }
        }

        all.Sort();
        return all;
    }

    /// <summary>Adds the edges of <paramref name="written"/>; the (reference, target) pairs as an array of their own, gathered in <paramref name="result"/>.</summary>
    private static IReadOnlyList<(string, ResolvedReference)> Link(GraphBuilder builder, ReferenceResolver resolver, int from, string module, IReadOnlyList<string> written, EdgeKind kind, List<(string, ResolvedReference)> result)
    {
        if (written.Count == 0)
        {
            return Array.Empty<(string, ResolvedReference)>();
        }

        result.Clear();
        HashSet<(string, string)>? seen = null;
        for (var w = 0; w < written.Count; w++)
        {
            var reference = written[w];
            var targets = resolver.Resolve(module, reference);
            for (var t = 0; t < targets.Count; t++)
            {
                var target = targets[t];
                // A reference to the block itself is kept: terraform refuses it ("Self-referential block"), and as a
                // self-loop it is a cycle of one, where dropping it passed a configuration terraform cannot plan.
                if (!FirstTime(result, ref seen, reference, target.Address))
                {
                    continue;
                }

                result.Add((reference, target));
                builder.Edge(from, target.Node >= 0 ? target.Node : builder.Find(target.Address), kind);
            }
        }

        return result.ToArray();
    }

    /// <summary>True when (<paramref name="written"/>, <paramref name="address"/>) is not in <paramref name="result"/> yet: a scan while the list is short, a set once it is long.</summary>
    private static bool FirstTime(List<(string Written, ResolvedReference Target)> result, ref HashSet<(string, string)>? seen, string written, string address)
    {
        if (seen is null && result.Count < 16)
        {
            foreach (var (w, t) in result)
            {
                if (w == written && t.Address == address)
                {
                    return false;
                }
            }

            return true;
        }

        seen ??= result.Select(r => (r.Written, r.Target.Address)).ToHashSet();
        return seen.Add((written, address));
    }

    /// <summary>
    /// Adds the direct edges of the recorded dependency lists (<see cref="PriorStateEdges"/>) where the configuration
    /// gives none: with no configuration at all every recorded resource; with the plan JSON's configuration, every
    /// edge of a resource whose references it cannot follow (one reading a local value: the JSON has no locals), and of
    /// the others each edge the configuration does not already give, directly or through other nodes, since the JSON
    /// leaves out the <c>lifecycle</c> block (a <c>replace_triggered_by</c> or a condition's references are recorded in
    /// the state only). An edge that would close a loop with the configuration's is left out: the configuration says
    /// what the resources read now. A configuration read whole (HCL) takes its edges from itself alone: a recorded list
    /// is the last apply's, and only its ancestors.
    /// </summary>
    private void AddPriorState(GraphBuilder builder, HashSet<string> declared)
    {
        if (PriorDependsOn.Count == 0 || Config.HasLocals)
        {
            return;
        }

        var hasConfig = declared.Count > 0;
        var readsLocals = hasConfig
            ? Config.Resources.Where(r => r.References.Any(x => x.StartsWith("local.", StringComparison.Ordinal))).Select(r => r.Address).ToHashSet(StringComparer.Ordinal)
            : [];
        var configured = hasConfig ? new ConfigReach(builder.Adjacency()) : null;
        foreach (var (from, dependencies) in PriorStateEdges.Direct(PriorDependsOn))
        {
            if (hasConfig && !declared.Contains(from))
            {
                continue;
            }

            var fromNode = builder.Node(from);
            var whole = configured is null || readsLocals.Contains(from);
            foreach (var to in dependencies)
            {
                if (configured is null)
                {
                    builder.Edge(fromNode, builder.Node(to), EdgeKind.PriorState);
                }
                else if (declared.Contains(to))
                {
                    var toNode = builder.Find(to);
                    if (whole || (!configured.Reaches(fromNode, toNode) && !configured.Reaches(toNode, fromNode)))
                    {
                        builder.Edge(fromNode, toNode, EdgeKind.PriorState);
                    }
                }
            }
        }
    }
}
