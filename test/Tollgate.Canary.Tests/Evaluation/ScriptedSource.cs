using System.Globalization;
using System.Net;
using Tollgate.Canary.Sources;

namespace Tollgate.Canary.Tests.Evaluation;

/// <summary>
/// A metric source answering with Prometheus JSON written by the test, parsed by the real <see cref="PrometheusResponse"/>:
/// the hostile answers a real Prometheus cannot be made to give (negative counts, duplicate series, wrong types).
/// The body of a range query is chosen by the group (canary or baseline) and the field (errors or total).
/// </summary>
internal sealed class ScriptedSource(Func<bool, bool, string> body) : IMetricSource
{
    public Task<MetricResponse> RangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
    {
        var canary = query.Contains("v2", StringComparison.Ordinal);
        var errors = query.Contains("errors", StringComparison.Ordinal);
        return Task.FromResult(PrometheusResponse.Parse(HttpStatusCode.OK, body(canary, errors), query));
    }

    public Task<MetricResponse> InstantAsync(string query, DateTimeOffset at, CancellationToken cancellationToken) =>
        Task.FromResult(PrometheusResponse.Parse(HttpStatusCode.OK, """{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[0,"1"]}]}}""", query));

    /// <summary>A matrix answer: one series per (labels, values), one point per minute from <paramref name="first"/>.</summary>
    public static string Matrix(DateTimeOffset first, params (string Labels, string[] Values)[] series) =>
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
        + string.Join(",", series.Select(s => $"{{\"metric\":{s.Labels},\"values\":[" + string.Join(",", s.Values.Select((v, i) =>
            $"[{(first.ToUnixTimeSeconds() + 60 * i).ToString(CultureInfo.InvariantCulture)},{v}]")) + "]}"))
        + "]}}";
}
