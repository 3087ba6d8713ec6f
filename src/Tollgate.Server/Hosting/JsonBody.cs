using Tollgate.Domain.Inputs;
using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Tollgate.Server.Hosting;

/// <summary>
/// A request's JSON body, read up to the server's limit: a declared length over it is refused before a byte is read,
/// a chunked body as soon as it passes it (Kestrel's own limit), a compressed one at once (<see cref="ContentEncoding"/>).
/// A UTF-8 byte order mark before the JSON is skipped, as the plan and event readers skip it (<see cref="InputFile.WithoutByteOrderMark"/>).
/// Fields are read with errors that name them.
/// </summary>
public static class JsonBody
{
    public static async Task<JsonDocument> ReadAsync(HttpRequest request, long limit)
    {
        var bytes = InputFile.WithoutByteOrderMark(await ReadBytesAsync(request, limit));
        if (bytes.Length == 0)
        {
            throw new BadFieldException("body", "empty: expected a JSON object");
        }

        Unicode(bytes);

        try
        {
            // A field sent twice is refused rather than read as its last value ({"spec":"a","spec":"b"} judged b).
            return JsonDocument.Parse(bytes.AsMemory(), new JsonDocumentOptions { MaxDepth = 256, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new BadFieldException("body", $"not JSON: {JsonProblem.Describe(e)}");
        }
    }

    public static async Task<byte[]> ReadBytesAsync(HttpRequest request, long limit)
    {
        ContentEncoding.Refuse(request);
        if (request.ContentLength > limit)
        {
            throw new BodyTooLargeException(limit);
        }

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 4096, limit) + 1);
        try
        {
            while (true)
            {
                var read = await request.Body.ReadAsync(buffer.GetMemory(8192), request.HttpContext.RequestAborted);
                if (read == 0)
                {
                    return buffer.WrittenSpan.ToArray();
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                {
                    throw new BodyTooLargeException(limit);
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new BodyTooLargeException(limit);
        }
    }

    /// <summary>
    /// Refuses a body that is not UTF-8 (JSON's encoding, RFC 8259) or whose string escapes half a surrogate pair
    /// alone (no Unicode text, though JSON lets it be written), naming the line and column of the first in
    /// <see cref="IllFormedText"/>'s words, as every reader does: the JSON reader would take either and fail later, on the
    /// first string read, far from the request.
    /// </summary>
    public static void Unicode(ReadOnlySpan<byte> bytes)
    {
        if (IllFormedText.Find(bytes) is { } found)
        {
            throw new BadFieldException("body", found.Problem.Describe(IllFormedText.LineAndColumn(bytes, found.Offset)) + (found.Problem.NotUtf8 ? "; send JSON encoded as UTF-8" : ""));
        }
    }

    public static JsonElement Object(JsonDocument document, string field = "body") =>
        document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement : throw new BadFieldException(field, "expected a JSON object");

    public static string? Text(JsonElement parent, string name, string path, bool required = false)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw new BadFieldException(path, "missing") : null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new BadFieldException(path, $"expected a string, found {JsonKind.Of(value)}");
        }

        var text = value.GetString()!.Trim();
        return required && text.Length == 0 ? throw new BadFieldException(path, "must not be empty") : text;
    }

    /// <summary>A time given as RFC 3339 text or Unix seconds (a number or its text), kept as text for the gate to parse.</summary>
    public static string? Time(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetRawText(), // as sent: a refusal quotes 99999999999999999999, not 1E+20
            JsonValueKind.String => value.GetString(),
            _ => throw new BadFieldException(path, $"expected RFC 3339 text or Unix seconds, found {JsonKind.Of(value)}"),
        };
    }
}
