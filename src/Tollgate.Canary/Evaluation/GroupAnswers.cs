using System.Globalization;
using Tollgate.Canary.Judgement;
using Tollgate.Canary.Sources;
using Tollgate.Domain;

namespace Tollgate.Canary.Evaluation;

/// <summary>
/// Puts the answers' points into a group's observation step by step, and checks them as they go: NaN and infinities
/// flagged, impossible counts (<see cref="AnswerCheck"/>) made the group's problem; several series of one slice add up.
/// </summary>
internal static class GroupAnswers
{
    /// <summary>One series' points into the group, by step: errors, totals, bucket counts or samples; NaN and impossible values flagged.</summary>
    public static void Add(GroupObservation group, string field, MetricSeries series, EvaluationWindow window)
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
            foreach (var (step, value) in Valid(group, field, series, window))
            {
                group.BucketPoints.Add((step, new Domain.Statistics.HistogramBucket(bound, value)));
            }

            return;
        }

        if (field != "errors")
        {
            group.Present = true;
        }

        foreach (var (step, value) in Valid(group, field, series, window))
        {
            switch (field)
            {
                case "errors":
                    group.Events[step] += value;
                    break;
                case "total":
                    group.Totals[step] += value;
                    break;
                default:
                    group.Samples.Add(value);
                    group.Totals[step] += 1;
                    break;
            }
        }
    }

    // The series' points inside the window that can be counted: NaN and infinities flagged, an impossible value made the
    // group's problem (a bucket count's without its time, as before), both left out.
    private static IEnumerable<(int Step, double Value)> Valid(GroupObservation group, string field, MetricSeries series, EvaluationWindow window)
    {
        foreach (var point in series.Points)
        {
            var step = window.StepOf(point.Timestamp);
            if (step >= 0 && field != "errors")
            {
                group.Covered[step] = true;
            }

            if (step < 0)
            {
                continue;
            }

            // A samples query's NaN is a step without a value (an average of a series without requests in it: 0/0): left
            // out and counted, as a step without a point is. A count's NaN, or any infinity, is not.
            if (field == "samples" && double.IsNaN(point.Value))
            {
                group.NaNSamples++;
                continue;
            }

            if (!double.IsFinite(point.Value))
            {
                group.NonFinite ??= $"{field} {point.Value.ToString(CultureInfo.InvariantCulture)} at {Rfc3339.Format(DateTimeOffset.FromUnixTimeMilliseconds((long)(point.Timestamp * 1000)))} in {AnswerCheck.Signature(series)}";
                continue;
            }

            if (AnswerCheck.Impossible(field, point.Value) is { } impossible)
            {
                group.Problem ??= field == "buckets"
                    ? $"buckets: {impossible}"
                    : $"{field}: {impossible} at {Rfc3339.Format(DateTimeOffset.FromUnixTimeMilliseconds((long)(point.Timestamp * 1000)))}";
                continue;
            }

            yield return (step, point.Value);
        }
    }

    /// <summary>Once every answer is in: errors without totals, errors above totals, and the histograms per step.</summary>
    public static void Finish(GroupObservation group)
    {
        // Errors without any total series: the total query (a typo'd metric name?) answered nothing for this slice.
        group.Problem ??= !group.Present && group.Events.Any(e => e > 0)
            ? "total: no series for this slice while the errors query has some (check the total query's metric name and labels)"
            : AnswerCheck.ErrorsAboveTotals(group);

        // Without its le="+Inf" bucket a histogram's count is unknown and the requests slower than its last bound are
        // not in it: the slow ones a regression adds would go uncounted (histogram_quantile answers NaN for it).
        if (group.BucketPoints.Count > 0 && !group.BucketPoints.Any(p => double.IsPositiveInfinity(p.Bucket.UpperBound)))
        {
            var last = group.BucketPoints.Max(p => p.Bucket.UpperBound).ToString("R", CultureInfo.InvariantCulture);
            group.Problem ??= $"buckets: no le=\"+Inf\" bucket, so requests slower than le=\"{last}\" are not counted (does the query filter le?)";
        }
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
