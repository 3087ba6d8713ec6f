using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// The string values of a Secret's or a ConfigMap's fields of values (<c>data</c>, <c>stringData</c>,
/// <c>binaryData</c>), for the rules that check them (<see cref="Base64Data"/>, <see cref="BinaryText"/>): each field
/// named with its counterpart, the other field of the same kind that holds the same values as text or as bytes.
/// </summary>
internal static class ConfigValues
{
    /// <summary>Each string value of <paramref name="o"/> in one of <paramref name="fields"/> (kind, field, its counterpart).</summary>
    public static IEnumerable<(string Kind, string Field, string Counterpart, string Key, JsonValue Value)> Of(KubeObject o, IEnumerable<(string Kind, string Field, string Counterpart)> fields)
    {
        foreach (var (kind, field, counterpart) in fields)
        {
            if (o.Kind != kind || o.Node[field] is not JsonObject values)
            {
                continue;
            }

            foreach (var (key, node) in values)
            {
                if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
                {
                    yield return (kind, field, counterpart, key, value);
                }
            }
        }
    }
}
