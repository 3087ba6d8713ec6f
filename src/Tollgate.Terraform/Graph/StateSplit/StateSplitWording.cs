using Tollgate.Domain.Gates;

namespace Tollgate.Terraform.Graph.StateSplit;

/// <summary>The split advice in words: one owner needs nothing; several owners in one state ask for a review.</summary>
public sealed class StateSplitWording(StateSplitAdvice advice) : IVerdictWording
{
    public string Reason(Decision decision)
    {
        var crossing = advice.Boundaries.Sum(b => b.References.Count);
        var shared = $"{advice.States.Count} owners share one state ({string.Join(", ", advice.States.Select(s => s.Owner))})";
        var split = $"{shared}; splitting moves {crossing} reference{(crossing == 1 ? "" : "s")} to remote state lookups";
        return decision.Cause switch
        {
            DecisionCause.Failing => DefaultWording.Failing(decision),
            DecisionCause.ReviewMissing => split,
            DecisionCause.Approved => $"{split}; {DefaultWording.Approved(decision)}",
            DecisionCause.Pending => decision.Pending ?? "",
            _ => !advice.SplitAdvised
                ? $"one owner ({(advice.States.Count > 0 ? advice.States[0].Owner : "none")}): no split needed"
                : $"{shared}; the policy excepts or disables the split advice",
        };
    }
}
