using System.Text.Json;
using Tollgate.Domain;

namespace Tollgate.Delivery.Events;

/// <summary>Small readers over <see cref="JsonElement"/> that name the missing or malformed field in their error.</summary>
internal static class Json
{
    public static JsonElement? Object(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    public static string? Text(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    public static string RequiredText(JsonElement parent, string name, string where) =>
        Text(parent, name) is { Length: > 0 } text ? text : throw new InvalidInputException($"{where}: missing {name}");

    public static DateTimeOffset? Time(JsonElement parent, string name, string where)
    {
        if (Text(parent, name) is not { } text)
        {
            return null;
        }

        if (!Rfc3339.TryParse(text, out var time))
        {
            throw new InvalidInputException($"{where}: {name} '{text}' is not an RFC 3339 time (2026-01-10T10:00:00Z)");
        }

        // RFC 3339 requires an offset: read as UTC, a producer's local time would be hours off without a word, and
        // unlike --at (typed by someone who sees the note) a feed has nobody to read a note, so it is refused.
        return Rfc3339.NamesNoOffset(text)
            ? throw new InvalidInputException($"{where}: {name} '{text}' names no offset: event times are RFC 3339 with Z or an offset such as +01:00 (read as UTC, a local time would be hours off)")
            : time;
    }

    public static DateTimeOffset RequiredTime(JsonElement parent, string name, string where) =>
        Time(parent, name, where) ?? throw new InvalidInputException($"{where}: missing {name}");
}
