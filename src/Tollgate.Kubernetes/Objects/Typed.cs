using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Tollgate.Domain;

namespace Tollgate.Kubernetes.Objects;

/// <summary>
/// A part of an object's tree as a Kubernetes client model, through the package's source-generated JSON metadata
/// (no reflection, so the Native AOT binary reads them too). Kubernetes' YAML reader turns a plain <c>1</c> or
/// <c>true</c> under a string field (a label value) into the string; so does this: the value the model refuses is
/// read again as its text. Any other mismatch names the object, the field and its line (exit 3).
/// </summary>
internal static class Typed
{
    private const int MaxRetries = 256;

    public static T Read<T>(KubeObject owner, JsonNode node, JsonTypeInfo<T> info, string under)
        where T : class
    {
        JsonNode current = node;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return JsonSerializer.Deserialize(current, info) ?? throw Bad(owner, node, under, "", "must not be null");
            }
            catch (JsonException e) when (e.Path is { } path)
            {
                var parts = JsonPath.Parse(path);
                if (attempt == 0)
                {
                    current = node.DeepClone();
                }

                if (attempt < MaxRetries && JsonPath.Find(current, parts) is JsonValue { Parent: { } parent } value
                    && value.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
                    && e.Message.Contains("System.String", StringComparison.Ordinal))
                {
                    var text = JsonValue.Create(value.ToJsonString());
                    if (parent is JsonObject o)
                    {
                        o[value.GetPropertyName()] = text;
                    }
                    else
                    {
                        ((JsonArray)parent)[value.GetElementIndex()] = text;
                    }

                    continue;
                }

                var original = JsonPath.Find(node, parts);
                var expected = Bits(Expected(e.Message), e.Message, original);
                throw Bad(owner, original ?? node, under, JsonPath.Format(parts), original is not null && expected.StartsWith("must be ", StringComparison.Ordinal) ? $"{expected}, not {Nodes.Describe(owner, original)}" : expected);
            }
            catch (Exception e) when (e is FormatException or ArgumentException && e.Message.Contains("quantit", StringComparison.OrdinalIgnoreCase))
            {
                // The client's quantity type parses as it reads (FormatException, or ArgumentException for a suffix), without
                // a path; the field check finds each bad quantity of the kinds it knows before this, so only one in a kind
                // it does not check (a removed API version) gets here.
                throw Bad(owner, node, under, "", $"holds a value that is not a Kubernetes quantity ({e.Message})");
            }
        }
    }

    private static InvalidInputException Bad(KubeObject owner, JsonNode node, string under, string path, string problem) =>
        new($"{owner.At(node)}: {owner}: {string.Join(" ", new[] { string.Join(".", new[] { under, path }.Where(p => p.Length > 0)), problem }.Where(p => p.Length > 0))}");

    /// <summary>
    /// "must be an integer" said of a whole number past the field's bits (<c>replicas: 2147483648</c>) was false of it:
    /// the bound it passed, instead.
    /// </summary>
    private static string Bits(string expected, string message, JsonNode? original)
    {
        if (expected != "must be an integer" || original is not JsonValue value || value.GetValueKind() != JsonValueKind.Number
            || !decimal.TryParse(value.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n)
            || n != decimal.Truncate(n))
        {
            return expected;
        }

        var (bits, min, max) = message.Contains("Int32", StringComparison.Ordinal) ? (32, (decimal)int.MinValue, (decimal)int.MaxValue) : (64, long.MinValue, long.MaxValue);
        return n > max ? $"must be an integer of at most {max} (Kubernetes holds it in {bits} bits)"
            : n < min ? $"must be an integer of at least {min} (Kubernetes holds it in {bits} bits)"
            : expected;
    }

    private static string Expected(string message)
    {
        var type = message.Contains("Int32", StringComparison.Ordinal) || message.Contains("Int64", StringComparison.Ordinal) ? "an integer"
            : message.Contains("Boolean", StringComparison.Ordinal) ? "true or false"
            : message.Contains("System.String", StringComparison.Ordinal) ? "a string"
            : message.Contains("Double", StringComparison.Ordinal) ? "a number"
            : message.Contains("IList", StringComparison.Ordinal) ? "a list"
            : message.Contains("IDictionary", StringComparison.Ordinal) || message.Contains("k8s.Models", StringComparison.Ordinal) ? "a mapping"
            : null;
        return type is null ? "is not what Kubernetes expects here" : "must be " + type;
    }
}
