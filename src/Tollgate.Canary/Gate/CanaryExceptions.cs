using Tollgate.Canary.Judgement;
using Tollgate.Canary.Spec;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Canary.Gate;

/// <summary>
/// What a policy's exceptions do to a canary's judgement. An excepted check no longer decides: it neither rolls back nor
/// holds by itself, and the judge's rules decide again over the checks that still count. What an excepted check
/// measured still counts, though: a canary measured worse than its bound (<c>worse</c>, or <c>exceeds</c> without the
/// evidence yet) is held, never promoted, whatever the policy excepts. A check excepted for want of data
/// (<c>no-data</c>, <c>min-samples</c>: a slice the release adds has no baseline) measured nothing, so the other slices
/// decide; a canary whose every check is excepted holds. Tollgate never promotes by default: only an exception, with
/// its owner and expiry, lets a slice without data stand aside.
/// </summary>
public static class CanaryExceptions
{
    /// <summary>The judge's verdict and reason without the checks <paramref name="excepted"/>; the judge's own when none is.</summary>
    public static (Verdict Verdict, string Reason) Decide(CanarySpec spec, CanaryJudgement judgement, Func<CheckResult, bool> excepted)
    {
        if (CanaryJudge.Without(spec, judgement, excepted) is not { } again)
        {
            return (judgement.Verdict, judgement.Reason);
        }

        if (again.Verdict != Verdict.Pass)
        {
            return again;
        }

        if (judgement.Checks.FirstOrDefault(c => excepted(c) && c.Status is CheckStatus.Worse or CheckStatus.Exceeds) is { } measured)
        {
            return (Verdict.Hold, $"a check the policy excepts measured the canary beyond its bound, which holds, never promotes: {CheckText.Headline(measured)}");
        }

        var unjudged = judgement.Checks.Where(c => excepted(c) && !c.Judged).ToList();
        return unjudged.Count == 0 ? again
            : (Verdict.Pass, $"{again.Reason}; {unjudged.Count} slice metric{(unjudged.Count == 1 ? "" : "s")} not judged, excepted by policy (first: {unjudged[0].Slice} {unjudged[0].Metric}: {unjudged[0].Detail})");
    }

    /// <summary>A check and its finding are one: the rule, the slice and the metric (<see cref="Reporting.CanaryReport"/>).</summary>
    internal static (string Rule, string Slice, string Metric) Key(CheckResult check) => (check.Rule, check.Slice.ToString(), check.Metric);

    internal static (string Rule, string Slice, string Metric) Key(Finding finding) => (finding.Rule, finding.Address, finding.Module);
}
