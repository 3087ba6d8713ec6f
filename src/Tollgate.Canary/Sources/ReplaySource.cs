using System.Net;
using System.Text.Json;
using Tollgate.Domain;

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

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(file));
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{file}: not a recording made with --record (line {e.LineNumber + 1}: not valid JSON)");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("unavailable", out var unavailable) && unavailable.ValueKind == JsonValueKind.String)
            {
                return MetricResponse.Down(unavailable.GetString()!);
            }

            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Number || !status.TryGetInt32(out var code)
                || !root.TryGetProperty("body", out var body) || body.ValueKind != JsonValueKind.String)
            {
                throw new InvalidInputException($"{file}: not a recording made with --record (needs \"status\" as a number and \"body\" as a string, or \"unavailable\")");
            }

            return PrometheusResponse.Parse((HttpStatusCode)code, body.GetString()!, request.Query);
        }
    }
}
