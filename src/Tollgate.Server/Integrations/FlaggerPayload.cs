using Tollgate.Domain.Inputs;
using System.Text.Json;
using Tollgate.Server.Hosting;
using Tollgate.Yaml;

namespace Tollgate.Server.Integrations;

/// <summary>
/// Flagger's webhook body: <c>name</c>, <c>namespace</c>, <c>phase</c>, <c>checksum</c> (the rollout revision) and
/// <c>metadata</c> (strings only), where the Canary names the spec (<c>spec</c>) and may give <c>stableHash</c>,
/// <c>latestHash</c> and <c>at</c>; event hooks add <c>eventType</c>, <c>eventMessage</c> and <c>timestamp</c>.
/// </summary>
public sealed record FlaggerPayload(string Name, string Namespace, string Phase, string Checksum, IReadOnlyDictionary<string, string> Metadata)
{
    public static FlaggerPayload Read(JsonElement root)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("metadata", out var node) && node.ValueKind != JsonValueKind.Null)
        {
            if (node.ValueKind != JsonValueKind.Object)
            {
                throw new BadFieldException("metadata", $"expected an object of strings, found {JsonKind.Of(node)}");
            }

            foreach (var property in node.EnumerateObject())
            {
                metadata[property.Name] = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()!
                    : throw new BadFieldException("metadata." + property.Name, $"expected a string, found {JsonKind.Of(property.Value)}");
            }
        }

        RefuseSlips(metadata);
        return new FlaggerPayload(
            JsonBody.Text(root, "name", "name", required: true)!,
            JsonBody.Text(root, "namespace", "namespace", required: true)!,
            JsonBody.Text(root, "phase", "phase") ?? "",
            JsonBody.Text(root, "checksum", "checksum") ?? "",
            metadata);
    }

    /// <summary>A key's trimmed value, or null when it is left out or empty.</summary>
    public string? Meta(string key) => Given(key) is { Length: > 0 } value ? value : null;

    /// <summary>
    /// A key's trimmed value when it is given, empty included, else null: an empty <c>stableHash</c> or <c>at</c> is a
    /// template that was not filled, refused as the Argo route refuses it, not judged as if the key were left out.
    /// </summary>
    public string? Given(string key) => Metadata.TryGetValue(key, out var value) ? value.Trim() : null;

    /// <summary>The spec named in <c>metadata.spec</c>.</summary>
    public string Spec => Meta("spec") ?? throw new BadFieldException("metadata.spec", "missing: name the canary spec in the webhook's metadata");

    /// <summary>
    /// The metadata keys this server reads. One left out while the metadata has a near miss of it (<c>spce</c>,
    /// <c>stablehash</c>, <c>manifest</c>: <see cref="KeySuggestion"/>, or another case for the short <c>at</c>) is a
    /// 400 naming both, on every hook: read as left out, the slip judged without the hash, or now, or without the
    /// manifests or the approval the Canary asks for.
    /// </summary>
    private static readonly string[] Known = ["spec", "stableHash", "latestHash", "at", "approval", "manifests", "eventType", "eventMessage", "timestamp"];

    private static void RefuseSlips(Dictionary<string, string> metadata)
    {
        foreach (var key in Known.Where(k => !metadata.ContainsKey(k)))
        {
            var slip = metadata.Keys.Where(k => !Known.Contains(k, StringComparer.Ordinal))
                .FirstOrDefault(k => key.Length < 4 ? k.Equals(key, StringComparison.OrdinalIgnoreCase) : KeySuggestion.For(k, [key]) is not null);
            if (slip is not null)
            {
                throw new BadFieldException("metadata." + key, $"missing; metadata has '{slip}': did you mean '{key}'?");
            }
        }
    }
}
