using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Manifests;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c>'s finding on a Secret whose <c>data</c> holds a value that is not base64: the field is
/// bytes, which the API server's decoder reads as standard base64 with padding (line breaks skipped), so plain text
/// there (a password meant for <c>stringData</c>) is refused (<c>illegal base64 data at input byte N</c>)
/// (<see href="https://kubernetes.io/docs/concepts/configuration/secret/#restriction-names-data"/>). The value is a
/// credential: the finding names the key and never the text.
/// </summary>
internal static class SecretData
{
    public static IEnumerable<Finding> Of(RuleInfo info, KubeObject o)
    {
        if (o.Kind != "Secret" || o.Node["data"] is not JsonObject data)
        {
            yield break;
        }

        foreach (var (key, node) in data)
        {
            if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String || IsBase64(value.GetValue<string>()))
            {
                continue;
            }

            var field = $"data.{key}";
            yield return ManifestFinding.For(
                info,
                o,
                $"{o}: {field} is not base64 (the value is not shown): kubectl apply refuses it (illegal base64 data); a Secret's data holds base64, its stringData plain text",
                $"move {key} under stringData to keep the text as written, or base64-encode it (base64 -w0)",
                new Dictionary<string, object?> { ["field"] = field, ["value"] = SchemaFindings.Hidden, ["expected"] = "base64" },
                o.At(node));
        }
    }

    /// <summary>Whether Go's <c>base64.StdEncoding</c>, which the API server decodes bytes with, reads <paramref name="text"/> (<see cref="StdBase64"/>).</summary>
    internal static bool IsBase64(string text) => StdBase64.Decode(text) is not null;
}
