using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Manifests;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c>'s findings on a value of bytes the API server cannot take: a Secret's <c>data</c> and a
/// ConfigMap's <c>binaryData</c> are bytes, which its decoder reads as standard base64 with padding (line breaks
/// skipped, <see cref="StdBase64"/>), so plain text there (a password meant for <c>stringData</c>) is refused
/// (<c>illegal base64 data at input byte N</c>)
/// (<see href="https://kubernetes.io/docs/concepts/configuration/secret/#restriction-names-data"/>). So is base64
/// written under YAML's <c>!!binary</c> tag: kubectl's YAML reader decodes it first and sends the bytes
/// (<see cref="YamlResolution"/>; sigs.k8s.io/yaml: "Binary data in YAML with the !!binary tag is not supported",
/// <see href="https://github.com/kubernetes-sigs/yaml/blob/aadfabb7d36952151672ec164d4220a6f0e31f63/yaml.go"/>),
/// which the API server refuses, or, where the bytes spell base64 themselves, decodes a second time. The value may be
/// a credential: the finding names the key and never the text.
/// </summary>
internal static class Base64Data
{
    private static readonly (string Kind, string Field, string Text)[] Fields = [("Secret", "data", "stringData"), ("ConfigMap", "binaryData", "data")];

    public static IEnumerable<Finding> Of(RuleInfo info, KubeObject o)
    {
        foreach (var (kind, bytes, text, key, value) in ConfigValues.Of(o, Fields))
        {
            var field = $"{bytes}.{key}";
            var evidence = new Dictionary<string, object?> { ["field"] = field, ["value"] = SchemaFindings.Hidden, ["expected"] = "base64" };
            var isBase64 = IsBase64(value.GetValue<string>());
            if (o.Document.WrittenAs(value) is not null)
            {
                // Written under !!binary: what kubectl sends is the decoded bytes.
                yield return ManifestFinding.For(
                    info,
                    o,
                    $"{o}: {field} is written under !!binary, which kubectl decodes before it sends the {kind} (the value is not shown): the API server gets the bytes where it takes base64, {(isBase64 ? "and decodes them a second time" : "and refuses them (illegal base64 data)")}",
                    $"drop the !!binary tag from {field}: a {kind}'s {bytes} holds the base64 text itself",
                    evidence,
                    o.At(value));
            }
            else if (!isBase64)
            {
                yield return ManifestFinding.For(
                    info,
                    o,
                    $"{o}: {field} is not base64 (the value is not shown): kubectl apply refuses it (illegal base64 data); a {kind}'s {bytes} holds base64, its {text} plain text",
                    $"move {key} under {text} to keep the text as written, or base64-encode it (base64 -w0)",
                    evidence,
                    o.At(value));
            }
        }
    }

    /// <summary>Whether Go's <c>base64.StdEncoding</c>, which the API server decodes bytes with, reads <paramref name="text"/> (<see cref="StdBase64"/>).</summary>
    internal static bool IsBase64(string text) => StdBase64.Decode(text) is not null;
}
