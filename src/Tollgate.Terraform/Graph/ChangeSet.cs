using System.Text.RegularExpressions;
using Tollgate.Domain;
using Tollgate.Terraform.Addresses;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Graph;

/// <summary>
/// The configuration addresses a change touches, and which of them it destroys (delete or replace): from a plan's
/// <c>resource_changes</c> or from a list given with <c>--changed</c>, where a module stands for every resource in it.
/// </summary>
public sealed partial record ChangeSet(IReadOnlyList<string> Changed, IReadOnlySet<string> Destroyed)
{
    public static ChangeSet None { get; } = new([], new HashSet<string>());

    /// <summary>The modules <c>--changed</c> named that <see cref="Within"/> replaced by their resources, in the order named.</summary>
    public IReadOnlyList<ChangedModule> Modules { get; init; } = [];

    public bool IsEmpty => Changed.Count == 0;

    /// <summary>What the blocks stand for in objects, from a plan; null for a change named by <c>--changed</c>.</summary>
    public PlanObjects? Objects { get; init; }

    public static ChangeSet FromPlan(TerraformPlan plan)
    {
        var changed = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var destroyed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in plan.Changes.Where(c => c.IsManaged && !c.Actions.IsNoOp))
        {
            var address = change.ConfigAddress;
            if (seen.Add(address))
            {
                changed.Add(address);
            }

            if (change.Actions.Deletes)
            {
                destroyed.Add(address);
            }
        }

        return new ChangeSet(changed, destroyed) { Objects = PlanObjects.Of(plan) };
    }

    /// <summary>
    /// Addresses one per line, as configuration addresses: instance keys dropped (<c>aws_x.y["k"]</c> is the node
    /// <c>aws_x.y</c>, <c>module.svc[0]</c> the module <c>module.svc</c>); blank lines and <c>#</c> comments ignored.
    /// A line that is not a resource, data source or module address (<c>module.svc[0</c>, <c>"aws_x.y"</c>,
    /// <c>module.</c>) is refused at its line, <paramref name="source"/> naming the list: read leniently, it would
    /// name a module or nothing by accident.
    /// </summary>
    public static ChangeSet FromLines(IEnumerable<string> lines, string source = "--changed")
    {
        var changed = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (!AddressLine().IsMatch(line))
            {
                throw new InvalidInputException(
                    $"{source}:{number}: not a resource or module address: {(line.Length > 100 ? line[..100] + "…" : line)} (expected aws_x.y, data.aws_x.y or module.name, keys as [0] or [\"k\"])");
            }

            if (ConfigAddress(line) is var address && seen.Add(address))
            {
                changed.Add(address);
            }
        }

        return new ChangeSet(changed, new HashSet<string>());
    }

    /// <summary>
    /// A Terraform address: module steps, then a resource, a data source or nothing more; each name an identifier,
    /// each instance key a number or a quoted string (escapes allowed).
    /// </summary>
    [GeneratedRegex("""^(?:module\.[\p{L}_][\p{L}\p{N}_-]*(?:\[(?:[0-9]+|"(?:[^"\\]|\\.)*")\])?\.)*(?:module\.[\p{L}_][\p{L}\p{N}_-]*(?:\[(?:[0-9]+|"(?:[^"\\]|\\.)*")\])?|(?:data\.)?[\p{L}_][\p{L}\p{N}_-]*\.[\p{L}_][\p{L}\p{N}_-]*(?:\[(?:[0-9]+|"(?:[^"\\]|\\.)*")\])?)$""")]
    private static partial Regex AddressLine();

    /// <summary>
    /// This change in <paramref name="graph"/>'s terms: each module address that names a module holding resources is
    /// replaced by those resources (nested modules included, each resource once) and listed in <see cref="Modules"/>;
    /// a module that holds none stays as named, an address the graph does not hold.
    /// </summary>
    public ChangeSet Within(DependencyGraph graph)
    {
        if (!Changed.Any(ResourceAddress.IsModule))
        {
            return this;
        }

        var members = ModuleMembers(graph);
        var changed = new List<string>(Changed.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var modules = new List<ChangedModule>();
        foreach (var address in Changed)
        {
            if (ResourceAddress.IsModule(address) && ResourceAddress.Parse(address).ModuleConfig is var module && members.TryGetValue(module, out var resources))
            {
                modules.Add(new ChangedModule(module, resources.Count));
                changed.AddRange(resources.Where(seen.Add));
            }
            else if (seen.Add(address))
            {
                changed.Add(address);
            }
        }

        return this with { Changed = changed, Modules = modules };
    }

    private static string ConfigAddress(string line)
    {
        var address = ResourceAddress.Parse(line);
        return address.ResourceConfig.Length == 0 ? address.ModuleConfig : address.Config;
    }

    /// <summary>
    /// The module paths a configuration address lies in, outermost first: <c>module.a</c> and <c>module.a.module.b</c>
    /// for <c>module.a.module.b.aws_x.y</c>, none for a root module's address.
    /// </summary>
    public static IEnumerable<string> ModulesOf(string address)
    {
        // Configuration addresses: module names are identifiers, so every dot separates a step.
        for (var end = 0; address.AsSpan(end).StartsWith("module.") && address.IndexOf('.', end + 7) is var dot and > 0; end = dot + 1)
        {
            yield return address[..dot];
        }
    }

    /// <summary>Every module path that holds resources, with its resources (its nested modules' too), sorted.</summary>
    private static Dictionary<string, List<string>> ModuleMembers(DependencyGraph graph)
    {
        var members = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var node = 0; node < graph.NodeCount; node++)
        {
            if (graph.Kinds[node] != NodeKind.Resource)
            {
                continue;
            }

            var name = graph.Names[node];
            foreach (var module in ModulesOf(name))
            {
                if (!members.TryGetValue(module, out var list))
                {
                    members[module] = list = [];
                }

                list.Add(name);
            }
        }

        foreach (var list in members.Values)
        {
            list.Sort(StringComparer.Ordinal);
        }

        return members;
    }
}
