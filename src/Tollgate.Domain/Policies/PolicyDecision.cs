using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Domain.Policies;

/// <summary>
/// Decides, in this order: <c>fail</c> when any finding that is neither excepted nor a review finding is at or
/// above <c>failOn</c>; <c>review</c> when a review finding (<c>reviewOn</c>) lacks enough allowed approvals of this
/// digest; otherwise <c>pass</c>. Approvals never clear a failure; only an exception does.
/// </summary>
public static class PolicyDecision
{
    public static GateDecision Decide(Policy policy, IReadOnlyList<Finding> findings, IReadOnlyList<Approval> approvals, string subject, string digest)
    {
        var active = findings.Where(f => f.Suppression is null).ToList();
        var failing = active.Where(f => !policy.NeedsReview(f.Rule) && f.Severity >= policy.FailOn).ToList();
        if (failing.Count > 0)
        {
            var shown = string.Join("; ", failing.Take(3).Select(f => $"{f.Rule} on {f.Address}"));
            return new GateDecision(
                Verdict.Fail,
                $"{failing.Count} finding{Plural(failing.Count)} at or above {policy.FailOn.WireName()}: {shown}{(failing.Count > 3 ? "; …" : "")}");
        }

        var needs = ApprovalTally.Count(policy, active.Where(f => policy.NeedsReview(f.Rule)), approvals, subject);
        if (needs.Count == 0)
        {
            var excepted = findings.Count - active.Count;
            var reason = findings.Count == 0 ? "nothing is destroyed, replaced or forgotten"
                : excepted > 0 ? $"no finding needs a review ({excepted} excepted by policy)"
                : "no finding needs a review";
            return new GateDecision(Verdict.Pass, reason);
        }

        var unmet = needs.Where(n => n.Missing > 0).ToList();
        if (unmet.Count == 0)
        {
            var names = needs.SelectMany(n => n.CountedApprovers).Distinct(StringComparer.Ordinal);
            return new GateDecision(Verdict.Pass, $"{needs.Count} resource{Plural(needs.Count)} destroyed, replaced or forgotten; approved by {string.Join(", ", names)}")
            {
                Reviews = needs,
            };
        }

        var missing = unmet.Max(n => n.Missing);
        var restricted = unmet.Where(n => n.Allowed is not null).Take(3)
            .Select(n => $"{n.Address} by {string.Join(" or ", n.Allowed!)}")
            .ToList();
        var from = restricted.Count == 0 ? "" : $" (allowed approvers: {string.Join("; ", restricted)})";
        return new GateDecision(
            Verdict.Review,
            $"{needs.Count} resource{Plural(needs.Count)} destroyed, replaced or forgotten: needs {missing} more approval{Plural(missing)} of digest {digest}{from}")
        {
            Reviews = needs,
        };
    }

    private static string Plural(int n) => n == 1 ? "" : "s";
}
