using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;

namespace Tollgate.Domain.Gates;

/// <summary>
/// The words of a decision that any kind can use, with the kind's own phrase for what asked for a review
/// (<paramref name="reviewed"/>, e.g. "destroyed, replaced or forgotten") and for a change with no findings at all.
/// </summary>
public sealed class DefaultWording(string reviewed = "to review", string nothing = "nothing to review") : IVerdictWording
{
    public string Reason(Decision decision) => decision.Cause switch
    {
        DecisionCause.Failing => Failing(decision),
        DecisionCause.ReviewMissing => ReviewMissing(decision),
        DecisionCause.Approved => $"{Counted.Of(decision.Reviews.Count, "resource")} {reviewed}; {Approved(decision)}",
        DecisionCause.Pending => decision.Pending ?? "not decided yet",
        _ => decision.Total == 0 ? nothing
            : decision.Excepted > 0 ? $"no finding needs a review ({decision.Excepted} excepted by policy)"
            : "no finding needs a review",
    };

    /// <summary>
    /// "N findings at or above high: rule on address; …", naming the first three rule and address pairs, each once
    /// (two containers of one workload without probes: "k8s/readiness-probe on Deployment/shop/checkout (2)").
    /// </summary>
    public static string Failing(Decision decision)
    {
        var failing = decision.Deciding;
        var pairs = failing.CountBy(f => (f.Rule, f.Address)).ToList();
        var shown = string.Join("; ", pairs.Take(3).Select(p => $"{p.Key.Rule} on {p.Key.Address}{(p.Value > 1 ? $" ({p.Value})" : "")}"));
        return $"{Counted.Of(failing.Count, "finding")} at or above {decision.FailOn.WireName()}: {shown}{(pairs.Count > 3 ? "; …" : "")}";
    }

    /// <summary>
    /// "approved by alice, bob"; when no approval was needed (the policy's <c>requireApprovals: 0</c> for every one of
    /// them), says so rather than name nobody.
    /// </summary>
    public static string Approved(Decision decision)
    {
        var approvers = decision.Reviews.SelectMany(n => n.CountedApprovers).Distinct(Policies.ApprovalTally.People).ToList();
        return approvers.Count > 0
            ? $"approved by {string.Join(", ", approvers)}"
            : "no approval needed: the policy sets requireApprovals: 0 for them";
    }

    private string ReviewMissing(Decision decision)
    {
        var unmet = decision.Reviews.Where(n => n.Missing > 0).ToList();
        var missing = unmet.Max(n => n.Missing);
        var restricted = unmet.Where(n => n.Allowed is not null).ToList();
        var named = restricted.Take(3).Select(n => $"{n.Address} by {string.Join(" or ", n.Allowed!)}");
        var more = restricted.Count > 3 ? $"; and {restricted.Count - 3} more" : "";
        var from = restricted.Count == 0 ? "" : $" (allowed approvers: {string.Join("; ", named)}{more})";
        return $"{Counted.Of(decision.Reviews.Count, "resource")} {reviewed}: needs {Counted.Of(missing, "more approval", "more approvals")} of digest {decision.Digest}{from}";
    }
}
