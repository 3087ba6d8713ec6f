using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Kubernetes.Workloads;

namespace Tollgate.Kubernetes.Objects;

/// <summary>
/// Whether a value is the scalar its field holds (<see cref="FieldDefinition.Scalars"/>), and the value meant when it
/// is not. A string is not an integer or a number to the API server, quoted or not (<c>minReadySeconds: "30"</c>:
/// Kubernetes' JSON decoder refuses it, a CRD's schema answers <c>must be of type integer</c>); the number it spells
/// is meant (<c>30</c>), and so is a duration written where a field counts seconds (<c>minReadySeconds: 30s</c>,
/// <c>1m</c>: <c>60</c>). A boolean is JSON's <c>true</c> or <c>false</c> only: a string there (<c>hostNetwork:
/// "true"</c>, <c>paused: "yes"</c>) or a number (<c>automountServiceAccountToken: 1</c>) is refused by the API
/// server's decoder (<c>cannot unmarshal string into Go struct field ... of type bool</c>) and by a CRD's schema
/// (<c>must be of type boolean</c>); the flag it spells is meant (<c>"yes"</c>, <c>"on"</c>, <c>1</c>: <c>true</c>).
/// An unquoted <c>yes</c> or <c>on</c> is not a string (<see cref="Manifests.YamlScalars"/>: kubectl reads YAML 1.1
/// booleans), so it is not found there. A string is JSON's string only: a number (<c>value: 8080</c>, a label
/// <c>version: 1.0</c>) or a boolean (<c>prometheus.io/scrape: true</c>, a label <c>canary: yes</c>) is refused by the
/// API server's decoder (<c>cannot unmarshal number into Go struct field ... of type string</c>) and by a CRD's schema
/// (<c>must be of type string</c>); the text as written is meant (<c>"8080"</c>, <c>"1.0"</c>, <c>"yes"</c>), which
/// the YAML reader keeps beside the value it reads (<see cref="Manifests.ManifestDocument.WrittenAs"/>). A quantity is checked as the API server parses it (<see cref="Quantities"/>); a
/// number written where a quantity is held is one (<c>cpu: 1</c>).
/// </summary>
internal static class ScalarCheck
{
    /// <summary>
    /// Null when <paramref name="value"/> (at <paramref name="path"/>, under <paramref name="key"/>) is an
    /// <paramref name="expected"/>, or is not a string (a number or a boolean where a string is expected, whose text
    /// as written <paramref name="writtenAs"/> gives).
    /// </summary>
    public static MalformedValue? Of(string path, string key, string field, JsonNode? value, string expected, Func<JsonNode, string?> writtenAs)
    {
        if (expected == "boolean")
        {
            return NotBoolean(path, value, writtenAs);
        }

        if (expected == "string")
        {
            return NotString(path, value, writtenAs);
        }

        if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
        {
            return null;
        }

        var text = v.GetValue<string>();
        if (expected == "quantity")
        {
            return Quantities.Problem(text) is { } why
                ? new MalformedValue(path, text, expected, why, Quantities.Near(text, key) is { } near ? JsonValue.Create(near) : null, value)
                : null;
        }

        return new MalformedValue(path, text, expected, $"{path} must be of type {expected}, not a string", Number(text, field, expected), value);
    }

    /// <summary>
    /// Null when <paramref name="value"/> is a boolean (or not a scalar); a string or a number otherwise (a number as
    /// written: <c>0x1</c>, which kubectl reads as 1), with the flag it spells.
    /// </summary>
    private static MalformedValue? NotBoolean(string path, JsonNode? value, Func<JsonNode, string?> writtenAs)
    {
        if (value is not JsonValue v || v.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number))
        {
            return null;
        }

        var isText = v.GetValueKind() == JsonValueKind.String;
        var text = isText ? v.GetValue<string>() : v.ToJsonString();
        var flag = text.Trim().ToLowerInvariant() switch
        {
            "true" or "yes" or "y" or "on" or "1" => true,
            "false" or "no" or "n" or "off" or "0" => (bool?)false,
            _ => null,
        };
        return new MalformedValue(path, isText ? text : writtenAs(v) ?? text, "boolean", $"{path} must be of type boolean, not {(isText ? "a string" : "a number")}", flag is { } b ? JsonValue.Create(b) : null, value);
    }

    /// <summary>Null when <paramref name="value"/> is a string (or not a scalar); a number or a boolean otherwise, with the text it was written as, the string meant.</summary>
    private static MalformedValue? NotString(string path, JsonNode? value, Func<JsonNode, string?> writtenAs)
    {
        if (value is not JsonValue v || v.GetValueKind() is not (JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False))
        {
            return null;
        }

        var text = writtenAs(v) ?? v.ToJsonString();
        var what = v.GetValueKind() == JsonValueKind.Number ? "a number" : "a boolean";
        return new MalformedValue(path, text, "string", $"{path} must be of type string, not {what}", JsonValue.Create(text), value);
    }

    /// <summary>The number <paramref name="text"/> spells, or the whole seconds of a duration when <paramref name="field"/> counts seconds; null otherwise.</summary>
    private static JsonNode? Number(string text, string field, string expected)
    {
        // The text unquoted, read as kubectl reads YAML 1.1: "0644" meant 0644, which is 420 (a file mode), "08" 8.
        var trimmed = text.Trim();
        switch (Manifests.YamlResolution.Of(trimmed).Value)
        {
            case long whole:
                return JsonValue.Create(whole);
            case double real when double.IsFinite(real) && (expected == "number" || (real == Math.Floor(real) && Math.Abs(real) <= long.MaxValue)):
                return expected == "number" ? JsonValue.Create(real) : JsonValue.Create((long)real);
        }

        return field.EndsWith("Seconds", StringComparison.Ordinal) && trimmed.Any(char.IsAsciiLetter)
            && Durations.TryParse(trimmed, out var duration) && duration.TotalSeconds == Math.Floor(duration.TotalSeconds) && duration.TotalSeconds <= int.MaxValue
            ? JsonValue.Create((long)duration.TotalSeconds)
            : null;
    }
}
