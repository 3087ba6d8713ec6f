using System.Text.Json;
using Tollgate.Domain.Inputs;

namespace Tollgate.Policies.Scanners;

/// <summary>
/// The shapes a scan reader needs, checked where it reads them: an object, an array, an optional member of either.
/// A value of another kind is a <see cref="MisshapenScanException"/> naming its path, never a reader's crash and
/// never a value skipped (a skipped result would be a finding lost).
/// </summary>
internal static class ScanShape
{
    public static JsonElement Object(JsonElement element, string at) =>
        element.ValueKind == JsonValueKind.Object ? element : throw Wrong(element, at, "an object");

    /// <summary>The member <paramref name="name"/> of the object at <paramref name="at"/>, required.</summary>
    public static JsonElement Required(JsonElement parent, string name, string at) =>
        Object(parent, at).TryGetProperty(name, out var value) ? value : throw new MisshapenScanException(Path(at, name), "missing");

    /// <summary>The member <paramref name="name"/> when the object has it and it is not null.</summary>
    public static JsonElement? Optional(JsonElement parent, string name, string at) =>
        Object(parent, at).TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>The items of the array at <paramref name="at"/>, each with its path.</summary>
    public static IEnumerable<(JsonElement Item, string At)> Items(JsonElement element, string at)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw Wrong(element, at, "an array");
        }

        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            yield return (item, $"{at}[{index++}]");
        }
    }

    /// <summary>The items of the optional array member <paramref name="name"/>: none when it is absent or null.</summary>
    public static IEnumerable<(JsonElement Item, string At)> OptionalItems(JsonElement parent, string name, string at) =>
        Optional(parent, name, at) is { } array ? Items(array, Path(at, name)) : [];

    public static string Path(string at, string name) => at.Length == 0 ? name : $"{at}.{name}";

    private static MisshapenScanException Wrong(JsonElement element, string at, string expected) =>
        new(at.Length == 0 ? "(the document)" : at, $"expected {expected}, found {JsonKind.Of(element)}");
}
