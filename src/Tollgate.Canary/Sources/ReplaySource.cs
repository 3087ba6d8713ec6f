using System.Net;
using System.Text.Json;

namespace Tollgate.Canary.Sources;

/// <summary>
/// <c>--replay DIR</c>: answers from a recording made with <c>--record</c>, through the same parser as live answers, so a
/// decision can be judged again offline (in CI, or to reproduce it later). A request that was never recorded is
/// unavailable, never empty.
/// </summary>
public sealed class ReplaySource(string directory) : IMetricSource
{
    public Task<MetricResponse> RangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) =>
        Task.FromResult(Answer(RecordedRequest.Range(query, start, end, step)));

    public Task<MetricResponse> InstantAsync(string query, DateTimeOffset at, CancellationToken cancellationToken) =>
        Task.FromResult(Answer(RecordedRequest.Instant(query, at)));

    private MetricResponse Answer(RecordedRequest request)
    {
        var file = Path.Combine(directory, request.Key() + ".json");
        if (!File.Exists(file))
        {
            return MetricResponse.Down($"the recording in {directory} has no answer for {request.Endpoint} {PrometheusResponse.Excerpt(request.Query)} (recorded with another --at or spec?)");
        }

        using var document = JsonDocument.Parse(File.ReadAllText(file));
        var root = document.RootElement;
        if (root.TryGetProperty("unavailable", out var unavailable))
        {
            return MetricResponse.Down(unavailable.GetString() ?? "unavailable");
        }

        return PrometheusResponse.Parse((HttpStatusCode)root.GetProperty("status").GetInt32(), root.GetProperty("body").GetString() ?? "", request.Query);
    }
}
