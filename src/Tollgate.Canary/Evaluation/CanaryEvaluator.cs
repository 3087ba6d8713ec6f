using System.Globalization;
using Tollgate.Canary.Judgement;
using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;
using Tollgate.Domain;

namespace Tollgate.Canary.Evaluation;

/// <summary>
/// One evaluation: asks the source whether it is up, runs every query of every metric for both groups over the window
/// (one range query each, step = interval), sorts the series into slices, and hands them to the judge.
/// </summary>
public sealed class CanaryEvaluator(CanarySpec spec, IMetricSource source)
{
    /// <summary>
    /// True when an answer that refuses the URL or the credentials (<see cref="MetricResponse.Refused"/>) is bad
    /// configuration (exit 3), as for <c>tollgate canary</c>; false where it must stay a hold that keeps the watch going
    /// (a deploy already live).
    /// </summary>
    public bool RefusalIsError { get; init; }

    public async Task<CanaryJudgement> EvaluateAsync(EvaluationWindow window, bool requireFullWindow, CancellationToken cancellationToken)
    {
        if (window.Steps < 1)
        {
            return CanaryJudge.Judge(spec, [], false, []) with { Verdict = Domain.Verdicts.Verdict.Hold, Reason = "window not over: no complete interval yet" };
        }

        // A source that refuses the URL or the credentials is a configuration error (exit 3), found on the first request:
        // holding would only wait out the watch for the same answer.
        var probe = Checked(await source.InstantAsync("vector(1)", window.End, cancellationToken));
        if (probe.Unavailable is { } sourceDown)
        {
            return CanaryJudge.Judge(spec, [], false, [sourceDown]);
        }

        var unavailable = new List<string>();
        var observations = new List<SliceObservation>();
        foreach (var metric in spec.Metrics)
        {
            var slices = new Dictionary<SliceKey, (GroupObservation Baseline, GroupObservation Canary)>();
            (GroupObservation, GroupObservation) SliceOf(SliceKey key)
            {
                if (!slices.TryGetValue(key, out var pair))
                {
                    pair = (new GroupObservation(window.Steps), new GroupObservation(window.Steps));
                    slices[key] = pair;
                }

                return pair;
            }

            // A query the source did not answer leaves its field unknown, not zero: every slice of that group is
            // no-data (an unanswered errors query must never read as "no errors", for either group).
            var down = new string?[2];
            foreach (var canaryGroup in (bool[])[false, true])
            {
                var selector = canaryGroup ? spec.CanarySelector : spec.BaselineSelector;
                foreach (var (field, template) in metric.Queries())
                {
                    var query = template.Render(selector, spec.Interval);
                    var response = Checked(await source.RangeAsync(query, window.FirstPoint, window.LastPoint, spec.Interval, cancellationToken));
                    if (response.Unavailable is { } reason)
                    {
                        unavailable.Add($"{metric.Name} {(canaryGroup ? "canary" : "baseline")} {field}: {reason}");
                        down[canaryGroup ? 1 : 0] ??= $"{field}: no answer from the source";
                        continue;
                    }

                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var series in response.Series)
                    {
                        var pair = SliceOf(SliceKey.From(spec.SliceBy, series.Labels));
                        var group = canaryGroup ? pair.Item2 : pair.Item1;
                        if (AnswerCheck.MissingLabels(spec.SliceBy, series) is { } missing)
                        {
                            group.Problem ??= $"{field}: a series without the sliceBy label{(missing.Contains(',') ? "s" : "")} {missing}";
                        }

                        if (!seen.Add(AnswerCheck.Signature(series)))
                        {
                            group.Problem ??= $"{field}: the same series twice in one answer ({AnswerCheck.Signature(series)})";
                        }

                        Add(group, field, series, window);
                    }
                }
            }

            foreach (var (key, (baseline, canary)) in slices.OrderBy(kv => kv.Key.ToString(), StringComparer.Ordinal))
            {
                baseline.Problem ??= down[0];
                canary.Problem ??= down[1];
                Finish(baseline);
                Finish(canary);
                observations.Add(new SliceObservation(key, metric, baseline, canary));
            }
        }

