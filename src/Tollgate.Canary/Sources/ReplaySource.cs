using System.Net;
using System.Text.Json;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;

namespace Tollgate.Canary.Sources;

/// <summary>
/// <c>--replay DIR</c>: answers from a recording made with <c>--record</c>, through the same parser as live answers, so a
/// decision can be judged again offline (in CI, or to reproduce it later). A request that was never recorded is
/// unavailable, never empty; a recorded answer that is no text (<see cref="IllFormedText"/>) is an input error naming
/// its file and where.
/// </summary>
public sealed class ReplaySource(string directory) : IMetricSource
{
    /// <summary>The largest recorded answer read: <c>--record</c> keeps answers of up to 64 MB, escaped into JSON.</summary>
    public const long MaxAnswerBytes = 256L << 20;

    public Task<MetricResponse> RangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) =>
        Task.FromResult(Read(directory, RecordedRequest.Range(query, start, end, step)));

    public Task<MetricResponse> InstantAsync(string query, DateTimeOffset at, CancellationToken cancellationToken) =>
        Task.FromResult(Read(directory, RecordedRequest.Instant(query, at)));

    /// <summary>The recorded answer to one request, parsed as a live one would be; unavailable when it was never recorded.</summary>
    public static MetricResponse Read(string directory, RecordedRequest request)
    {
        var file = Path.Combine(directory, request.Key() + ".json");
        if (!InputFile.Present(file))
        {
            return MetricResponse.Down($"the recording in {directory} has no answer for {request.Endpoint} {PrometheusResponse.Excerpt(request.Query)} (recorded with another --at or spec?)")
                with { NotRecorded = true };
        }

        var bytes = InputFile.ReadBytes(file, file, MaxAnswerBytes);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{file}: not a recording made with --record (line {e.LineNumber + 1}: not valid JSON)");
        }

        using (document)
        {
            try
            {
                return Answer(document.RootElement, file, request);
            }
            catch (Exception e) when (IllFormedText.Of(e) is { } problem)
            {
                // "body" or "unavailable" escaping half a surrogate pair alone, or not UTF-8: the file and where, never its text.
                throw new InvalidInputException($"{file} is {IllFormedText.Locate(bytes, problem)}", e);
            }
        }
    }

    private static MetricResponse Answer(JsonElement root, string file, RecordedRequest request)
    {
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

    /// <summary>When the recorded evaluation ended: <c>evaluation.json</c>'s <c>at</c>, which <c>--record</c> writes.</summary>
    public static DateTimeOffset RecordedAt(string replay) =>
        RecordedAtIfKept(replay) ?? throw new InvalidInputException($"--replay {replay}: no evaluation.json; pass --at with the recorded time");

    /// <summary>
    /// A replay asked for another time than the recorded one holds none of its answers: refused (exit 3), naming both
    /// times, before any query (a hold would read like an outage, and would name an internal query). A recording
    /// without <c>evaluation.json</c> cannot say; its answers then decide.
    /// </summary>
    public static void RequireRecordedTime(string replay, DateTimeOffset asked, string askedText)
    {
        if (RecordedAtIfKept(replay) is { } recorded && recorded != asked)
        {
            throw new InvalidInputException(
                $"--replay {replay} holds the evaluation at {Rfc3339.Format(recorded)}, not --at {askedText}: a replay judges only the time it recorded (leave --at out, or --record the time to judge)");
        }
    }

    /// <summary>
    /// The clock when the evaluation was recorded: <c>evaluation.json</c>'s <c>clock</c>, which <c>--record</c> writes
    /// beside <c>at</c>, so a window that was not over when it was recorded holds when replayed. Null for a recording
    /// without it (made before Tollgate wrote it): it is judged as it was answered.
    /// </summary>
    public static DateTimeOffset? RecordedClock(string replay) =>
        RecordedAtIfKept(replay) is null ? null : Recorded(replay, "clock");

    /// <summary><c>evaluation.json</c>'s <c>at</c>; null when the recording has no such file.</summary>
    private static DateTimeOffset? RecordedAtIfKept(string replay) => Recorded(replay, "at");

    private static DateTimeOffset? Recorded(string replay, string property)
    {
        var file = Path.Combine(replay, "evaluation.json");
        if (!InputFile.Present(file))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(InputFile.ReadBytes(file, file, 1 << 20));
            return property == "at" ? DateTimeOffset.FromUnixTimeSeconds(document.RootElement.GetProperty("at").GetInt64())
                : document.RootElement.TryGetProperty(property, out var value) ? DateTimeOffset.FromUnixTimeSeconds(value.GetInt64()) : null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentOutOfRangeException)
        {
            throw new InvalidInputException($"--replay {file}: not a recorded evaluation ({{\"at\": Unix seconds, \"clock\": Unix seconds}} expected)", e);
        }
    }
}
