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
/// the test and of both quantile intervals are divided by the baseline's dispersion over time. When the two groups'
/// histograms have different <c>le</c> sets (a new client library, tuned buckets), the relative rule compares both on
/// the bounds they share, buckets between them merged, so the interpolation inside two different layouts is never
/// judged as a regression; the SLO rule reads the canary's own buckets. A quantile bound beyond the observations is +∞:
/// a baseline bound at +∞ cannot be exceeded, so the relative rule waits for baseline traffic rather than test against
/// the largest bucket.
/// </summary>
internal static class LatencyJudge
{
    /// <param name="dispersion">What the counts are divided by (1 side by side).</param>
    public static double MemberPValue(SliceObservation o, CanarySpec spec, double dispersion = 1)
    {
        var q = o.Metric.Quantile;
        var shared = SharedBounds(o);
        var relative = o.Metric.MaxRatio is null || shared is { Length: 0 } ? double.PositiveInfinity : BaselineHigh(o, spec, dispersion, shared);
        var slo = o.Metric.MaxValue ?? double.PositiveInfinity;
        // One test at the lower threshold, counted on the buckets that threshold was read against.
        return relative < slo ? Slower(o, relative, q, dispersion, shared).P
            : double.IsPositiveInfinity(slo) ? 1 : Slower(o, slo, q, dispersion, null).P;
    }

    public static IEnumerable<CheckResult> Checks(SliceObservation o, CanarySpec spec, SliceLevel level, double member, double dispersion = 1)
    {
        var q = o.Metric.Quantile;
        var shared = SharedBounds(o);
        var hb = View(o.Baseline.Cumulative()!, shared);
        var hc = View(o.Canary.Cumulative()!, shared);
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
            yield return shared is { Length: 0 }
                ? new CheckResult(o.Slice, o.Metric.Name, "no-data", CheckStatus.NoData, $"buckets: {Layouts(o)} share no bound, so their quantiles cannot be compared") with
                {
                    BaselineCount = o.Baseline.Count,
                    CanaryCount = o.Canary.Count,
                }
                : Rule(o, common with { Bound = maxRatio }, level, q, bHigh, common.Ratio > maxRatio, spec, shared,
                    f => hc.QuantileInterval(q, 1 - 2 * level.FinalNominal, dispersion / f).Upper / hb.QuantileInterval(q, spec.Confidence, dispersion / f).Lower);
        }

