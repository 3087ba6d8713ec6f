using Tollgate.Canary.Spec;
using Tollgate.Domain.Statistics;

namespace Tollgate.Canary.Judgement;

/// <summary>
/// Error rates, judged on the raw counts: the relative check by the exact conditional test of two rates (and its
/// anytime-valid e-value over the steps), the SLO by the exact binomial test of the canary's rate (and its e-value).
/// </summary>
internal static class RatioJudge
{
    public static IEnumerable<CheckResult> Judge(SliceObservation o, CanarySpec spec)
    {
        var (b, c) = (o.Baseline, o.Canary);
        long x1 = Math.Min(c.EventCount, c.Count), x2 = Math.Min(b.EventCount, b.Count);
        double n1 = c.Count, n2 = b.Count;
        var common = new CheckResult(o.Slice, o.Metric.Name, "relative", CheckStatus.Within, "") with
        {
            BaselineValue = x2 / n2,
            CanaryValue = x1 / n1,
            CanaryInterval = Binomial.ClopperPearson(x1, c.Count, spec.Confidence),
            BaselineCount = b.Count,
            CanaryCount = c.Count,
            BaselineEvents = x2,
            CanaryEvents = x1,
            Ratio = RateRatio.Estimate(x1, n1, x2, n2),
            RatioInterval = RateRatio.Interval(x1, n1, x2, n2, spec.Confidence),
            Unit = "%",
        };
        if (o.Metric.MaxRatio is { } maxRatio)
        {
            var steps = Enumerable.Range(0, c.Steps)
                .Select(i => (Whole(c.Events[i], c.Totals[i]), c.Totals[i], Whole(b.Events[i], b.Totals[i]), b.Totals[i]))
                .ToList();
            var e = SequentialEValue.RateRatio(steps, maxRatio);
            yield return common with
            {
                Status = common.Ratio > maxRatio ? CheckStatus.Exceeds : CheckStatus.Within,
                Bound = maxRatio,
                PValue = RateRatio.TestGreater(x1, n1, x2, n2, maxRatio),
                EValue = e.Length == 0 ? 1 : e[^1],
                DecisionPValue = SequentialEValue.AnytimePValue(e),
                Test = "conditional binomial test of two rates (exact); mixture e-value over steps",
            };
        }

        if (o.Metric.MaxValue is { } maxValue)
        {
            var steps = Enumerable.Range(0, c.Steps).Select(i => (Whole(c.Events[i], c.Totals[i]), (long)Math.Round(c.Totals[i]))).ToList();
            var e = SequentialEValue.Proportion(steps, maxValue);
            yield return common with
            {
                Rule = "slo",
                Status = common.CanaryValue > maxValue ? CheckStatus.Exceeds : CheckStatus.Within,
                Bound = maxValue,
                PValue = Binomial.TestGreater(x1, c.Count, maxValue),
                EValue = e.Length == 0 ? 1 : e[^1],
                DecisionPValue = SequentialEValue.AnytimePValue(e),
                Test = "binomial test (exact); mixture e-value over steps",
            };
        }
    }

    private static long Whole(double events, double total) => (long)Math.Round(Math.Min(events, Math.Max(total, 0)));
}
