using Tollgate.Canary.Spec;
using Tollgate.Domain.Statistics;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Canary.Judgement;

/// <summary>
/// Judges every slice of every metric, corrects the whole family for multiple comparisons (Holm or Benjamini-Hochberg
/// on the anytime-valid p-values), and decides: <c>fail</c> as soon as one slice is worse than a bound with the required
/// confidence; <c>pass</c> only when every slice was measured over the whole window and stayed within every bound;
/// <c>hold</c> otherwise: too little data, no data, source down, window not over, or a trend not yet significant.
/// </summary>
public static class CanaryJudge
{
    public static CanaryJudgement Judge(
        CanarySpec spec,
        IReadOnlyList<SliceObservation> observations,
        bool windowComplete,
        IReadOnlyList<string> unavailable)
    {
        // Slices are independent until the family correction: judge them in parallel, keep their order.
        var checks = observations.AsParallel().AsOrdered().SelectMany(o => DataGate.Stop(o, o.Metric.MinSamples ?? spec.MinSamples) is { } stopped
            ? [stopped]
            : o.Metric.Type switch
            {
                MetricType.Ratio => RatioJudge.Judge(o, spec).ToList(),
                MetricType.Latency => LatencyJudge.Judge(o, spec).ToList(),
                _ => SamplesJudge.Judge(o, spec, finalLook: windowComplete).ToList(),
            }).ToList();
        checks = Correct(spec, checks);
        var slices = checks.GroupBy(c => c.Slice)
            .Select(g => new KeyValuePair<SliceKey, Verdict>(g.Key, SliceVerdict(g)))
            .OrderBy(kv => kv.Value == Verdict.Fail ? 0 : kv.Value == Verdict.Hold ? 1 : 2)
            .ThenBy(kv => kv.Key.ToString(), StringComparer.Ordinal)
            .ToList();
        var ordered = checks.OrderBy(c => Rank(c.Status)).ThenBy(c => c.AdjustedPValue).ThenBy(c => c.Slice.ToString(), StringComparer.Ordinal).ToList();
        var (verdict, reason) = Decide(spec, ordered, slices, windowComplete, unavailable);
        return new CanaryJudgement(verdict, reason, ordered, slices) { WindowComplete = windowComplete, Unavailable = unavailable };
    }

    private static List<CheckResult> Correct(CanarySpec spec, List<CheckResult> checks)
    {
        var judged = checks.Where(c => c.Judged).ToList();
        var p = judged.Select(c => c.DecisionPValue).ToArray();
        var adjusted = spec.Correction == Correction.Holm ? MultipleTesting.Holm(p) : MultipleTesting.BenjaminiHochberg(p);
        var alpha = 1 - spec.Confidence;
        var next = 0;
        return checks.Select(c =>
        {
            if (!c.Judged)
            {
                return c;
            }

            var a = adjusted[next++];
            return c with { AdjustedPValue = a, Status = a < alpha ? CheckStatus.Worse : c.Status };
        }).ToList();
    }

    private static Verdict SliceVerdict(IEnumerable<CheckResult> checks)
    {
        var list = checks.ToList();
        if (list.Any(c => c.Status == CheckStatus.Worse))
        {
            return Verdict.Fail;
        }

        return list.All(c => c.Status == CheckStatus.Within) ? Verdict.Pass : Verdict.Hold;
    }

    private static (Verdict, string) Decide(
        CanarySpec spec,
        List<CheckResult> checks,
        List<KeyValuePair<SliceKey, Verdict>> slices,
        bool windowComplete,
        IReadOnlyList<string> unavailable)
    {
        var worse = checks.Where(c => c.Status == CheckStatus.Worse).ToList();
        if (worse.Count > 0)
        {
            var badSlices = slices.Count(s => s.Value == Verdict.Fail);
            return (Verdict.Fail, $"{CheckText.Headline(worse[0], spec.Confidence)}{(badSlices > 1 ? $" (and {badSlices - 1} more slice{(badSlices > 2 ? "s" : "")})" : "")}");
        }

        if (unavailable.Count > 0)
        {
            return (Verdict.Hold, $"metric source unavailable: {unavailable[0]}");
        }

        if (slices.Count == 0)
        {
            return (Verdict.Hold, "no data: no query returned a series for either group");
        }

        var stopped = checks.Where(c => !c.Judged).ToList();
        if (stopped.Count > 0)
        {
            var minSamples = stopped.Count(c => c.Status == CheckStatus.MinSamples);
            var noData = stopped.Count - minSamples;
            var parts = new List<string>();
            if (noData > 0)
            {
                parts.Add($"{noData} slice metric{(noData == 1 ? "" : "s")} without data");
            }

            if (minSamples > 0)
            {
                parts.Add($"{minSamples} below minSamples {spec.MinSamples}");
            }

            return (Verdict.Hold, $"not enough data: {string.Join(", ", parts)} (first: {stopped[0].Slice} {stopped[0].Metric}: {stopped[0].Detail})");
        }

        var exceeding = checks.Where(c => c.Status == CheckStatus.Exceeds).ToList();
        if (exceeding.Count > 0)
        {
            return (Verdict.Hold, $"not significant yet: {CheckText.Headline(exceeding[0], spec.Confidence)}, adjusted p={exceeding[0].AdjustedPValue:0.###}");
        }

        if (!windowComplete)
        {
            return (Verdict.Hold, $"window not over: every slice is within bounds so far, the canary must hold for {PromDuration.Format(spec.Window)}");
        }

        return (Verdict.Pass, $"{slices.Count} slice{(slices.Count == 1 ? "" : "s")} held {string.Join(" and ", spec.Metrics.Select(m => m.Name))} within bounds for {PromDuration.Format(spec.Window)}");
    }

    private static int Rank(CheckStatus status) => status switch
    {
        CheckStatus.Worse => 0,
        CheckStatus.Exceeds => 1,
        CheckStatus.NoData => 2,
        CheckStatus.MinSamples => 3,
        _ => 4,
    };
}
