using Tollgate.Canary.Spec;
using Tollgate.Domain.Statistics;
using Tollgate.Domain.Statistics.Drift;

namespace Tollgate.Canary.Judgement;

/// <summary>
/// A service judged against itself before a change (<see cref="CanarySpec.OverTime"/>) has no group beside it to share
/// what the hour brings: a dependency's one-minute burst of errors, an error level that wanders more than Poisson
/// counts do. Two defences, for ratio and latency metrics (a latency interval's "errors" are its requests slower than
/// the baseline's quantile):
/// <list type="bullet">
/// <item>an interval whose errors the group's other intervals make improbable (Poisson at their rate, upper tail below
/// <see cref="OutlierLevel"/>) is left out of that group, at most one per group (the one with the most errors), so a
/// burst on either side neither rolls back a good change nor hides a bad one; a steady excess, a regression's, is no
/// outlier among its own intervals and stays. Looking needs two intervals with requests in each group, so a slice
/// with one is not judged yet (<see cref="Trim"/>);</item>
/// <item>the counts are divided by the baseline's dispersion (<see cref="Dispersion"/>), Pearson's chi-square of its
/// intervals (bursts left out) about each slice's own rate, pooled across slices, at its upper 90% bound and never
/// below 1 (quasi-Poisson), so a service whose errors vary more than Poisson counts needs that much more evidence.</item>
/// </list>
/// </summary>
public static class OverTime
{
    /// <summary>
    /// The one-sided confidence of the dispersion's upper bound: with a few dozen intervals its estimate is noisy, and
    /// one that comes out low by chance would let the service's own variation roll back a good change.
    /// </summary>
    public const double DispersionConfidence = 0.9;

    /// <summary>The upper-tail probability below which an interval's errors are a burst, not the group's own rate.</summary>
    public const double OutlierLevel = 0.001;

    /// <summary>
    /// The observation with each group's burst left out (that interval's requests, errors and histogram removed) and
    /// <see cref="SliceObservation.Checked"/> true; unchanged when a group has fewer than two intervals with requests,
    /// and for raw samples. A latency metric's "errors" are the requests slower than the baseline's quantile.
    /// </summary>
    /// <param name="dispersion">The baseline's dispersion before any interval is left out: an interval is a burst when
    /// its errors are improbable even at that much variation (quasi-Poisson: counts divided by it).</param>
    public static SliceObservation Trim(SliceObservation o, double dispersion)
    {
        if (o.Metric.Type == MetricType.Samples || Intervals(o.Baseline) < 2 || Intervals(o.Canary) < 2)
        {
            return o;
        }

        var threshold = Threshold(o);
        var (baseline, baselineBurst) = WithoutBurst(o.Baseline, Events(o.Metric, o.Baseline, threshold), dispersion);
        var (canary, canaryBurst) = WithoutBurst(o.Canary, Events(o.Metric, o.Canary, threshold), dispersion);
        return o with { Baseline = baseline, Canary = canary, Checked = true, LeftOut = (baselineBurst, canaryBurst) };
    }

    /// <summary>
    /// A slice with a single interval with requests before the change and two or more after, of a ratio or latency
    /// metric with an SLO bound: the observation to judge that bound alone with (the metric without <c>maxRatio</c>, the
    /// burst after the change left out as <see cref="Trim"/> would), since the SLO test reads nothing before the change;
    /// null for any other slice. The relative rule still waits for a second interval before (<see cref="DataGate.OneInterval"/>).
    /// </summary>
    /// <param name="dispersion">The metric's dispersion (looked up under its own metric, with <c>maxRatio</c>).</param>
    public static SliceObservation? SloOnly(SliceObservation o, double dispersion)
    {
        if (!SloJudged(o))
        {
            return null;
        }

        var (canary, burst) = WithoutBurst(o.Canary, Events(o.Metric, o.Canary, Threshold(o)), dispersion);
        return o with { Metric = o.Metric with { MaxRatio = null }, Canary = canary, LeftOut = (null, burst), SloOnly = true };
    }

    /// <summary>
    /// What a test's name says of this before-and-after judgement: which intervals a burst was looked for in (either
    /// group's, or, for a slice judged on its SLO bound alone, the intervals after) and the dispersion the counts were
    /// divided by.
    /// </summary>
    internal static string TestText(SliceObservation o, double dispersion) =>
        (o.SloOnly ? "; before and after: one interval before, so the SLO bound alone on the intervals after (a burst left out of them)"
            : "; before and after: a burst interval left out of either group")
        + $", counts divided by the baseline's dispersion over time ({dispersion:0.##})";

