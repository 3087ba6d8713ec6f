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
        var builder = new GraphBuilder();
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in Config.Resources)
        {
            builder.Node(resource.Address, resource.Kind, resource.Module);
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

        var resolver = new ReferenceResolver(Config, declared);
        var references = new Dictionary<string, IReadOnlyList<(string, ResolvedReference)>>(StringComparer.Ordinal);
        var dependsOn = new Dictionary<string, IReadOnlyList<(string, ResolvedReference)>>(StringComparer.Ordinal);
        foreach (var resource in Config.Resources)
        {
            var from = builder.Find(resource.Address);
            references[resource.Address] = Link(builder, resolver, from, resource.Module, resource.References, EdgeKind.Reference, resource.Address);
            dependsOn[resource.Address] = Link(builder, resolver, from, resource.Module, resource.DependsOn, EdgeKind.DependsOn, resource.Address);
        }

        foreach (var call in Config.ModuleCalls)
        {
            var from = builder.Find(call.Path);
            Link(builder, resolver, from, call.Parent, call.Inputs.Values.SelectMany(v => v).ToList(), EdgeKind.Reference, call.Path);
            var targets = Link(builder, resolver, from, call.Parent, call.DependsOn, EdgeKind.DependsOn, call.Path);
            dependsOn[call.Path] = targets;
            if (call.Parent.Length > 0 && builder.Find(call.Parent) is >= 0 and var parent)
            {
                builder.Edge(parent, from, EdgeKind.Contains);
            }

            foreach (var inside in Config.Resources.Where(r => r.Module == call.Path || r.Module.StartsWith(call.Path + ".", StringComparison.Ordinal)))
            {
                var member = builder.Find(inside.Address);
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
        };
    }

    private static List<(string, ResolvedReference)> Link(GraphBuilder builder, ReferenceResolver resolver, int from, string module, IReadOnlyList<string> written, EdgeKind kind, string self)
    {
        if (written.Count == 0)
        {
            return [];
        }

        var result = new List<(string, ResolvedReference)>();
        var seen = new HashSet<(string, string)>();
        foreach (var reference in written)
        {
            foreach (var target in resolver.Resolve(module, reference))
            {
                if (target.Address == self || !seen.Add((reference, target.Address)))
                {
                    continue;
                }

                result.Add((reference, target));
                builder.Edge(from, builder.Find(target.Address), kind);
            }
        }

        return result;
    }

    private void AddPriorState(GraphBuilder builder, HashSet<string> declared)
    {
        var hasConfig = declared.Count > 0;
        foreach (var (instance, dependencies) in PriorDependsOn)
        {
            var from = ResourceAddress.ConfigOf(instance);
            if (hasConfig && !declared.Contains(from))
            {
                continue;
            }

            var fromNode = builder.Node(from);
            foreach (var dependency in dependencies)
            {
                var to = ResourceAddress.ConfigOf(dependency);
                if ((!hasConfig || declared.Contains(to)) && to != from)
                {
                    builder.Edge(fromNode, builder.Node(to), EdgeKind.PriorState);
                }
            }
        }
    }
}
