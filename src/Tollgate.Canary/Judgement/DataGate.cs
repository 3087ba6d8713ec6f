namespace Tollgate.Canary.Judgement;

/// <summary>
/// The checks before any test: no series, NaN, an answer that cannot be counts (negative, absurd, errors above totals,
/// slice labels missing, duplicate series) or zero canary traffic is <c>no-data</c>; fewer than <c>minSamples</c> in
/// either group is <c>min-samples</c>. Both hold; neither may ever pass or fail a slice.
/// </summary>
internal static class DataGate
{
    /// <summary>The canary group has no series: before its first request, as at a rollout's weight 0.</summary>
    internal const string NoCanarySeries = "no canary series";

    /// <summary>The canary group's series count no requests in the window.</summary>
    internal const string NoCanaryTraffic = "no canary traffic";

    public static CheckResult? Stop(SliceObservation o, long minSamples)
    {
        var (b, c) = (o.Baseline, o.Canary);
        string? noData = c.HasNaN ? $"the source returned NaN or infinite values (canary {c.NonFinite})"
            : b.HasNaN ? $"the source returned NaN or infinite values (baseline {b.NonFinite})"
            : c.Problem is { } cp ? $"canary: {cp}"
            : b.Problem is { } bp ? $"baseline: {bp}"
            : (b.Present, c.Present) switch
            {
                (false, false) => o.Absent ?? "no series in either group",
                (true, false) => NoCanarySeries,
                (false, true) => "no baseline series",
                _ => c.Count == 0 ? NoCanaryTraffic : b.Count == 0 ? "no baseline traffic" : null,
            };
        if (noData is not null)
        {
            // A canary without traffic yet, beside a baseline below its floor: more canary weight takes requests from the
            // baseline, so it is said (and is not a hold that only waits for canary traffic).
            var baselineShort = noData is NoCanarySeries or NoCanaryTraffic && b.Present && b.Count < minSamples;
            return new CheckResult(o.Slice, o.Metric.Name, "no-data", CheckStatus.NoData, baselineShort ? $"{noData}, and baseline {b.Count} < minSamples {minSamples}" : noData) with
            {
                BaselineCount = b.Count,
                CanaryCount = c.Count,
                Below = baselineShort ? (minSamples, ["canary", "baseline"]) : null,
            };
        }

        if (b.Count < minSamples || c.Count < minSamples)
        {
            // Both named when both are short: more canary traffic cures the canary's want, never the baseline's.
            var below = new (string Group, long Count)[] { ("canary", c.Count), ("baseline", b.Count) }.Where(g => g.Count < minSamples).ToList();
            var which = string.Join(" and ", below.Select(g => $"{g.Group} {g.Count}"));
            return new CheckResult(o.Slice, o.Metric.Name, "min-samples", CheckStatus.MinSamples, $"{which} < minSamples {minSamples}") with
            {
                BaselineCount = b.Count,
                CanaryCount = c.Count,
                BaselineValue = Value(o.Metric, b),
                CanaryValue = Value(o.Metric, c),
                Below = (minSamples, [.. below.Select(g => g.Group)]),
            };
        }

        return null;
    }

    /// <summary>
    /// A slice whose groups miss steps of the window (<see cref="GroupObservation.Gap"/>): <c>no-data</c>, made beside
    /// its tests rather than instead of them, so what the steps it has show can still roll it back, and it is never
    /// promoted on them.
    /// </summary>
    public static CheckResult? Gap(SliceObservation o)
    {
        var detail = (o.Canary.Gap, o.Baseline.Gap) switch
        {
            (null, null) => null,
            ({ } canary, null) => $"canary: {canary}",
            (null, { } baseline) => $"baseline: {baseline}",
            ({ } canary, { } baseline) => $"canary: {canary}; baseline: {baseline}",
        };
        return detail is null ? null
            : new CheckResult(o.Slice, o.Metric.Name, "no-data", CheckStatus.NoData, detail) with
            {
                BaselineCount = o.Baseline.Count,
                CanaryCount = o.Canary.Count,
                Incomplete = true,
            };
    }

    /// <summary>
    /// Before and after a change (<see cref="OverTime"/>): a ratio or latency metric with a single interval with requests in either
    /// group is not judged yet (<c>min-samples</c>, without a floor): one interval cannot show whether its errors are
    /// a burst or the group's rate. The reason names the short side and how many intervals with requests each side had.
    /// </summary>
    public static CheckResult? OneInterval(SliceObservation o) =>
        o.Metric.Type == Spec.MetricType.Samples || o.Checked ? null
        : new CheckResult(o.Slice, o.Metric.Name, "min-samples", CheckStatus.MinSamples, OneIntervalReason(OverTime.Intervals(o.Baseline), OverTime.Intervals(o.Canary), OverTime.SloJudged(o) ? o.Metric.MaxRatio is not null : null)) with
        {
            BaselineCount = o.Baseline.Count,
            CanaryCount = o.Canary.Count,
            BaselineValue = Value(o.Metric, o.Baseline),
            CanaryValue = Value(o.Metric, o.Canary),
        };

    /// <summary>
    /// Which side has a single interval with requests (before the deploy, after it, or both), with each side's count;
    /// when the SLO bound is judged meanwhile (<see cref="OverTime.SloOnly"/>), says so and that the relative rule
    /// (<paramref name="sloJudged"/> true) or the slice (false, no <c>maxRatio</c>) holds.
    /// </summary>
    /// <param name="sloJudged">null when nothing is judged; else whether the metric has a relative rule.</param>
    internal static string OneIntervalReason(int before, int after, bool? sloJudged = null)
    {
        var side = (before < 2, after < 2) switch
        {
            (true, true) => "before and after",
            (true, false) => $"before (after: {after} intervals)",
            _ => $"after (before: {before} intervals)",
        };
        var judged = sloJudged switch
        {
            true => " the SLO bound (maxValue) is judged on the intervals after; the relative rule (maxRatio) holds:",
            false => " the SLO bound (maxValue) is judged on the intervals after; the slice holds:",
            null => "",
        };
        return $"one interval with requests {side}:{judged} a burst is told from a rate by a side's other intervals, so two are needed on each side";
    }

    /// <summary>The group's value as far as it goes, for the evidence of a slice that is not judged yet.</summary>
    private static double Value(Spec.MetricSpec metric, GroupObservation group) => metric.Type switch
    {
        Spec.MetricType.Ratio => group.Count > 0 ? Math.Min(group.EventCount, group.Count) / (double)group.Count : double.NaN,
        Spec.MetricType.Latency => group.Cumulative()?.Quantile(metric.Quantile) ?? double.NaN,
        _ => group.Samples.Count > 0 ? group.Samples.Order().ElementAt(group.Samples.Count / 2) : double.NaN,
    };
}