    /// <summary>Whether the slice is judged on its SLO bound alone (<see cref="SloOnly"/>): one interval before, two or more after, a <c>maxValue</c>.</summary>
    internal static bool SloJudged(SliceObservation o) =>
        o.Metric.Type != MetricType.Samples && !o.Checked && o.Metric.MaxValue is not null && Intervals(o.Baseline) == 1 && Intervals(o.Canary) >= 2;

    /// <summary>
    /// The baseline's variation beyond Poisson over the intervals (asked first of the intervals as measured, to look for
    /// bursts with, then with the bursts left out, to judge with): Pearson's X² = Σ (x − n·p̂)² / (n·p̂) over every
    /// slice's intervals with requests, x its errors (or requests slower than the slice's baseline quantile), p̂ the
    /// slice's own rate, on df = Σ (intervals − 1), taken at its upper <see cref="DispersionConfidence"/> bound, X² over
    /// the χ²(df) quantile of 1 − that; 1 without degrees of freedom or below 1.
    /// </summary>
    public static double Dispersion(IEnumerable<SliceObservation> slices)
    {
        double chi = 0, df = 0;
        foreach (var o in slices)
        {
            var b = o.Baseline;
            var events = Events(o.Metric, b, Threshold(o));
            var requests = b.Totals.Sum();
            var rate = requests > 0 ? Math.Min(events.Sum(), requests) / requests : 0;
            if (rate <= 0 || Intervals(b) < 2)
            {
                continue;
            }

            for (var t = 0; t < b.Steps; t++)
            {
                if (b.Totals[t] > 0)
                {
                    var expected = b.Totals[t] * rate;
                    chi += (events[t] - expected) * (events[t] - expected) / expected;
                }
            }

            df += Intervals(b) - 1;
        }

        return df > 0 ? Math.Max(1, chi / ChiSquared.Quantile(1 - DispersionConfidence, df)) : 1;
    }

    /// <summary>The group's intervals with requests.</summary>
    internal static int Intervals(GroupObservation group) => group.Totals.Count(t => t > 0);

    /// <summary>A latency metric's line between fast and slow: the baseline's quantile over its intervals; NaN for a ratio.</summary>
    private static double Threshold(SliceObservation o) =>
        o.Metric.Type == MetricType.Latency ? o.Baseline.Cumulative()?.Quantile(o.Metric.Quantile) ?? double.NaN : double.NaN;

    /// <summary>Each interval's events: a ratio's errors, a latency's requests slower than the threshold.</summary>
    private static double[] Events(MetricSpec metric, GroupObservation group, double threshold) =>
        metric.Type == MetricType.Ratio ? group.Events
        : group.Histograms.Select(h => h is null || double.IsNaN(threshold) ? 0 : h.CountAbove(threshold)).ToArray();

    /// <summary>The group without its interval of most events when the others make that many improbable, and that interval's index.</summary>
    private static (GroupObservation Group, int? Burst) WithoutBurst(GroupObservation group, double[] events, double dispersion)
    {
        var worst = -1;
        for (var t = 0; t < group.Steps; t++)
        {
            if (group.Totals[t] > 0 && (worst < 0 || events[t] > events[worst]))
            {
                worst = t;
            }
        }

        double others = 0, requests = 0;
        for (var t = 0; t < group.Steps; t++)
        {
            if (t != worst)
            {
                others += Math.Min(events[t], group.Totals[t]);
                requests += group.Totals[t];
            }
        }

        // The others' rate, half an event when they have none (so a first error is never a burst by itself).
        var expected = group.Totals[worst] * Math.Max(others, 0.5) / requests;
        if (GammaPoisson.PoissonTail((long)Math.Round(events[worst] / dispersion), expected / dispersion) >= OutlierLevel)
        {
            return (group, null);
        }

        var trimmed = new GroupObservation(group.Steps) { Present = group.Present, NonFinite = group.NonFinite, Problem = group.Problem };
        for (var t = 0; t < group.Steps; t++)
        {
            if (t != worst)
            {
                trimmed.Events[t] = group.Events[t];
                trimmed.Totals[t] = group.Totals[t];
                trimmed.Histograms[t] = group.Histograms[t];
            }
        }

        return (trimmed, worst);
    }
}
