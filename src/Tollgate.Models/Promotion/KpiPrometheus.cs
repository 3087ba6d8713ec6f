using System.Globalization;
using Tollgate.Canary.Sources;

namespace Tollgate.Models.Promotion;

/// <summary>
/// Reads a KPI spec's Prometheus queries for the candidate and the live version at one instant (each over the spec's
/// window) through the canary's <see cref="IMetricSource"/>. The labels a query keeps are the slice; every slice also
/// counts in <c>(all)</c>, as in a prediction log. A source that is down, a query without any series for a version,
/// a value that is not a finite number (or a negative count, or more conversions than requests for a 0/1 KPI) is a
/// <see cref="KpiReading.Problem"/>: the gate holds with that reason. Never zeros that look like a healthy candidate.
/// </summary>
public static class KpiPrometheus
{
    public static async Task<KpiReading> ReadAsync(
        IMetricSource source, KpiQueries queries, string model, string candidate, string live, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var proportion = queries.TotalSquares is null;
        var sent = new List<string>();
        var arms = new Dictionary<string, (KpiArm Candidate, KpiArm Live)>(StringComparer.Ordinal);
        foreach (var (version, isCandidate) in new[] { (candidate, true), (live, false) })
        {
            var parts = new Dictionary<string, double[]>(StringComparer.Ordinal);
            var templates = new List<(string Name, string Template)> { ("requests", queries.Requests), ("total", queries.Total) };
            if (queries.TotalSquares is { } squares)
            {
                templates.Add(("totalSquares", squares));
            }

            for (var q = 0; q < templates.Count; q++)
            {
                var (name, template) = templates[q];
                var query = KpiQueries.Render(template, model, version, queries.Window);
                sent.Add(query);
                var answer = await source.InstantAsync(query, at, cancellationToken);
                if (answer.Unavailable is { } down)
                {
                    return KpiReading.Failed($"metric source unavailable: {down}", sent);
                }

                if (answer.Series.Count == 0)
                {
                    return KpiReading.Failed($"no data: prometheus.{name} for version {version} returned no series ({Excerpt(query)})", sent);
                }

                foreach (var series in answer.Series)
                {
                    var slice = Slice(series.Labels);
                    var value = series.Points.Count == 0 ? double.NaN : series.Points[^1].Value;
                    if (!double.IsFinite(value) || (name != "total" && value < 0))
                    {
                        return KpiReading.Failed($"bad data: prometheus.{name} for version {version} in {slice} is {value.ToString(CultureInfo.InvariantCulture)} ({Excerpt(query)})", sent);
                    }

                    if (!parts.TryGetValue(slice, out var values))
                    {
                        parts[slice] = values = [double.NaN, double.NaN, proportion ? 0 : double.NaN];
                    }

                    if (!double.IsNaN(values[q]))
                    {
                        return KpiReading.Failed($"bad data: prometheus.{name} for version {version} returns two series for {slice}; aggregate it by the slice labels only", sent);
                    }

                    values[q] = value;
                }
            }

            foreach (var (slice, values) in parts)
            {
                if (values.Any(double.IsNaN))
                {
                    return KpiReading.Failed($"no data: version {version} has {(double.IsNaN(values[0]) ? "no requests" : "no KPI total")} for {slice}; the queries must keep the same labels", sent);
                }

                // increase() extrapolates numerator and denominator apart: allow a rounding's worth above the count.
                if (proportion && (values[1] < 0 || values[1] > values[0] * 1.001 + 1))
                {
                    return KpiReading.Failed($"bad data: version {version} in {slice} has a KPI total {F(values[1])} for {F(values[0])} requests; a 0/1 KPI needs 0 ≤ total ≤ requests (or give totalSquares)", sent);
                }

                var arm = new KpiArm(values[0], values[1], values[2]);
                var pair = arms.GetValueOrDefault(slice);
                arms[slice] = isCandidate ? (arm, pair.Live) : (pair.Candidate, arm);
            }
        }

        var slices = arms.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => (a.Key, a.Value.Candidate, a.Value.Live)).ToList();
        if (!arms.ContainsKey(KpiLog.AllRows))
        {
            var all = slices.Aggregate((Candidate: default(KpiArm), Live: default(KpiArm)), (sum, s) => (sum.Candidate.Add(s.Candidate), sum.Live.Add(s.Live)));
            slices.Insert(0, (KpiLog.AllRows, all.Candidate, all.Live));
        }

        return new KpiReading(slices) { Queries = sent };
    }

    /// <summary>A series' labels as the slice name (<c>region=eu</c>); none at all is the whole, <c>(all)</c>.</summary>
    private static string Slice(IReadOnlyDictionary<string, string> labels)
    {
        var kept = labels.Where(l => l.Key != "__name__").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}").ToList();
        return kept.Count == 0 ? KpiLog.AllRows : string.Join(",", kept);
    }

    private static string Excerpt(string query) => query.Length <= 160 ? query : query[..160] + "…";

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
