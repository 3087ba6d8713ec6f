using Tollgate.Canary.Judgement;
using Tollgate.Canary.Spec;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Canary.Gate;

/// <summary>
/// A canary decision in words: the judge's own reason (the worst slice first) whenever the policy left its verdict
/// standing; otherwise what the policy changed. A check the policy excepts neither rolls back nor holds by itself and
/// is never named as the cause (<see cref="CanaryExceptions"/>).
/// </summary>
public sealed class CanaryWording(CanarySpec spec, CanaryJudgement judgement) : IVerdictWording
{
    public string Reason(Decision decision) => decision.Cause switch
    {
        DecisionCause.Failing => judgement.Verdict == Verdict.Fail ? Counting(decision, c => c.Status == CheckStatus.Worse) : DefaultWording.Failing(decision),
        DecisionCause.Pending => decision.Pending ?? judgement.Reason,
        DecisionCause.Clear when judgement.Verdict == Verdict.Pass => judgement.Reason,
        DecisionCause.Clear => Counting(decision, c => c.Status != CheckStatus.Within),
        _ => new DefaultWording().Reason(decision),
    };

    /// <summary>
    /// Why the canary cannot be promoted yet though nothing fails after the policy: the judge held, or it rolled back on
    /// checks the policy lowers, disables or excepts (a hold then, never a silent promote). Null when the judge promoted.
    /// </summary>
    public static string? Pending(CanaryJudgement judgement) => judgement.Verdict switch
    {
        Verdict.Hold => judgement.Reason,
        Verdict.Fail => Lowered + judgement.Reason,
        _ => null,
    };

    /// <summary>
    /// <see cref="Pending"/> under the policy as applied to the report's findings: the judgement again without the checks
    /// the policy excepts (<see cref="CanaryExceptions.Decide"/>). Null when the canary may be promoted.
    /// </summary>
    public static string? Pending(CanarySpec spec, CanaryJudgement judgement, IReadOnlyList<Finding> applied)
    {
        if (judgement.Verdict == Verdict.Pass)
        {
            return null;
        }

        var excepted = applied.Where(f => f.Suppression is not null).Select(CanaryExceptions.Key).ToHashSet();
        var (verdict, reason) = CanaryExceptions.Decide(spec, judgement, c => excepted.Contains(CanaryExceptions.Key(c)));
        return verdict switch
        {
            Verdict.Pass => null,
            _ when judgement.Verdict == Verdict.Fail => Lowered + reason,
            _ => reason,
        };
    }

    private const string Lowered = "the checks that would roll back do not fail under the policy (lowered below failOn, disabled or excepted); the rest of the judgement holds: ";

    /// <summary>The judgement's reason from the checks the decision counted: a check it did not count (excepted) is not the cause.</summary>
    private string Counting(Decision decision, Func<CheckResult, bool> wouldCount)
    {
        var counted = decision.Deciding.Select(CanaryExceptions.Key).ToHashSet();
        return CanaryExceptions.Decide(spec, judgement, c => wouldCount(c) && !counted.Contains(CanaryExceptions.Key(c))).Reason;
    }
}
