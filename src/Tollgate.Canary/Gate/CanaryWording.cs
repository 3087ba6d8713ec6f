using Tollgate.Canary.Judgement;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Canary.Gate;

/// <summary>
/// A canary decision in words: the judge's own reason (the worst slice first) whenever the policy left its verdict
/// standing; otherwise what the policy changed.
/// </summary>
public sealed class CanaryWording(CanaryJudgement judgement) : IVerdictWording
{
    public string Reason(Decision decision) => decision.Cause switch
    {
        DecisionCause.Failing => judgement.Verdict == Verdict.Fail ? judgement.Reason : DefaultWording.Failing(decision),
        DecisionCause.Pending => decision.Pending ?? judgement.Reason,
        DecisionCause.Clear when judgement.Verdict == Verdict.Pass => judgement.Reason,
        _ => new DefaultWording().Reason(decision),
    };

    /// <summary>
    /// Why the canary cannot be promoted yet though nothing fails after the policy: the judge held, or it rolled back on
    /// checks the policy lowers, disables or excepts (a hold then, never a silent promote). Null when the judge promoted.
    /// </summary>
    public static string? Pending(CanaryJudgement judgement) => judgement.Verdict switch
    {
        Verdict.Hold => judgement.Reason,
        Verdict.Fail => "the checks that would roll back do not fail under the policy (lowered below failOn, disabled or excepted); the rest of the judgement holds: " + judgement.Reason,
        _ => null,
    };
}
