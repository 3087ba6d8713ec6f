using Tollgate.Domain.Findings;
using Tollgate.Domain.Policies;

namespace Tollgate.Domain.Gates;

/// <summary>
/// What the findings an approval covers are, for the words of its confirmation: a plan's, all destroys, replacements
/// and forgets or not (<see cref="ChangesOnly"/>, by <see cref="ReviewActions.ChangesOnly"/>, as the plan's reason
/// counts them), or a recorded report's (<see cref="Report"/>).
/// </summary>
public sealed record ReviewedFindings
{
    private ReviewedFindings(bool changesOnly, string? report, string? kind)
    {
        ChangesOnly = changesOnly;
        Report = report;
        Kind = kind;
    }

    /// <summary>True when every finding under review reports a destroy, a replacement or a forget: a module address among them is a module rename.</summary>
    public bool ChangesOnly { get; }

    /// <summary>The recorded report the findings are of (<c>terraform-graph report on ./infra</c>); null for a plan's own.</summary>
    public string? Report { get; }

    /// <summary>The kind of the recorded report (<c>terraform-plan</c>); null for a plan's own.</summary>
    public string? Kind { get; }

    /// <summary>A plan's findings under review, counted as its reason counts them.</summary>
    public static ReviewedFindings OfPlan(IEnumerable<Finding> reviewing) => new(ReviewActions.ChangesOnly(reviewing), null, null);

    /// <summary>
    /// The findings under review of a recorded report of <paramref name="kind"/> on <paramref name="subject"/>: changes
    /// only as a plan's own are, so a recorded plan report's module renames and plan-wide findings are told apart from
    /// its resources as the plan's are.
    /// </summary>
    public static ReviewedFindings OfReport(string kind, string subject, IEnumerable<Finding> reviewing) =>
        new(ReviewActions.ChangesOnly(reviewing), $"{kind} report on {subject}", kind);

    /// <summary>After a count of resources: "destroyed, replaced or forgotten", "that the policy asks a review for", or "of the terraform-graph report on ./infra".</summary>
    public string Words => Report is not null ? $"of the {Report}" : ChangesOnly ? ReviewActions.Changes : "that the policy asks a review for";
}
