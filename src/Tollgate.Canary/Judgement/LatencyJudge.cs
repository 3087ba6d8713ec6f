using Tollgate.Canary.Spec;
using Tollgate.Domain.Statistics;

namespace Tollgate.Canary.Judgement;

/// <summary>
/// A latency quantile from histogram buckets, with the ratio metric's rule. The canary's q-quantile is above a
/// threshold T when more than 1 − q of its requests are slower than T: an exact binomial test on the count above T.
/// One test per slice, T = min(the baseline quantile's upper confidence bound, maxValue); a rule rolls back when that
/// test crossed its boundary, the rule's own test (T = the baseline's bound for relative, maxValue for the SLO) is
/// significant at the same level and its estimate is beyond its bound. The baseline's upper bound keeps the
/// baseline's own noise from turning into a rollback. Before and after a change (<see cref="OverTime"/>) the counts of
/// the test and of both quantile intervals are divided by the baseline's dispersion over time.
/// </summary>
internal static class LatencyJudge
{
    /// <param name="dispersion">What the counts are divided by (1 side by side).</param>
    public static double MemberPValue(SliceObservation o, CanarySpec spec, double dispersion = 1)
    {
        var q = o.Metric.Quantile;
        var threshold = Math.Min(o.Metric.MaxRatio is null ? double.PositiveInfinity : BaselineHigh(o, spec, dispersion), o.Metric.MaxValue ?? double.PositiveInfinity);
        return double.IsPositiveInfinity(threshold) ? 1 : Slower(o, threshold, q, dispersion).P;
    }

    public static IEnumerable<CheckResult> Checks(SliceObservation o, CanarySpec spec, SliceLevel level, double member, double dispersion = 1)
    {
        var q = o.Metric.Quantile;
        var hb = o.Baseline.Cumulative()!;
        var hc = o.Canary.Cumulative()!;
        var (bLow, bHigh) = hb.QuantileInterval(q, spec.Confidence, dispersion);
        var (cLow, cHigh) = hc.QuantileInterval(q, 1 - 2 * level.Nominal, dispersion);
        var qb = hb.Quantile(q);
        var qc = hc.Quantile(q);
        var common = level.Stamp(new CheckResult(o.Slice, o.Metric.Name, "relative", CheckStatus.Within, "") with
        {
            BaselineValue = qb,
            CanaryValue = qc,
            CanaryInterval = (cLow, cHigh),
            BaselineCount = o.Baseline.Count,
            CanaryCount = o.Canary.Count,
            Ratio = qb > 0 ? qc / qb : double.NaN,
            RatioInterval = (bHigh > 0 ? cLow / bHigh : double.NaN, bLow > 0 ? cHigh / bLow : double.PositiveInfinity),
            Unit = "s",
            MemberPValue = member,
            Dispersion = dispersion,
            LeftOut = o.LeftOut,
        });
        if (o.Metric.MaxRatio is { } maxRatio)
        {
            yield return Rule(o, common with { Bound = maxRatio }, level, q, bHigh, common.Ratio > maxRatio, spec.OverTime);
        }

        if (o.Metric.MaxValue is { } maxValue)
        {
            yield return Rule(o, common with { Rule = "slo", Bound = maxValue }, level, q, maxValue, qc > maxValue, spec.OverTime);
        }
    }

    private static CheckResult Rule(SliceObservation o, CheckResult result, SliceLevel level, double q, double threshold, bool beyond, bool overTime)
    {
        var dispersion = result.Dispersion;
        var (slow, total, p) = Slower(o, threshold, q, dispersion);
        return result with
        {
            CanaryEvents = slow,
            PValue = p,
            Status = !beyond ? CheckStatus.Within : level.Rejected && p <= level.Nominal ? CheckStatus.Worse : CheckStatus.Exceeds,
            MoreCanaryRequests = beyond
                ? RatioJudge.More(total / dispersion, level.FinalNominal, f => Binomial.TestGreater((long)Math.Round(slow / dispersion * f), (long)Math.Round(total / dispersion * f), 1 - q)) * dispersion
                : null,
            Test = $"one test per slice: binomial test of requests slower than {threshold:0.####}s against {1 - q:0.####} (exact)"
                + (overTime ? $"; before and after: a burst interval left out of either group, counts divided by the baseline's dispersion over time ({dispersion:0.##})" : "")
                + "; O'Brien-Fleming alpha spending over the looks",
        };
    }

    private static double BaselineHigh(SliceObservation o, CanarySpec spec, double dispersion) =>
        o.Baseline.Cumulative()!.QuantileInterval(o.Metric.Quantile, spec.Confidence, dispersion).Upper;

    private static (long Slow, long Total, double P) Slower(SliceObservation o, double threshold, double q, double dispersion)
    {
        var slow = 0L;
        var total = 0L;
        foreach (var h in o.Canary.Histograms)
        {
            if (h is not null)
            {
                slow += (long)Math.Round(h.CountAbove(threshold));
                total += (long)Math.Round(h.Count);
            }
        }

        return (slow, total, Binomial.TestGreater((long)Math.Round(slow / dispersion), (long)Math.Round(total / dispersion), 1 - q));
    }
}
