using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;

namespace Tollgate.Domain.Policies;

/// <summary>
/// Counts approvals of one digest per resource that needs a review: distinct approvers, and only those the last
/// matching <see cref="ApproverRule"/> allows. Without a matching rule anyone's approval counts.
/// </summary>
public static class ApprovalTally
{
    public static IReadOnlyList<ReviewNeed> Count(Policy policy, IEnumerable<Finding> reviewFindings, IReadOnlyList<Approval> approvals, string subject)
    {
        var approvers = approvals.Select(a => a.By).Distinct(StringComparer.Ordinal).ToList();
        return reviewFindings
            .GroupBy(f => f.Address, StringComparer.Ordinal)
            .Select(group =>
            {
                var finding = group.First();
                var rule = policy.Approvers.LastOrDefault(r => r.Covers(finding.Address, finding.Module, subject));
                var required = rule?.RequireApprovals ?? policy.RequireApprovals;
                var counted = rule is null ? approvers : approvers.Where(a => rule.Allowed.Contains(a, StringComparer.Ordinal)).ToList();
                return new ReviewNeed(group.Key, required, rule?.Allowed, counted);
            })
            .ToList();
    }
}
