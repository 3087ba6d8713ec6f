using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Terraform.Graph;
using Tollgate.Terraform.Graph.Cycles;

namespace Tollgate.Terraform.GraphRules;

/// <summary>
/// <c>cycle</c>: every elementary cycle, as the path of addresses, with the edge most likely wrong. Terraform only
/// says "Cycle:" with internal node names; this lists each cycle of each strongly connected component (Johnson's
/// algorithm, capped: a capped component says how many cycles it lists and that more exist, and keeps its member
/// list) and names the edge to cut in each, preferring an explicit <c>depends_on</c>, then an edge that exists only
/// through a local, variable or whole-module reference. A loop among local values, module inputs and outputs that no
/// resource closes (<c>local.a → local.b → local.a</c>, or <c>local.w → var.v → local.w</c> through the validation of
/// <c>v</c>; <see cref="GraphModel.ValueCycles"/>) is a cycle too, at the first value's declaration: terraform refuses it
/// as it refuses the others.
/// </summary>
public sealed class CycleRule : IGraphRule
{
    public RuleInfo Info { get; } = new("cycle", Severity.Critical, "A dependency cycle") { Pillar = "Terraform graph and configuration" };

    public IEnumerable<Finding> Evaluate(GraphAnalysis analysis)
    {
        var graph = analysis.Graph;
        foreach (var listed in analysis.CyclesByComponent)
        {
            var suspects = listed.Cycles.Select(c => Suspect(analysis, c)).ToList();
            for (var i = 0; i < listed.Cycles.Count; i++)
            {
                var cycle = listed.Cycles[i];
                var names = cycle.Select(n => graph.Names[n]).ToList();
                var from = graph.Names[suspects[i].From];
                var to = graph.Names[suspects[i].To];
                var (why, fix) = Explain(analysis, from, to, graph.KindOf(suspects[i].From, suspects[i].To));
                var evidence = new Dictionary<string, object?>
                {
                    ["path"] = names,
                    ["suspectEdge"] = new[] { from, to },
                    ["members"] = analysis.Components.SizeOf(listed.Component),
                    ["cyclesListed"] = listed.Cycles.Count,
                    ["listing"] = listed.Listing switch
                    {
                        CycleListing.Complete => "complete",
                        CycleListing.MoreExist => "more exist",
                        _ => "stopped at the work budget",
                    },
                };
                if (i == 0 && (listed.Cycles.Count > 1 || listed.Listing != CycleListing.Complete))
                {
                    evidence["component"] = analysis.Components.MembersOf(listed.Component).ToArray().Select(n => graph.Names[n]).Order(StringComparer.Ordinal).ToList();
                    fix += Commonest(graph, listed, suspects);
                }

                yield return new Finding(Info.Id, Info.DefaultSeverity, names[0], $"dependency cycle: {string.Join(" → ", names)}; the edge {from} → {to} {why}{Position(analysis, listed, i)}")
                {
                    Module = graph.Modules[cycle[0]],
                    Suggestion = fix,
                    Related = names.Distinct().Skip(1).ToList(),
                    Evidence = evidence,
                };
            }
        }

        foreach (var cycle in analysis.Model.ValueCycles)
        {
            yield return ValueCycleFinding(analysis.Model, cycle);
        }
    }

    /// <summary>
    /// A loop among values: terraform validate says "Self-referencing local value" of a local that reads itself, and
    /// "Cycle: local.a (expand), local.b (expand)" of a longer loop (its members in an order of its own), naming a
    /// variable whose validation is on the loop <c>var.v (validation)</c>.
    /// </summary>
    private Finding ValueCycleFinding(GraphModel model, ValueCycle cycle)
    {
        var path = cycle.Path;
        var members = path.Take(path.Count - 1).ToList();
        var validated = cycle.Nodes.Where(n => n.EndsWith(ValueNames.Validation, StringComparison.Ordinal)).Select(n => n[..^ValueNames.Validation.Length]).Distinct().ToList();
        var through = validated.Count == 0 ? "" : $" ({string.Join(", ", validated)} through {(validated.Count == 1 ? "its validation" : "their validations")})";
        var (why, fix) = members.Count == 1
            ? ($"{members[0]} reads its own result, which terraform refuses (Self-referencing local value)",
                $"compute {members[0]} from other values: a local value cannot use its own result")
            : ($"each of these values needs the next one's result{through}, which terraform refuses (Cycle: {string.Join(", ", cycle.Nodes)})",
                validated.Count > 0
                    ? $"let the validation of {validated[0]} read only values that do not come from {validated[0]}: terraform evaluates it before anything that reads the variable"
                    : $"compute one of {string.Join(", ", members)} from values that do not come from the others (an input variable or a data source)");
        return new Finding(Info.Id, Info.DefaultSeverity, members[0], $"dependency cycle: {string.Join(" → ", path)}; {why}")
        {
            Module = ValueNames.ModuleOf(members[0]),
            Suggestion = fix,
            Related = members.Skip(1).ToList(),
            Evidence = new Dictionary<string, object?>
            {
                ["path"] = path.ToList(),
                ["members"] = members.Count,
                // Where each is declared, relative to the configuration (the finding's location is the first one's).
                ["declared"] = members.Select(m => model.Config.ValuePlaces.GetValueOrDefault(m) is { } at ? $"{m} at {at}" : m).ToList(),
            },
        };
    }

    private static (int From, int To) Suspect(GraphAnalysis analysis, IReadOnlyList<int> cycle) =>
        Enumerable.Range(0, cycle.Count - 1).Select(i => (From: cycle[i], To: cycle[i + 1])).MaxBy(e => Suspicion(analysis, e.From, e.To));

