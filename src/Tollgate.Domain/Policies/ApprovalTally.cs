using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;

namespace Tollgate.Domain.Policies;

/// <summary>
/// Counts approvals of one digest per resource that needs a review: distinct approvers, and only those the last
/// matching <see cref="ApproverRule"/> allows. Without a matching rule anyone's approval counts. Names are compared
/// ignoring case (<see cref="People"/>), as logins are on GitHub, GitLab and most identity providers: <c>alice</c> and
/// <c>Alice</c> are one person, counted once under the first spelling recorded.
/// </summary>
public static class ApprovalTally
{
    /// <summary>How approvers' names compare: ignoring case.</summary>
    public static StringComparer People => StringComparer.OrdinalIgnoreCase;

    public static IReadOnlyList<ReviewNeed> Count(Policy policy, IEnumerable<Finding> reviewFindings, IReadOnlyList<Approval> approvals, string subject)
    {
        var approvers = approvals.Select(a => a.By).Distinct(People).ToList();
        return reviewFindings
            .GroupBy(f => f.Address, StringComparer.Ordinal)
            .Select(group =>
            {
                var finding = group.First();
                var rule = policy.Approvers.LastOrDefault(r => r.Covers(finding.Address, finding.Module, subject));
                var required = rule?.RequireApprovals ?? policy.RequireApprovals;
                var counted = rule is null ? approvers : approvers.Where(a => rule.Allowed.Contains(a, People)).ToList();
                return new ReviewNeed(group.Key, required, rule?.Allowed, counted);
            })
            .ToList();
    }
}
