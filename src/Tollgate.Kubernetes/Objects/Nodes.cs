using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Domain;

namespace Tollgate.Kubernetes.Objects;

/// <summary>
/// Reading the fields of a custom resource (an Argo Rollout, a Flagger Canary) from its tree: a missing field is
/// null, a field of the wrong type is bad input naming the object, the field and its line (exit 3).
/// </summary>
internal static class Nodes
{
    /// <summary>The node at a dotted path under <paramref name="node"/> (<c>spec.strategy.canary</c>), or null.</summary>
    public static JsonNode? Get(JsonNode? node, string path)
    {
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject o && o.TryGetPropertyValue(part, out var child) ? child : null;
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>
    /// The pod specs an object carries, each with its path: a workload's or Job's pod template
    /// (<c>spec.template.spec</c>), a CronJob's (<c>spec.jobTemplate.spec.template.spec</c>), a Pod's own (<c>spec</c>).
    /// </summary>
    public static IEnumerable<(string Path, JsonObject Pod)> PodSpecs(KubeObject o)
    {
        foreach (var path in new[] { "spec.template.spec", "spec.jobTemplate.spec.template.spec", "spec" })
        {
            if ((path == "spec") == (o.Kind == "Pod") && Get(o.Node, path) is JsonObject pod)
            {
                yield return (path, pod);
            }
        }
    }

    /// <summary>The text of a string value, or null for anything else.</summary>
    public static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static JsonObject? Mapping(KubeObject owner, JsonNode? node, string path) => Get(node, path) switch
    {
        null => null,
        JsonObject o => o,
        var other => throw Wrong(owner, other, path, "a mapping"),
    };

    public static JsonArray? Sequence(KubeObject owner, JsonNode? node, string path) => Get(node, path) switch
    {
        null => null,
        JsonArray a => a,
        var other => throw Wrong(owner, other, path, "a list"),
    };

    public static string? Text(KubeObject owner, JsonNode? node, string path) => Get(node, path) switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
        var other => throw Wrong(owner, other, path, "a string"),
    };

    public static double? Number(KubeObject owner, JsonNode? node, string path, string? shownAs = null)
    {
        var value = Get(node, path);
        return value switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => AsDouble(v),
            JsonValue v when v.GetValueKind() == JsonValueKind.String && double.TryParse(v.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => d,
            _ => throw Wrong(owner, value, shownAs ?? path, "a number"),
        };
    }

    public static bool? Flag(KubeObject owner, JsonNode? node, string path) => Get(node, path) switch
    {
        null => null,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        var other => throw Wrong(owner, other, path, "true or false"),
    };

    /// <summary>A number node as a double, whatever CLR type holds it (the YAML reader makes longs and doubles).</summary>
    public static double AsDouble(JsonValue value) => double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    public static InvalidInputException Wrong(KubeObject owner, JsonNode? node, string path, string expected) =>
        new($"{owner.At(node)}: {owner}: {path} must be {expected}, not {Describe(owner, node)}");

    /// <summary>
    /// A value as the manifest wrote it, for a message: a mapping, a list, a quoted string, or a plain scalar as written,
    /// with what kubectl reads it as where that differs (<see cref="AsWritten"/>).
    /// </summary>
    public static string Describe(KubeObject owner, JsonNode? node)
    {
        if (node is JsonValue v && v.GetValueKind() != JsonValueKind.String)
        {
            return AsWritten(owner.Document.WrittenAs(node), v);
        }

        return node switch
        {
            JsonObject => "a mapping",
            JsonArray => "a list",
            JsonValue s => $"'{Clip(s.GetValue<string>())}'",
            _ => "null",
        };
    }

    /// <summary>
    /// A number or a boolean as <paramref name="written"/> in the manifest, with what kubectl reads where that differs:
    /// <c>0644 (kubectl reads it as the number 420)</c>, <c>1.50 (kubectl reads it as the number 1.5)</c>,
    /// <c>yes (kubectl reads it as the boolean true)</c>; its JSON form where it was written so (<c>420</c>). The one
    /// phrasing of every message that shows a value YAML 1.1 reads otherwise than it looks.
    /// </summary>
    public static string AsWritten(string? written, JsonValue value)
    {
        var read = value.ToJsonString();
        return written is not null && written != read ? $"{Clip(written)} (kubectl reads it as the {KindOf(value)} {read})" : read;
    }

    /// <summary>What a JSON scalar is, in a message's words: <c>number</c>, <c>boolean</c>, <c>string</c>, <c>null</c>.</summary>
    public static string KindOf(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.String => "string",
        _ => "null",
    };

    private static string Clip(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
