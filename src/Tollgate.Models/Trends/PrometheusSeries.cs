using Tollgate.Canary.Sources;
using Tollgate.Domain;

namespace Tollgate.Models.Trends;

/// <summary>
/// A trend's series from Prometheus: one range query through the canary's <see cref="IMetricSource"/>. The source
/// being down or the query matching nothing is a <c>hold</c> with the reason; a query that returns several series is
/// the user's to aggregate (exit 3), since a trend over a mix of series means nothing.
/// </summary>
public static class PrometheusSeries
{
    public static async Task<(Series? Series, string? Problem)> ReadAsync(
        IMetricSource source, string query, DateTimeOffset end, TimeSpan range, TimeSpan step, CancellationToken cancellationToken)
    {
        var start = end - range;
        var answer = await source.RangeAsync(query, start, end, step, cancellationToken);
        if (answer.Unavailable is { } down)
        {
            return (null, $"metric source unavailable: {down}");
        }

        if (answer.Series.Count == 0)
        {
            return (null, $"no data: {query} returned no series from {Time(start)} to {Time(end)}");
        }

        if (answer.Series.Count > 1)
        {
            var shown = answer.Series.Take(2).Select(s => "{" + string.Join(",", s.Labels.Select(l => $"{l.Key}=\"{l.Value}\"")) + "}");
            throw new InvalidInputException($"--prometheus {query} returns {answer.Series.Count} series ({string.Join(", ", shown)}, …); a trend needs one: aggregate it (avg, sum) or select one");
        }

        var points = answer.Series[0].Points.Where(p => double.IsFinite(p.Value)).ToList();
        return (new Series("prometheus:" + query,
            [.. points.Select(p => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(p.Timestamp * 1000)))],
            [.. points.Select(p => p.Value)]), null);
    }

    private static string Time(DateTimeOffset time) => Rfc3339.Format(time);
}
