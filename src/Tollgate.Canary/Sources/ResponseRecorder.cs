using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;

namespace Tollgate.Canary.Sources;

/// <summary>
/// <c>--record DIR</c>: saves every answer of the source, raw (HTTP status and body, or why it was unreachable), one JSON
/// file per request named by <see cref="RecordedRequest.Key"/>, so <see cref="ReplaySource"/> can judge it again offline.
/// </summary>
public sealed class ResponseRecorder
{
    private readonly string _directory;

    public ResponseRecorder(string directory)
    {
        _directory = directory;
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"cannot create the recording directory {directory}: {FileProblem.Describe(e, directory)}", e);
        }
    }

    /// <summary>
    /// An answer as it came and as it was read: its body as text, so a replay reads it as the live run did; a body whose
    /// bytes are not UTF-8, which a JSON string cannot hold, as the reason it was not read (a refusal as the text it was
    /// read as, whose words quote it), so a replay answers the same.
    /// </summary>
    public void Save(RecordedRequest request, int status, byte[] body, MetricResponse parsed)
    {
        if (Utf8.IsValid(body) || parsed.Refused)
        {
            Save(request, status, Encoding.UTF8.GetString(body), null);
        }
        else
        {
            Save(request, status, null, parsed.Unavailable);
        }
    }

    public void Save(RecordedRequest request, int status, string? body, string? unavailable)
    {
        var file = Path.Combine(_directory, request.Key() + ".json");
        using var stream = File.Create(file);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("endpoint", request.Endpoint);
        w.WriteString("query", request.Query);
        foreach (var (name, value) in request.Form().Skip(1))
        {
            w.WriteString(name, value);
        }

        w.WriteNumber("status", status);
        if (body is not null)
        {
            w.WriteString("body", body);
        }

        if (unavailable is not null)
        {
            w.WriteString("unavailable", unavailable);
        }

        w.WriteEndObject();
    }
}