        if (o.Metric.MaxValue is { } maxValue)
        {
            // The SLO is the canary's own question: its own buckets, whatever the baseline's are. The baseline is shown
            // on its own buckets too, and the ratio shown is of these two values (the shared bounds' ratio is the
            // relative check's), so what the finding prints is what this check read.
            var own = o.Canary.Cumulative()!;
            var (low, high) = own.QuantileInterval(q, 1 - 2 * level.Nominal, dispersion);
            var value = own.Quantile(q);
            var baseline = o.Baseline.Cumulative()!;
            var baselineValue = baseline.Quantile(q);
            var (baselineLow, baselineHigh) = baseline.QuantileInterval(q, spec.Confidence, dispersion);
            var slo = common with
            {
                Rule = "slo",
                Bound = maxValue,
                CanaryValue = value,
                CanaryInterval = (low, high),
                BaselineValue = baselineValue,
                Ratio = baselineValue > 0 ? value / baselineValue : double.NaN,
                RatioInterval = (baselineHigh > 0 ? low / baselineHigh : double.NaN, baselineLow > 0 ? high / baselineLow : double.PositiveInfinity),
            };
            yield return Rule(o, slo, level, q, maxValue, value > maxValue, spec, null, f => own.QuantileInterval(q, 1 - 2 * level.FinalNominal, dispersion / f).Upper);
        }
    }

    /// <param name="upperAtScale">The check's interval upper end with every count times f, at the last look's level (<see cref="WithinBoundsEstimate"/>).</param>
    private static CheckResult Rule(SliceObservation o, CheckResult result, SliceLevel level, double q, double threshold, bool beyond, CanarySpec spec, double[]? shared, Func<double, double> upperAtScale)
    {
        var dispersion = result.Dispersion;
        var (slow, total, p) = Slower(o, threshold, q, dispersion, shared);
        var unbounded = double.IsPositiveInfinity(threshold);
        return WithinBoundsEstimate.Stamp(result with
        {
            CanaryEvents = slow,
            PValue = p,
            Status = !beyond ? CheckStatus.Within : level.Rejected && p <= level.Nominal ? CheckStatus.Worse : CheckStatus.Exceeds,
            MoreCanaryRequests = beyond && !unbounded
                ? RatioJudge.More(total / dispersion, level.FinalNominal, f => Binomial.TestGreater((long)Math.Round(slow / dispersion * f), (long)Math.Round(total / dispersion * f), 1 - q)) * dispersion
                : null,
            Detail = beyond && unbounded ? Unbounded(o, spec, q, dispersion) : "",
            Test = (unbounded
                    ? $"one test per slice: no test yet, the baseline's {Name(q)} has no upper bound at {spec.Confidence:0.####} with its requests"
                    : $"one test per slice: binomial test of requests slower than {threshold:0.####}s against {1 - q:0.####} (exact)")
                + (shared is { Length: > 0 } ? $"; canary and baseline buckets differ ({Layouts(o)}): compared on the shared bounds le {string.Join(", ", shared.Select(Bound))}" : "")
                + (spec.OverTime ? OverTime.TestText(o, dispersion) : "")
                + "; O'Brien-Fleming alpha spending over the looks",
        }, upperAtScale);
    }

    /// <summary>
    /// Why an estimate beyond maxRatio cannot be tested yet: "the baseline's p99 has no upper bound at 0.99 with 312
    /// requests (about 528 bound it)". The order-statistic bound is finite when the n-th request's rank is inside the
    /// binomial's 1 − α/2 quantile: 1 − qⁿ ≥ 1 − α/2, so n ≥ ln(α/2) / ln q (528 for the p99 at 0.99; the same n as
    /// <see cref="Histogram.QuantileInterval"/>'s rule, checked against SciPy's binom.ppf), counted as that rule counts:
    /// requests divided by the dispersion.
    /// </summary>
    private static string Unbounded(SliceObservation o, CanarySpec spec, double q, double dispersion)
    {
        var alpha = 1 - spec.Confidence;
        var need = (long)Math.Ceiling(Math.Ceiling(Math.Log(alpha / 2) / Math.Log(q) - 1e-9) * dispersion);
        return $"the baseline's {Name(q)} has no upper bound at {spec.Confidence:0.####} with {o.Baseline.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} requests (about {need.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} bound it), so no canary count can decide it yet";
    }

    private static string Name(double q) => "p" + (q * 100).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

    private static string Bound(double le) => le.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static string Layouts(SliceObservation o) =>
        $"canary le {string.Join(", ", o.Canary.Cumulative()!.FiniteBounds.Select(Bound))}, baseline le {string.Join(", ", o.Baseline.Cumulative()!.FiniteBounds.Select(Bound))}";

    /// <summary>The finite bounds both groups' histograms have, when their layouts differ; null when they are the same.</summary>
    private static double[]? SharedBounds(SliceObservation o)
    {
        var b = o.Baseline.Cumulative()!.FiniteBounds.ToArray();
        var c = o.Canary.Cumulative()!.FiniteBounds.ToArray();
        return b.SequenceEqual(c) ? null : [.. b.Intersect(c)];
    }

    private static Histogram View(Histogram h, double[]? shared) => shared is null ? h : h.OnBounds(shared);

    private static double BaselineHigh(SliceObservation o, CanarySpec spec, double dispersion, double[]? shared) =>
        View(o.Baseline.Cumulative()!, shared).QuantileInterval(o.Metric.Quantile, spec.Confidence, dispersion).Upper;

    /// <summary>
    /// The canary's requests slower than <paramref name="threshold"/> over the window: each step's count interpolated
    /// inside its bucket, summed unrounded (the count the summed histogram interpolates to) and rounded once, so a
    /// threshold just inside a bucket does not round every step's share up to the whole bucket, nor down to none.
    /// </summary>
    private static (long Slow, long Total, double P) Slower(SliceObservation o, double threshold, double q, double dispersion, double[]? shared)
    {
        var (above, requests) = (0.0, 0.0);
        foreach (var h in o.Canary.Histograms)
        {
            if (h is not null)
            {
                above += View(h, shared).CountAbove(threshold);
                requests += h.Count;
            }
        }

        var (slow, total) = ((long)Math.Round(above), (long)Math.Round(requests));
        return (slow, total, Binomial.TestGreater((long)Math.Round(slow / dispersion), (long)Math.Round(total / dispersion), 1 - q));
    }
}
