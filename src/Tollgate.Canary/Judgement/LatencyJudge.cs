using Tollgate.Canary.Spec;
using Tollgate.Domain.Statistics;

namespace Tollgate.Canary.Judgement;

/// <summary>
/// A latency quantile from histogram buckets. Each group's quantile gets a distribution-free interval. The canary is
/// worse than a bound T when more than 1 − q of its requests are slower than T: a binomial test on the count above T
/// (exact, and as a mixture e-value over the steps). For the relative check T = maxRatio × the baseline's upper
/// confidence bound, so the baseline's own uncertainty never turns into a false rollback.
/// </summary>
internal static class LatencyJudge
{
    public static IEnumerable<CheckResult> Judge(SliceObservation o, CanarySpec spec)
    {
        var q = o.Metric.Quantile;
        var hb = o.Baseline.Cumulative()!;
        var hc = o.Canary.Cumulative()!;
        var (bLow, bHigh) = hb.QuantileInterval(q, spec.Confidence);
        var (cLow, cHigh) = hc.QuantileInterval(q, spec.Confidence);
        var qb = hb.Quantile(q);
        var qc = hc.Quantile(q);
        var common = new CheckResult(o.Slice, o.Metric.Name, "relative", CheckStatus.Within, "") with
        {
            BaselineValue = qb,
            CanaryValue = qc,
            CanaryInterval = (cLow, cHigh),
            BaselineCount = o.Baseline.Count,
            CanaryCount = o.Canary.Count,
            Ratio = qb > 0 ? qc / qb : double.NaN,
            RatioInterval = (bHigh > 0 ? cLow / bHigh : double.NaN, bLow > 0 ? cHigh / bLow : double.PositiveInfinity),
            Unit = "s",
        };
        if (o.Metric.MaxRatio is { } maxRatio)
        {
            yield return Test(o, common with { Bound = maxRatio }, q, maxRatio * bHigh) with
            {
                Status = common.Ratio > maxRatio ? CheckStatus.Exceeds : CheckStatus.Within,
            };
        }

        if (o.Metric.MaxValue is { } maxValue)
        {
            yield return Test(o, common with { Rule = "slo", Bound = maxValue }, q, maxValue) with
            {
                Status = qc > maxValue ? CheckStatus.Exceeds : CheckStatus.Within,
            };
        }
    }

    private static CheckResult Test(SliceObservation o, CheckResult result, double q, double threshold)
    {
        var steps = o.Canary.Histograms
            .Select(h => h is null ? (0L, 0L) : ((long)Math.Round(h.CountAbove(threshold)), (long)Math.Round(h.Count)))
            .ToList();
        var slow = steps.Sum(s => s.Item1);
        var total = steps.Sum(s => s.Item2);
        var e = SequentialEValue.Proportion(steps, 1 - q);
        return result with
        {
            CanaryEvents = slow,
            PValue = Binomial.TestGreater(slow, total, 1 - q),
            EValue = e.Length == 0 ? 1 : e[^1],
            DecisionPValue = SequentialEValue.AnytimePValue(e),
            Test = $"binomial test of requests slower than {threshold:0.####}s against {1 - q:0.####} (exact); mixture e-value over steps",
        };
    }
}