        observations.AddRange(Unseen(observations, window.Steps));
        return CanaryJudge.Judge(spec, observations, IsComplete(observations, requireFullWindow), unavailable);
    }

    private MetricResponse Checked(MetricResponse response) =>
        response.Refused && RefusalIsError ? throw new InvalidInputException(response.Unavailable!) : response;

    /// <summary>
    /// Every slice is judged on every metric: a slice that one metric saw and another did not (a typo'd metric name
    /// returns no series at all; an endpoint without a histogram) is <c>no-data</c> for the metric that missed it, so
    /// it is never promoted on the metrics that happened to answer.
    /// </summary>
    private IEnumerable<SliceObservation> Unseen(List<SliceObservation> observations, int steps)
    {
        var slices = observations.Select(o => o.Slice).Distinct().OrderBy(s => s.ToString(), StringComparer.Ordinal).ToList();
        foreach (var metric in spec.Metrics)
        {
            var seen = observations.Where(o => o.Metric == metric).Select(o => o.Slice).ToHashSet();
            var why = seen.Count == 0
                ? $"no series in either group: the {string.Join(" and ", metric.Queries().Select(q => q.Field))} quer{(metric.Queries().Count() == 1 ? "y" : "ies")} returned none for any slice (check the metric name and labels)"
                : "no series in either group for this slice (other metrics have it)";
            foreach (var slice in slices.Where(s => !seen.Contains(s)))
            {
                yield return new SliceObservation(slice, metric, new GroupObservation(steps), new GroupObservation(steps)) { Absent = why };
            }
        }
    }

    /// <summary>The window is complete when the canary already had traffic in its first step (it ran the whole window).</summary>
    private static bool IsComplete(List<SliceObservation> observations, bool requireFullWindow) =>
        observations.Count > 0 && (!requireFullWindow || observations.Any(o => o.Canary.Totals.Length > 0 && o.Canary.Totals[0] > 0));

    private static void Add(GroupObservation group, string field, MetricSeries series, EvaluationWindow window)
    {
        if (field == "buckets")
        {
            if (!series.Labels.TryGetValue("le", out var le))
            {
                return;
            }

            var bound = double.PositiveInfinity;
            if (le != "+Inf" && !double.TryParse(le, NumberStyles.Float, CultureInfo.InvariantCulture, out bound))
            {
                group.Problem ??= $"buckets: a bucket bound le=\"{le}\" that is not a number";
                return;
            }

            group.Present = true;
            foreach (var point in series.Points)
            {
                var step = window.StepOf(point.Timestamp);
                if (step < 0 || Flag(group, point.Value))
                {
                    continue;
                }

                if (AnswerCheck.Impossible(field, point.Value) is { } impossible)
                {
                    group.Problem ??= $"buckets: {impossible}";
                    continue;
                }

                group.BucketPoints.Add((step, new Domain.Statistics.HistogramBucket(bound, point.Value)));
            }

            return;
        }

        if (field != "errors")
        {
            group.Present = true;
        }

        foreach (var point in series.Points)
        {
            var step = window.StepOf(point.Timestamp);
            if (step < 0 || Flag(group, point.Value))
            {
                continue;
            }

            if (AnswerCheck.Impossible(field, point.Value) is { } impossible)
            {
                group.Problem ??= $"{field}: {impossible} at {Rfc3339.Format(DateTimeOffset.FromUnixTimeMilliseconds((long)(point.Timestamp * 1000)))}";
                continue;
            }

            switch (field)
            {
                case "errors":
                    group.Events[step] += point.Value;
                    break;
                case "total":
                    group.Totals[step] += point.Value;
                    break;
                default:
                    group.Samples.Add(point.Value);
                    group.Totals[step] += 1;
                    break;
            }
        }
    }

    private static bool Flag(GroupObservation group, double value)
    {
        if (double.IsFinite(value))
        {
            return false;
        }

        group.HasNaN = true;
        return true;
    }

    private static void Finish(GroupObservation group)
    {
        // Errors without any total series: the total query (a typo'd metric name?) answered nothing for this slice.
        group.Problem ??= !group.Present && group.Events.Any(e => e > 0)
            ? "total: no series for this slice while the errors query has some (check the total query's metric name and labels)"
            : AnswerCheck.ErrorsAboveTotals(group);
        foreach (var step in group.BucketPoints.GroupBy(p => p.Step))
        {
            // Several series of one slice (a query that also keeps pod or instance) add up bucket by bucket, as sum by (le) does.
            var histogram = new Domain.Statistics.Histogram(step.GroupBy(p => p.Bucket.UpperBound)
                .Select(b => new Domain.Statistics.HistogramBucket(b.Key, b.Sum(p => p.Bucket.CumulativeCount))));
            group.Histograms[step.Key] = histogram;
            group.Totals[step.Key] = histogram.Count;
        }
    }
}
