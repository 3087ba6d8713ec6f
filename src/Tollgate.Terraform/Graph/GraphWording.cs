using Tollgate.Domain.Gates;
using Tollgate.Domain.Reports;

namespace Tollgate.Terraform.Graph;

/// <summary>
/// A graph's decision in words: cycles (terraform cannot apply them), findings over the limits, advice; then the
/// longest chain and the apply-time estimate.
/// </summary>
public sealed class GraphWording(GraphAnalysis analysis) : IVerdictWording
{
    public string Reason(Decision decision)
    {
        var reason = decision.Cause switch
        {
            DecisionCause.Failing when decision.Deciding.All(f => f.Rule == "cycle") =>
                $"{(MoreCycles() ? "at least " : "")}{Counted.Of(decision.Deciding.Count, "dependency cycle")}: terraform cannot order these {Ordered()}",
            DecisionCause.Failing => DefaultWording.Failing(decision),
            DecisionCause.ReviewMissing =>
                $"{Counted.Of(decision.Deciding.Count, "finding")} of high severity or over the policy's limits: {decision.Deciding[0].Message}",
            DecisionCause.Approved =>
                $"{Counted.Of(decision.Deciding.Count, "finding")} of high severity or over the policy's limits; {DefaultWording.Approved(decision)}",
            DecisionCause.Pending => decision.Pending ?? "",
            _ => decision.Total == 0 ? "no cycles, no hubs, nothing over the limits"
                : decision.Excepted > 0 ? $"no cycles and nothing over the limits that is not excepted; {Advice(decision)}"
                : $"no cycles and nothing over the limits; {Advice(decision)}",
        };
        var graph = analysis.Graph;
        if (graph.NodeCount == 0)
        {
            return reason;
        }

        var path = analysis.CriticalPath;
        var chain = path.Path.Count(n => graph.Kinds[n] != NodeKind.Module);
        return reason + $"; longest chain {Counted.Of(chain, "resource")}, about {Counted.Of(path.Steps, "apply step")} at parallelism {path.Parallelism}";
    }

    /// <summary>True when a component's cycle listing is capped or stopped: the count of cycle findings is a lower bound.</summary>
    private bool MoreCycles() => analysis.CyclesByComponent.Any(c => c.Listing != Cycles.CycleListing.Complete);

    /// <summary>What the cycles hold: resources, values (locals, module inputs and outputs) that loop among themselves, or both.</summary>
    private string Ordered() =>
        analysis.Model.ValueCycles.Count == 0 ? "resources" : analysis.CyclesByComponent.Count == 0 ? "values" : "resources and values";

    private static string Advice(Decision decision) =>
        $"{Counted.Of(decision.Deciding.Count, "finding")} of advice" + (decision.Excepted > 0 ? $", {decision.Excepted} excepted by policy" : "");
}
