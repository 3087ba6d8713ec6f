using Tollgate.Domain.Findings;
using Tollgate.Terraform.Graph;

namespace Tollgate.Terraform.GraphRules;

/// <summary>
/// <c>cycle</c>: every strongly connected component, as the path of addresses, with the edge most likely wrong.
/// Terraform only says "Cycle:" with internal node names; this names the edge to cut, preferring an explicit
/// <c>depends_on</c>, then an edge that exists only through a local, variable or whole-module reference.
/// </summary>
public sealed class CycleRule : IGraphRule
{
    public string Id => "cycle";

    public Severity DefaultSeverity => Severity.Critical;

    public IEnumerable<Finding> Evaluate(GraphAnalysis analysis)
    {
        var graph = analysis.Graph;
        foreach (var cycle in analysis.Cycles)
        {
            var names = cycle.Select(n => graph.Names[n]).ToList();
            var edges = Enumerable.Range(0, cycle.Count - 1).Select(i => (From: cycle[i], To: cycle[i + 1])).ToList();
            var suspect = edges.MaxBy(e => Suspicion(analysis, e.From, e.To));
            var from = graph.Names[suspect.From];
            var to = graph.Names[suspect.To];
            var (why, fix) = Explain(analysis, from, to, graph.KindOf(suspect.From, suspect.To));
            yield return new Finding(Id, DefaultSeverity, names[0], $"dependency cycle: {string.Join(" → ", names)}; the edge {from} → {to} {why}")
            {
                Module = graph.Modules[cycle[0]],
                Suggestion = fix,
                Related = names.Distinct().Skip(1).ToList(),
                Evidence = new Dictionary<string, object?>
                {
                    ["path"] = names,
                    ["suspectEdge"] = new[] { from, to },
                    ["members"] = analysis.Components.SizeOf(analysis.Components.ComponentOf[cycle[0]]),
                },
            };
        }
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

    private static (string Why, string Fix) Explain(GraphAnalysis analysis, string from, string to, EdgeKind kind)
    {
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
