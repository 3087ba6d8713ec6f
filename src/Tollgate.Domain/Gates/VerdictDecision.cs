using Tollgate.Domain.Findings;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Rules;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Domain.Gates;

/// <summary>
/// The one decision of every gate, in this order: <c>fail</c> when a finding no exception covers is at or above
/// <c>failOn</c> and does not ask for a review; <c>hold</c> when the evidence cannot decide yet (approvals cannot
/// settle that, so a review waits with it); <c>review</c> when findings that ask for one (<c>reviewOn</c>, or a rule
/// whose <see cref="RuleInfo.AtFailOn"/> is <see cref="RuleOutcome.Review"/> at or above <c>failOn</c>) lack enough
/// allowed approvals of the digest; otherwise <c>pass</c>.
/// Approvals never clear a failure; only an exception does. The same finding under the same policy gets the same
/// verdict whichever gate reports it.
/// </summary>
public static class VerdictDecision
{
    public static Decision Decide(
        Policy policy,
        IReadOnlyList<RuleInfo> rules,
        IReadOnlyList<Finding> findings,
        IReadOnlyList<Approval> approvals,
        string subject,
        string digest,
        string? pending = null)
    {
        var active = findings.Where(f => f.Suppression is null).ToList();
        var facts = new Decision(Verdict.Pass, DecisionCause.Clear, active)
        {
            Total = findings.Count,
            Excepted = findings.Count - active.Count,
            FailOn = policy.FailOn,
            Digest = digest,
            Pending = pending,
        };
        var failing = Failing(policy, rules, active);
        var reviewing = active.Where(f => AsksForReview(policy, rules, f)).ToList();
        var needs = ApprovalTally.Count(policy, reviewing, approvals, subject);
        var unapproved = needs.Where(n => n.Missing > 0).Select(n => n.Address).ToHashSet(StringComparer.Ordinal);
        facts = facts with { Blocking = [.. failing, .. reviewing.Where(f => unapproved.Contains(f.Address))] };
        if (failing.Count > 0)
        {
            return facts with { Verdict = Verdict.Fail, Cause = DecisionCause.Failing, Deciding = failing };
        }

        if (needs.Count > 0)
        {
            var met = needs.All(n => n.Missing == 0);
            return facts with
            {
                // Approvals settle a review, never what is still pending: evidence that cannot decide holds from the
                // start rather than ask for approvals that could not make it pass.
                Verdict = pending is not null ? Verdict.Hold : met ? Verdict.Pass : Verdict.Review,
                Cause = pending is not null ? DecisionCause.Pending : met ? DecisionCause.Approved : DecisionCause.ReviewMissing,
                Deciding = reviewing,
                Reviews = needs,
            };
        }

        return pending is null ? facts : facts with { Verdict = Verdict.Hold, Cause = DecisionCause.Pending };
    }

    /// <summary>
    /// The findings, after the policy was applied, that fail the gate whatever is approved: at or above <c>failOn</c>,
    /// not asking for a review, and covered by no exception.
    /// </summary>
    public static IReadOnlyList<Finding> Failing(Policy policy, IReadOnlyList<RuleInfo> rules, IEnumerable<Finding> applied) =>
        [.. applied.Where(f => f.Suppression is null && f.Severity >= policy.FailOn && !AsksForReview(policy, rules, f))];

    /// <summary>
    /// The findings, after the policy was applied, that ask for a review and no exception covers: what approvals of the
    /// digest settle, and what a digest that binds the review question (<see cref="Evidence.BindReview"/>) binds.
    /// </summary>
    public static IReadOnlyList<Finding> Reviewing(Policy policy, IReadOnlyList<RuleInfo> rules, IEnumerable<Finding> applied) =>
        [.. applied.Where(f => f.Suppression is null && AsksForReview(policy, rules, f))];

    /// <summary>
    /// True when this finding needs a human rather than failing: its rule is under <c>reviewOn</c>, or it is at or above
    /// <c>failOn</c> and its rule asks for a review there (a limit exceeded).
    /// </summary>
    public static bool AsksForReview(Policy policy, IReadOnlyList<RuleInfo> rules, Finding finding)
    {
        var (outcome, reviewAtFailOn) = (false, false);
        foreach (var rule in rules)
        {
            if (rule.Id == finding.Rule)
            {
                outcome |= rule.IsOutcome;
                reviewAtFailOn |= rule.AtFailOn == RuleOutcome.Review;
            }
        }

        // A measured outcome (RuleInfo.IsOutcome) is settled by no review, even under reviewOn's globs.
        return policy.NeedsReview(finding.Rule) ? !outcome : finding.Severity >= policy.FailOn && reviewAtFailOn;
    }
}
