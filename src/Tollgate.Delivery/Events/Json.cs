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

        return Rfc3339.TryParse(text, out var time)
            ? time
            : throw new InvalidInputException($"{where}: {name} '{text}' is not an RFC 3339 time (2026-01-10T10:00:00Z)");
    }

    public static DateTimeOffset RequiredTime(JsonElement parent, string name, string where) =>
        Time(parent, name, where) ?? throw new InvalidInputException($"{where}: missing {name}");
}
