using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Judgement;
using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Delivery.Watch;

/// <summary>
/// The steps of the judged span after the deploy that have no point (Prometheus down or its scrapes failing): what the
/// service served then is in no step's count, so a look is never promoted on the rest. The check is the canary's own
/// (<c>tollgate canary</c>'s <i>Steps without a point</i>, canary.md), made by a side-by-side evaluator whose groups are both
/// the service after the deploy, over the look's answers already read (<see cref="LookAnswers"/>: no query is sent twice).
/// Its <c>no-data</c> checks go beside the look's own, naming the steps; a look that would pass holds with them, and a
/// look that holds says the gap as its reason (the gap stays in a watch's growing window, so it holds to its deadline);
/// a fail stands (what the steps it has show can still roll it back).
/// </summary>
public sealed class StepGaps(CanarySpec spec, IMetricSource answers)
{
    private readonly CanaryEvaluator _evaluator = new(spec with { BaselineSelector = spec.CanarySelector, OverTime = false }, answers) { SideBySide = true, OneGroupAsBoth = true };

    /// <summary><paramref name="judgement"/> with the gap checks of <paramref name="window"/> added, held when it passed; as it was without a gap.</summary>
    public async Task<CanaryJudgement> ApplyAsync(CanaryJudgement judgement, EvaluationWindow window, CancellationToken cancellationToken)
    {
        if (judgement.Verdict == Verdict.Fail)
        {
            return judgement;
        }

        var gaps = (await _evaluator.EvaluateAsync(window, requireFullWindow: true, cancellationToken)).Checks
            .Where(c => c is { Incomplete: true, Status: CheckStatus.NoData })
            .Select(c => c with { Detail = CanaryPart(c.Detail) })
            .ToList();
        if (gaps.Count == 0)
        {
            return judgement;
        }

        // A hold names the gap as a pass held by it does: its own reason was read off the steps that remain (a healthy
        // deploy's first look after Prometheus came back read "not significant yet: error rate 5.9x baseline"), and the
        // gap holds the look whatever they show. Its checks stay in the report.
        var withGaps = judgement with { Checks = [.. gaps, .. judgement.Checks] };
        var reason = CanaryJudge.NotComplete(gaps);
        return judgement.Verdict == Verdict.Pass ? CanaryJudge.NotOver(withGaps, reason) : withGaps with { Reason = reason, Incomplete = reason };
    }

    /// <summary>Both groups are the service after the deploy, so the detail names it twice: once, as the canary's.</summary>
    private static string CanaryPart(string detail)
    {
        var cut = detail.IndexOf("; baseline: ", StringComparison.Ordinal);
        return cut < 0 ? detail : detail[..cut];
    }
}
