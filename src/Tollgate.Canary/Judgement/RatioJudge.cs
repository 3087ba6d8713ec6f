using Tollgate.Canary.Spec;
using Tollgate.Domain.Statistics;

namespace Tollgate.Canary.Judgement;

/// <summary>
/// Error rates, judged on the raw counts. One test per slice: the canary's error count against its predictive
/// distribution under "no worse than the baseline, and within the SLO" (rate ≤ min(baseline rate, maxValue)), the
/// baseline's rate borrowed across slices when they agree (<see cref="BaselinePool"/>). A rule then rolls back only
/// when that test crossed its boundary, the rule's own test is significant at the same level, and its estimate is
/// beyond its bound: relative (H0: R ≤ 1, estimate above maxRatio), SLO (H0: rate ≤ maxValue, exact binomial test and
/// Clopper-Pearson interval at the same level).
/// </summary>
internal static class RatioJudge
{
    public static double MemberPValue(SliceObservation o, BaselinePool pool)
    {
        var (x1, n1, _, _, posterior) = Counts(o, pool);
        return (o.Metric.MaxRatio, o.Metric.MaxValue) switch
        {
            ({ }, { } v) => GammaPoisson.CappedPredictiveTail(x1, n1, posterior, v),
            ({ }, null) => GammaPoisson.PredictiveTail(x1, n1, posterior),
            (null, { } v) => GammaPoisson.PoissonTail(x1, n1 * v),
            _ => 1,
        };
    }

    public static IEnumerable<CheckResult> Checks(SliceObservation o, CanarySpec spec, BaselinePool pool, SliceLevel level, double member)
    {
        var (b, c) = (o.Baseline, o.Canary);
        var (x1, n1, x2, n2, posterior) = Counts(o, pool);
        long canaryEvents = Math.Min(c.EventCount, c.Count), baselineEvents = Math.Min(b.EventCount, b.Count);
        // Rates of the counts the tests use: divided by the dispersion over time (before and after a change) and the
        // errors rounded to whole ones (the exact tests count whole events), so the rates, the ratio and "beyond the
        // bound" printed beside the verdict are the ones it was decided on (46 and 5 errors divided by 3.45 are tested
        // as 13 and 1: 13x, where the raw counts read 9.2x). Side by side (dispersion 1) they are the raw rates.
        var canaryRate = x1 / n1;
        // The baseline rate the ratio is taken against: the posterior's mode (the slice's own rate when nothing is
        // borrowed). A baseline without errors, borrowing nothing, has its mode at 0, and the ratio would be infinite:
        // its mean (x₂ + 1)/n₂ is then the estimate, a finite figure at or above the interval's lower end (whose upper
        // end is then unbounded).
        var baselineRate = pool.Prior.Rate > 0 ? (posterior.Shape - 1) / posterior.Rate
            : x2 > 0 ? x2 / n2
            : posterior.Shape / posterior.Rate;
        var common = level.Stamp(new CheckResult(o.Slice, o.Metric.Name, "relative", CheckStatus.Within, "") with
        {
            BaselineValue = baselineRate,
            CanaryValue = canaryRate,
            CanaryInterval = Binomial.ClopperPearson(x1, (long)Math.Round(n1), 1 - 2 * level.Nominal),
            BaselineCount = b.Count,
            CanaryCount = c.Count,
            BaselineEvents = baselineEvents,
            CanaryEvents = canaryEvents,
            Ratio = canaryRate / baselineRate,
            RatioInterval = GammaPoisson.RatioInterval(x1, n1, posterior, level.Nominal),
            Unit = "%",
            MemberPValue = member,
            BorrowedRequests = pool.Prior.Rate,
            HomogeneityPValue = pool.HomogeneityPValue,
            Dispersion = pool.Dispersion,
            LeftOut = o.LeftOut,
        });
        if (o.Metric.MaxRatio is { } maxRatio)
        {
            var p = GammaPoisson.PredictiveTail(x1, n1, posterior);
            var beyond = common.Ratio > maxRatio;
            yield return WithinBoundsEstimate.Stamp(common with
            {
                Status = !beyond ? CheckStatus.Within : level.Rejected && p <= level.Nominal ? CheckStatus.Worse : CheckStatus.Exceeds,
                Bound = maxRatio,
                PValue = p,
                Test = TestName(o, pool, o.Metric.MaxValue is not null, spec.OverTime),
                MoreCanaryRequests = beyond ? More(n1, level.FinalNominal, f => GammaPoisson.PredictiveTail(Scale(x1, f), n1 * f, Scaled(pool, x2, n2, f))) * pool.Dispersion : null,
            }, f => GammaPoisson.RatioInterval(Scale(x1, f), n1 * f, Scaled(pool, x2, n2, f), level.FinalNominal).Upper);
        }

        if (o.Metric.MaxValue is { } maxValue)
        {
            var p = Binomial.TestGreater(x1, (long)Math.Round(n1), maxValue);
            var beyond = common.CanaryValue > maxValue;
            yield return WithinBoundsEstimate.Stamp(common with
            {
                Rule = "slo",
                Status = !beyond ? CheckStatus.Within : level.Rejected && p <= level.Nominal ? CheckStatus.Worse : CheckStatus.Exceeds,
                Bound = maxValue,
                PValue = p,
                Test = TestName(o, pool, o.Metric.MaxRatio is not null, spec.OverTime),
                MoreCanaryRequests = beyond ? More(n1, level.FinalNominal, f => Binomial.TestGreater(Scale(x1, f), (long)Math.Round(n1 * f), maxValue)) * pool.Dispersion : null,
            }, f => Binomial.ClopperPearson(Scale(x1, f), (long)Math.Round(n1 * f), 1 - 2 * level.FinalNominal).Upper);
        }
    }