    /// <summary>Where this cycle stands in its component's listing, when it is not the component's only cycle.</summary>
    private static string Position(GraphAnalysis analysis, ComponentCycles listed, int index)
    {
        var members = analysis.Components.SizeOf(listed.Component);
        return listed.Listing switch
        {
            CycleListing.Complete when listed.Cycles.Count == 1 => "",
            CycleListing.Complete => $" (cycle {index + 1} of {listed.Cycles.Count} among the same {members} addresses)",
            CycleListing.MoreExist => $" (cycle {index + 1} of the first {listed.Cycles.Count} listed among {members} addresses; more exist)",
            _ => $" (cycle {index + 1} of {listed.Cycles.Count} listed among {members} addresses before the search reached its work budget; more may exist)",
        };
    }

    /// <summary>Among the suspect edges, the one on the most listed cycles, when it lies on more than one: the one cut that breaks the most.</summary>
    private static string Commonest(DependencyGraph graph, ComponentCycles listed, List<(int From, int To)> suspects)
    {
        var (edge, through) = suspects.Distinct()
            .Select(e => (Edge: e, Through: listed.Cycles.Count(c => Enumerable.Range(0, c.Count - 1).Any(i => c[i] == e.From && c[i + 1] == e.To))))
            .OrderByDescending(x => x.Through)
            .ThenBy(x => graph.Names[x.Edge.From], StringComparer.Ordinal)
            .ThenBy(x => graph.Names[x.Edge.To], StringComparer.Ordinal)
            .First();
        return through > 1
            ? $"\nthe edge {graph.Names[edge.From]} → {graph.Names[edge.To]} lies on {through} of the {listed.Cycles.Count} cycles listed here: cut it first"
            : "";
    }

    private static int Suspicion(GraphAnalysis analysis, int from, int to)
    {
        var kind = analysis.Graph.KindOf(from, to);
        if ((kind & (EdgeKind.DependsOn | EdgeKind.ModuleDependsOn)) != 0)
        {
            return 4;
        }

        var via = Via(analysis, analysis.Graph.Names[from], analysis.Graph.Names[to]);
        if (via is { Count: > 0 })
        {
            return 3;
        }

        return (kind & EdgeKind.Contains) != 0 ? 0 : 1;
    }

    private static IReadOnlyList<string>? Via(GraphAnalysis analysis, string from, string to) =>
        analysis.Model.References.GetValueOrDefault(from)?.Where(r => r.Target.Address == to).Select(r => r.Target.Via).FirstOrDefault(v => v.Count > 0);

    /// <summary>True when the block refers to itself directly (<c>terraform_data.a.id</c> inside it), not only through values.</summary>
    private static bool ReadsItself(GraphAnalysis analysis, string address) =>
        analysis.Model.References.GetValueOrDefault(address)?.Any(r => r.Target.Address == address && r.Target.Via.Count == 0) == true;

    private static (string Why, string Fix) Explain(GraphAnalysis analysis, string from, string to, EdgeKind kind)
    {
        if (from == to && (kind & EdgeKind.DependsOn) == 0 && !ReadsItself(analysis, from) && Via(analysis, from, to) is { } values)
        {
            // Through values terraform names the loop as a cycle (Cycle: local.a (expand), terraform_data.a), not as a self-reference.
            var model = analysis.Model;
            var names = ValueNames.Along(model.Resource(from)?.Module ?? model.ModuleCall(from)?.Parent ?? "", values);
            return ($"is the block reading its own result through {string.Join(" → ", values)} ({from} → {string.Join(" → ", names)} → {to}), which terraform refuses (Cycle: {string.Join(", ", names.SelectMany(n => ValueNames.Nodes(n, model.Config)))}, {from})",
                $"break the cycle at {values[0]}: split it so {from} reads only what it needs, not a value derived from its own attributes");
        }

        if (from == to)
        {
            // Terraform refuses it at plan: "Self-referential block: Configuration for … may not refer to itself."
            var itself = analysis.Model.References.GetValueOrDefault(from)?.FirstOrDefault(r => r.Target.Address == to).Written;
            var what = (kind & EdgeKind.DependsOn) != 0 ? "in its own depends_on" : itself is null ? "" : $"through {itself}";
            return ($"is the block referring to itself{(what.Length > 0 ? " " + what : "")}, which terraform refuses (Self-referential block)",
                (kind & EdgeKind.DependsOn) != 0 ? $"remove {to} from its own depends_on" : $"refer to the block's own attributes as self.ATTRIBUTE in its provisioners and connection, and nowhere else; elsewhere take the value from an input variable or a data source");
        }

        if ((kind & EdgeKind.DependsOn) != 0)
        {
            return ("is an explicit depends_on and the likely culprit", $"remove {to} from depends_on of {from}, or move the shared value into a third resource both can reference");
        }

        if ((kind & EdgeKind.ModuleDependsOn) != 0)
        {
            return ("comes from depends_on on the enclosing module call", $"drop depends_on on the module that contains {from} and pass the value it needs as an input variable instead");
        }

        if (Via(analysis, from, to) is { } via)
        {
            return ($"exists only through {string.Join(" → ", via)}", $"break the cycle at {via[0]}: split it so {from} reads only what it needs, not a value derived from {to}");
        }

        var written = analysis.Model.References.GetValueOrDefault(from)?.FirstOrDefault(r => r.Target.Address == to).Written;
        return written is null
            ? ("closes the loop", $"remove the dependency of {from} on {to}")
            : ($"comes from the reference {written}", $"replace {written} in {from} with a value that does not come from {to} (an input variable or a data source)");
    }
}
