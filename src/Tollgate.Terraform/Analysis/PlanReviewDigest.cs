using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Terraform.GraphRules;

namespace Tollgate.Terraform.Analysis;

/// <summary>
/// The digest a plan report's approvals bind to. The plan's <see cref="ChangeDigest"/> binds its changes and the checks
/// that did not pass, which decide the plan rules' findings. The graph rules' findings are decided from the plan's
/// configuration too (which resources refer to a changed one) and from the policy's limits: when one of them asks for
/// a review (a blast radius over <c>maxDependents</c>, a policy's <c>reviewOn: [fan-out]</c>), the digest binds it as
/// well (rule, address, severity, message, related, through <see cref="ReviewQuestions"/>, as <see cref="Graph.GraphReviewDigest"/> does), so an approval of a hub
/// change with 3 dependents does not clear the same change with 50. Findings that <c>--scan</c> imports and <c>--rego</c>
/// produces (<c>scanner/…</c>) come from files beside the plan, which its digest does not cover: when one of them asks
/// for a review (under <c>reviewOn: ["scanner/*"]</c>) it is bound the same way, so an approval of a plan with one
/// scan finding does not clear the same plan with another. The review questions the policy's custom rules
/// (<c>policy/…</c>) ask are bound on top (<see cref="CustomReviewDigest"/>). When none asks, the digest is the plan's own.
/// </summary>
public static class PlanReviewDigest
{
    private static readonly HashSet<string> GraphRules = [.. GraphRuleSet.Registrations.Select(r => r.Id)];

    /// <summary>The rule id prefix of imported scanner and Rego results (<c>scanner/&lt;tool&gt;/&lt;id&gt;</c>).</summary>
    public const string ScannerRules = "scanner/";

    public static string Of(string planDigest, IReadOnlyList<Finding> reviewing) =>
        CustomReviewDigest.Of(ReviewQuestions.Of("plan", planDigest, [.. reviewing.Where(Bound)]), reviewing);

    /// <summary>True for a finding the plan's own digest does not decide: a graph rule's, a scanner's or a Rego policy's.</summary>
    private static bool Bound(Finding finding) =>
        GraphRules.Contains(finding.Rule) || finding.Rule.StartsWith(ScannerRules, StringComparison.Ordinal);
}
