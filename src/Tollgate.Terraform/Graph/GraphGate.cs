using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Terraform.GraphRules;

namespace Tollgate.Terraform.Graph;

/// <summary>
/// Runs the graph rules and decides: a cycle fails (terraform cannot apply it); a finding of high severity or
/// worse (a blast radius or change size over the policy's limits) needs a review; an empty graph holds, since
/// there is nothing to judge; otherwise the graph passes with its findings as advice. Findings come to
/// <see cref="Judge"/> with the policy applied (severities overridden, disabled rules gone); one an exception covers
/// stays in the report but gates nothing.
/// </summary>
public sealed class GraphGate
{
    public IReadOnlyList<IGraphRule> Rules { get; init; } = GraphRuleSet.All;

    public IReadOnlyList<Finding> Evaluate(GraphAnalysis analysis)
    {
        // The rules share the components; blast radius, critical path and hubs are independent sweeps over them,
        // so they run side by side before the rules read them.
        _ = analysis.Components;
        Parallel.Invoke(
            () => _ = analysis.Changes.IsEmpty ? null : analysis.Blast,
            () => _ = analysis.CriticalPath,
            () => _ = analysis.HubReach);
        return Rules.SelectMany(r => r.Evaluate(analysis)).ToList();
    }

    public Report Judge(string subject, GraphSubject loaded, GraphAnalysis analysis, IReadOnlyList<Finding> findings)
    {
        var graph = analysis.Graph;
        var active = findings.Where(f => f.Suppression is null).ToList();
        var excepted = findings.Count - active.Count;
        var cycles = active.Count(f => f.Rule == "cycle");
        var gating = active.Where(f => f.Rule != "cycle" && f.Severity >= Severity.High).ToList();
        var (verdict, reason) = graph.NodeCount == 0
            ? (Verdict.Hold, "the graph has no resources: nothing to judge")
            : cycles > 0
                ? (Verdict.Fail, $"{(MoreCycles(analysis) ? "at least " : "")}{cycles} dependency cycle{(cycles == 1 ? "" : "s")}: terraform cannot order these resources")
                : gating.Count > 0
                    ? (Verdict.Review, $"{gating.Count} finding{(gating.Count == 1 ? "" : "s")} of high severity or over the policy's limits: {gating[0].Message}")
                    : (Verdict.Pass, findings.Count == 0 ? "no cycles, no hubs, nothing over the limits" : excepted > 0
                        ? $"no cycles and nothing over the limits that is not excepted; {Advice(active.Count, excepted)}"
                        : $"no cycles and nothing over the limits; {Advice(active.Count, excepted)}");
        var path = analysis.CriticalPath;
        var chain = path.Path.Count(n => graph.Kinds[n] != NodeKind.Module);
        if (graph.NodeCount > 0)
        {
            reason += $"; longest chain {chain} resource{(chain == 1 ? "" : "s")}, about {path.Steps} apply step{(path.Steps == 1 ? "" : "s")} at parallelism {path.Parallelism}";
        }

        var summary = new List<KeyValuePair<string, long>>
        {
            new("nodes", graph.NodeCount),
            new("edges", graph.EdgeCount),
            new("resources", graph.Kinds.Count(k => k == NodeKind.Resource)),
            new("dataSources", graph.Kinds.Count(k => k == NodeKind.Data)),
            new("modules", graph.Kinds.Count(k => k == NodeKind.Module)),
            new("cycles", analysis.Cycles.Count),
            new("hubs", analysis.Hubs.Count),
            new("criticalPath", chain),
            new("applySteps", path.Steps),
        };
        if (!analysis.Changes.IsEmpty)
        {
            summary.Add(new("changed", analysis.ChangedNodes.Count));
            summary.Add(new("touched", analysis.Blast.Touched));
        }

        var facts = new List<KeyValuePair<string, string>>
        {
            new("sources", string.Join(", ", analysis.Model.Sources)),
            new("criticalPath", string.Join(" → ", path.Path.Select(n => graph.Names[n]))),
            new("applyTime", $"{path.Steps} steps of one resource operation at parallelism {path.Parallelism} for {path.Operations} operations; the longest chain alone is {chain} steps"),
        };
        facts.AddRange(loaded.Facts);
        var ordered = findings
            .OrderByDescending(f => f.Severity)
            .ThenBy(f => f.Rule, StringComparer.Ordinal)
            .ThenBy(f => f.Address, StringComparer.Ordinal)
            .ToList();
        return new Report("terraform-graph", subject, loaded.Digest, verdict, summary, ordered) { Reason = reason, Facts = facts };
    }

    /// <summary>True when a component's cycle listing is capped or stopped: the count of cycle findings is a lower bound.</summary>
    private static bool MoreCycles(GraphAnalysis analysis) =>
        analysis.CyclesByComponent.Any(c => c.Listing != Cycles.CycleListing.Complete);

    private static string Advice(int active, int excepted) =>
        $"{active} finding{(active == 1 ? "" : "s")} of advice" + (excepted > 0 ? $", {excepted} excepted by policy" : "");
}
