using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Manifests;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c>'s finding (high: applied, not refused) on bytes written under YAML's <c>!!binary</c>
/// in a field of text, a ConfigMap's <c>data</c> or a Secret's <c>stringData</c>, that are not UTF-8. kubectl's YAML
/// reader decodes the base64 and sends the bytes as a JSON string (<see cref="YamlResolution"/>), which Go's
/// <c>json.Marshal</c> writes as UTF-8 with each byte that is not UTF-8 replaced by U+FFFD (<c>appendString</c> in
/// <see href="https://github.com/golang/go/blob/956bcd2963222dd5b981090f4cb66b547bad9c31/src/encoding/json/encode.go"/>):
/// the object is applied without an error, holding other bytes than those written (a keystore, a compressed file).
/// The field of bytes beside it (<c>binaryData</c>, a Secret's <c>data</c>) takes the base64 itself and keeps every
/// byte. Bytes that are UTF-8 reach the cluster as written and are not a finding. The value may be a credential: the
/// finding names the key and how many bytes change, never the text.
/// </summary>
internal static class BinaryText
{
    private static readonly (string Kind, string Field, string Bytes)[] Fields = [("ConfigMap", "data", "binaryData"), ("Secret", "stringData", "data")];

    public static IEnumerable<Finding> Of(RuleInfo info, KubeObject o)
    {
        foreach (var (kind, text, bytes, key, value) in ConfigValues.Of(o, Fields))
        {
            if (o.Document.WrittenAs(value) is not { } base64 || StdBase64.Decode(base64) is not { } decoded)
            {
                continue;
            }

            YamlResolution.GoString(decoded, out var replaced);
            if (replaced == 0)
            {
                continue;
            }

            var field = $"{text}.{key}";
            var finding = ManifestFinding.For(
                info,
                o,
                $"{o}: {field} is written under !!binary and {replaced} of its {decoded.Length} bytes are not UTF-8 (the value is not shown): kubectl sends a {kind}'s {text} as text, each such byte as U+FFFD (\uFFFD), so the cluster's {kind} holds other bytes than these, with no error",
                $"move {key} under {bytes} and drop the !!binary tag: a {kind}'s {bytes} holds the base64 text itself and keeps every byte",
                new Dictionary<string, object?> { ["field"] = field, ["value"] = SchemaFindings.Hidden, ["expected"] = "UTF-8 text", ["bytes"] = decoded.Length, ["notUtf8"] = replaced },
                o.At(value));
            yield return finding with { Severity = Severity.High };
        }
    }
}