    /// <summary>Canary requests still needed, at the current rates, for <paramref name="pAtScale"/> (the counts times f) to come to <paramref name="level"/> or under it: for the test to cross the last look's level, or an interval's upper end to reach its bound; null if never (beyond 10,000 times the traffic).</summary>
    internal static double? More(double n1, double level, Func<double, double> pAtScale)
    {
        if (pAtScale(1) <= level)
        {
            return 0;
        }

        double lo = 1, hi = 2;
        while (pAtScale(hi) > level)
        {
            lo = hi;
            hi *= 2;
            if (hi > 1e4)
            {
                return null;
            }
        }

        for (var i = 0; i < 40 && hi - lo > 1e-3 * lo; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (pAtScale(mid) > level)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return Math.Ceiling((hi - 1) * n1);
    }

    /// <summary>Both groups' counts in the units the tests use (divided by the pool's dispersion) and the baseline's posterior.</summary>
    private static (long X1, double N1, long X2, double N2, GammaPrior Posterior) Counts(SliceObservation o, BaselinePool pool)
    {
        var (b, c) = (o.Baseline, o.Canary);
        var (x1, n1) = pool.Scale(Math.Min(c.EventCount, c.Count), c.Count);
        var (x2, n2) = pool.Scale(Math.Min(b.EventCount, b.Count), b.Count);
        return (x1, n1, x2, n2, GammaPoisson.Posterior(pool.Prior, x2, n2));
    }

    private static GammaPrior Scaled(BaselinePool pool, long x2, double n2, double f) => GammaPoisson.Posterior(pool.Prior, Scale(x2, f), n2 * f);

    private static long Scale(long x, double f) => (long)Math.Round(x * f);

    private static string TestName(SliceObservation o, BaselinePool pool, bool capped, bool overTime) =>
        (capped ? "one test per slice: canary errors against rate ≤ min(baseline, maxValue)" : "one test per slice: canary errors against the baseline rate")
        + (pool.Prior.Rate > 0 ? $" (baseline borrowed across slices, {pool.Prior.Rate:0} requests)" : " (exact conditional test of two rates)")
        + (overTime ? OverTime.TestText(o, pool.Dispersion) : "")
        + "; O'Brien-Fleming alpha spending over the looks";
}
