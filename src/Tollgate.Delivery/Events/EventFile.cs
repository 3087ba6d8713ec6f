using System.Net.Mime;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Inputs;

namespace Tollgate.Delivery.Events;

/// <summary>
/// Reads delivery events: one JSON object per line, or one JSON array. Each object is a CDEvent, a CloudEvent in
/// structured mode whose <c>data</c> is a CDEvent (decoded and validated by the CloudNative.CloudEvents SDK), or a
/// GitHub <c>deployment</c>/<c>deployment_status</c> webhook payload. Any malformed event, or one dated more than
/// <see cref="ClockSkew.Allowance"/> ahead of the clock (<see cref="EventTimes"/>), is an error naming its line or index,
/// and nothing of the file is recorded.
/// </summary>
public static class EventFile
{
    private static readonly JsonEventFormatter CloudEventsJson = new();
    private static readonly ContentType CloudEventsContentType = new("application/cloudevents+json");

    /// <summary>What is read, said when a file's first event is not JSON (as <c>events ingest --help</c> says it).</summary>
    private const string Formats = " (events are CDEvents, one JSON object per line or a JSON array, CloudEvents carrying them, or GitHub deployment payloads)";

    /// <summary>The events of a file (or a pipe), read as <see cref="EventStream"/> reads it and refused in the same words.</summary>
    public static ParsedEvents Read(string path, TimeProvider clock) => Parse(EventFileBytes.Read(path), path, clock);

    /// <param name="clock">Now, for refusing events dated in the future.</param>
    public static ParsedEvents Parse(ReadOnlyMemory<byte> bytes, string name, TimeProvider clock) => Parse(bytes, name, clock.GetUtcNow());

    internal static ParsedEvents Parse(ReadOnlyMemory<byte> bytes, string name, DateTimeOffset now)
    {
        var start = LinesStart(bytes.Span);
        if (start >= 0)
        {
            return EventLines.Parse(bytes, start, name, now);
        }

        var events = new List<DeliveryEvent>();
        var ignored = 0;
        using var document = ParseJson(bytes, name, duplicates: true);
        var illFormed = IllFormedText.Find(bytes.Span);
        var index = 0;
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var where = $"{name}[{index++}]";
            if (illFormed is { } found && Holds(bytes.Span, item, found.Offset))
            {
                throw new InvalidInputException($"{where}: {IllFormedText.Locate(bytes.Span)}");
            }

            if (RepeatedKey(item) is { } key)
            {
                throw new InvalidInputException($"{where}: not JSON: {JsonProblem.DuplicateKey(key)}");
            }

            var first = events.Count;
            ignored += Add(events, item, where);
            EventTimes.Check(events, first, now, where);
        }

