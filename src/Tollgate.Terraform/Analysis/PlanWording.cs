using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;
using Tollgate.Terraform.Addresses;

namespace Tollgate.Terraform.Analysis;

/// <summary>
/// A plan's decision in words: what is destroyed, replaced or forgotten, and whose approvals it has. A module address
/// under review (a <c>rename-suspect</c> module call) is counted as a module rename, and a finding with no address (a
/// blast-radius limit) as a plan-wide finding, neither as a resource.
/// </summary>
public sealed class PlanWording : IVerdictWording
{
    public const string Changes = ReviewActions.Changes;

    public string Reason(Decision decision)
    {
        var changesOnly = ReviewActions.ChangesOnly(decision.Deciding);
        var reviewed = changesOnly ? Changes : "to review";
        var reason = new DefaultWording(reviewed, "nothing is destroyed, replaced or forgotten").Reason(decision);
        // The default wording opens a review (missing or approved) with its count of resources; this wording counts
        // modules and plan-wide findings apart. The rest (approvals needed, approvers) stays the default's.
        var counted = $"{Counted.Of(decision.Reviews.Count, "resource")} {reviewed}";
        return decision.Cause switch
        {
            DecisionCause.Approved => $"{Words([.. decision.Reviews.Select(r => r.Address)], reviewed, changesOnly)}; {DefaultWording.Approved(decision)}",
            DecisionCause.ReviewMissing => Words([.. decision.Reviews.Select(r => r.Address)], reviewed, changesOnly) + reason[counted.Length..],
            _ => reason,
        };
    }

    /// <summary>
    /// The reviewed addresses in words, each counted as what it is: a resource; no address at all (a blast-radius
    /// limit, a plan-wide policy or scanner finding), which is no resource: "151 resources to review, 1 plan-wide finding
    /// to review"; and where only destroys, replacements and forgets are reviewed (<paramref name="changesOnly"/>, from
    /// the findings' rule ids, whatever <paramref name="reviewed"/> says), a module instance
    /// (<see cref="ResourceAddress.IsModule"/>: a <c>rename-suspect</c> module call) as a module rename:
    /// "8 resources destroyed, replaced or forgotten, 2 module renames to review".
    /// </summary>
    public static string Words(IReadOnlyList<string> addresses, string reviewed, bool changesOnly)
    {
        var planWide = addresses.Count(a => a.Length == 0);
        var modules = changesOnly ? addresses.Count(ResourceAddress.IsModule) : 0;
        var resources = addresses.Count - planWide - modules;
        var parts = new List<string>();
        if (resources > 0 || (modules == 0 && planWide == 0))
        {
            parts.Add($"{Counted.Of(resources, "resource")} {reviewed}");
        }

        if (modules > 0)
        {
            parts.Add(Counted.Of(modules, "module rename", "module renames") + " to review");
        }

        if (planWide > 0)
        {
            parts.Add(Counted.Of(planWide, "plan-wide finding", "plan-wide findings") + " to review");
        }

        return string.Join(", ", parts);
    }
}