        return new ParsedEvents(events, ignored);
    }

    /// <summary>
    /// True when the bytes hold no event at all: nothing, or only blank lines (after a byte order mark). An empty
    /// array (<c>[]</c>) is not blank: it is a batch that says it has no events.
    /// </summary>
    public static bool IsBlank(ReadOnlySpan<byte> span)
    {
        var rest = span.StartsWith("\uFEFF"u8) ? span[3..] : span;
        return rest.IndexOfAnyExcept(" \t\r\n"u8) < 0;
    }

    /// <summary>Where the first line starts (after a byte order mark) when the bytes are NDJSON; -1 for one JSON array.</summary>
    internal static int LinesStart(ReadOnlySpan<byte> span)
    {
        var first = 0;
        while (first < span.Length && span[first] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF)
        {
            first++;
        }

        return first < span.Length && span[first] == (byte)'[' ? -1 : span.StartsWith("\uFEFF"u8) ? 3 : 0;
    }

    /// <summary>
    /// The events of the lines in <c>bytes[start..end]</c>, <paramref name="line"/> being the number of the line
    /// before the first; the first bad event (or one dated after <paramref name="now"/> and the clock skew) throws.
    /// </summary>
    internal static ParsedEvents ParseLines(ReadOnlyMemory<byte> bytes, int start, int end, int line, string name, DateTimeOffset now)
    {
        var events = new List<DeliveryEvent>();
        var ignored = 0;
        var span = bytes.Span;
        // One look over the piece for a string that is no text (as the HTTP route refuses such a body), refused when its line comes.
        var illFormed = IllFormedText.Find(span[start..end]);
        var illFormedAt = illFormed is { } found ? start + found.Offset : int.MaxValue;
        var fileStart = line == 0;
        while (start < end)
        {
            line++;
            var stop = span[start..end].IndexOf((byte)'\n');
            stop = stop < 0 ? end : start + stop;
            var text = bytes[start..stop];
            var first = events.Count;
            if (illFormedAt < stop)
            {
                throw new InvalidInputException($"{name}:{line}: {illFormed!.Value.Problem.Describe($"column {illFormedAt - start + 1}")}");
            }

            if (CdEventLine.TryRead(text.Span, out var plain))
            {
                ignored += Append(events, plain);
            }
            else if (!text.Span.Trim(" \t\r"u8).IsEmpty)
            {
                // The file's first line not a JSON object: likely no events file at all (a CSV export), so say what is read.
                var formats = fileStart && events.Count == 0 && ignored == 0 && text.Span.TrimStart(" \t\r"u8)[0] != (byte)'{';
                using var document = ParseJson(text, $"{name}:{line}", oneLine: true, formats: formats);
                ignored += Add(events, document.RootElement, $"{name}:{line}");
            }

            if (events.Count > first)
            {
                EventTimes.Check(events, first, now, $"{name}:{line}");
            }

            start = stop + 1;
        }

        return new ParsedEvents(events, ignored);
    }

    /// <summary>True when <paramref name="offset"/> in <paramref name="bytes"/> (the document's own) lies within <paramref name="item"/>'s text.</summary>
    private static bool Holds(ReadOnlySpan<byte> bytes, JsonElement item, int offset)
    {
        var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(item);
        return bytes.Overlaps(raw, out var start) && offset >= start && offset < start + raw.Length;
    }

    /// <summary>
    /// A key given twice in one object of <paramref name="element"/> (a second <c>type</c> could turn a deploy into a
    /// rollback), or null: a batch's events are checked one by one, so the refusal names the event as a line's does.
    /// </summary>
    private static string? RepeatedKey(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            return element.EnumerateArray().Select(RepeatedKey).FirstOrDefault(k => k is not null);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!names.Add(property.Name))
            {
                return property.Name;
            }

            if (RepeatedKey(property.Value) is { } inner)
            {
                return inner;
            }
        }

        return null;
    }

    // One line of NDJSON (`oneLine`: its line is in `where` already) or a whole file (`duplicates`: its events are checked one by one).
    private static JsonDocument ParseJson(ReadOnlyMemory<byte> bytes, string where, bool oneLine = false, bool duplicates = false, bool formats = false)
    {
        try
        {
            // A field given twice (a second "type" could turn a deploy into a rollback) is refused, not read as either copy.
            return JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowDuplicateProperties = duplicates });
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{where}: not JSON: {(oneLine ? JsonProblem.DescribeInLine(e) : JsonProblem.Describe(e))}{(formats ? Formats : "")}", e);
        }
    }

    /// <summary>Adds the delivery facts of one event; returns 1 when it carries none (another CDEvent type), else 0.</summary>
    private static int Add(List<DeliveryEvent> events, JsonElement root, string where)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidInputException($"{where}: an event must be a JSON object");
        }

        if (CdEventReader.IsCdEvent(root))
        {
            return Append(events, CdEventReader.Read(root, where));
        }

        if (GitHubDeploymentReader.IsGitHub(root))
        {
            events.AddRange(GitHubDeploymentReader.Read(root, where));
            return 0;
        }

        if (root.TryGetProperty("specversion", out _) && root.TryGetProperty("data", out _))
        {
            return Append(events, FromCloudEvent(root, where));
        }

        throw new InvalidInputException($"{where}: neither a CDEvent (context, subject), a CloudEvent with a CDEvent as data, nor a GitHub deployment payload");
    }

    private static int Append(List<DeliveryEvent> events, DeliveryEvent? e)
    {
        if (e is null)
        {
            return 1;
        }

        events.Add(e);
        return 0;
    }

    private static DeliveryEvent? FromCloudEvent(JsonElement root, string where)
    {
        CloudEvent cloudEvent;
        try
        {
            cloudEvent = CloudEventsJson.DecodeStructuredModeMessage(System.Text.Encoding.UTF8.GetBytes(root.GetRawText()), CloudEventsContentType, null);
        }
        catch (Exception e) when (e is ArgumentException or JsonException or InvalidOperationException)
        {
            throw new InvalidInputException($"{where}: not a valid CloudEvent: {WithoutParameter(e)}", e);
        }

        return cloudEvent.Data is JsonElement data && CdEventReader.IsCdEvent(data)
            ? CdEventReader.Read(data, where + " (data)")
            : throw new InvalidInputException($"{where}: CloudEvent {cloudEvent.Id} of type {cloudEvent.Type} does not carry a CDEvent as JSON data");
    }

    /// <summary>
    /// The SDK's message without the parameter name .NET appends to an <see cref="ArgumentException"/>: "(Parameter
    /// 'data')" normally, "Arg_ParamName_Name, data" in the Native AOT binary, whose resource strings are trimmed.
    /// </summary>
    private static string WithoutParameter(Exception e)
    {
        var message = e.Message;
        if (e is ArgumentException { ParamName: { } name })
        {
            foreach (var suffix in (string[])[$" (Parameter '{name}')", $" Arg_ParamName_Name, {name}"])
            {
                if (message.EndsWith(suffix, StringComparison.Ordinal))
                {
                    return message[..^suffix.Length];
                }
            }
        }

        return message;
    }
}
