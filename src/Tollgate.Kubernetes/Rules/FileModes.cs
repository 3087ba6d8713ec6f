using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c>'s finding on a volume's file mode the API server refuses: a <c>secret</c>,
/// <c>configMap</c>, <c>downwardAPI</c> or <c>projected</c> volume's <c>defaultMode</c> and its items' <c>mode</c>
/// take 0 to 0777 octal, 511 (<c>Invalid value: 644: must be a number between 0 and 0777 (octal), both inclusive</c>,
/// <c>fileModeErrorMsg</c> of <see href="https://github.com/kubernetes/kubernetes/blob/000f26050b9be6fb3d79fae95e06b47fc96128cd/pkg/apis/core/validation/validation.go"/>).
/// The mode is read as kubectl reads YAML 1.1 (<see cref="Manifests.YamlScalars"/>), so <c>defaultMode: 0644</c> is
/// 420 and no finding, while <c>defaultMode: 644</c>, an octal mode written without its leading 0, is the decimal 644
/// and refused: the finding names the mode meant (<c>0644</c>).
/// </summary>
internal static class FileModes
{
    private const int Largest = 511;

    private static readonly string[] Sources = ["secret", "configMap", "downwardAPI"];

    public static IEnumerable<Finding> Of(RuleInfo info, KubeObject o)
    {
        foreach (var (spec, pod) in Nodes.PodSpecs(o))
        {
            foreach (var (volume, i) in Items(pod["volumes"]))
            {
                foreach (var (field, node) in Modes(volume, $"{spec}.volumes[{i}]"))
                {
                    if (OutOfRange(info, o, field, node) is { } finding)
                    {
                        yield return finding;
                    }
                }
            }
        }
    }

    private static IEnumerable<(string Field, JsonNode? Node)> Modes(JsonObject volume, string at)
    {
        foreach (var source in Sources.Append("projected"))
        {
            if (volume[source] is not JsonObject files)
            {
                continue;
            }

            yield return ($"{at}.{source}.defaultMode", files["defaultMode"]);
            var projections = source == "projected"
                ? Items(files["sources"]).SelectMany(p => Sources.Where(s => p.Item[s] is JsonObject).Select(s => ((JsonObject)p.Item[s]!, $"{at}.projected.sources[{p.Index}].{s}")))
                : [(files, $"{at}.{source}")];
            foreach (var (projection, path) in projections)
            {
                foreach (var (item, j) in Items(projection["items"]))
                {
                    yield return ($"{path}.items[{j}].mode", item["mode"]);
                }
            }
        }
    }

    private static Finding? OutOfRange(RuleInfo info, KubeObject o, string field, JsonNode? node)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number
            || Nodes.AsDouble(value) is var mode && (mode != Math.Floor(mode) || mode is >= 0 and <= Largest))
        {
            return null;
        }

        var read = value.ToJsonString();
        var written = o.Document.WrittenAs(node) ?? read;
        // An octal mode without its leading 0 (644, 755, 600): the mode meant is the same digits as YAML 1.1 octal.
        var near = written.Length is >= 3 and <= 4 && written.All(c => c is >= '0' and <= '7') && Convert.ToInt32(written, 8) <= Largest ? "0" + written : null;
        return ManifestFinding.For(
            info,
            o,
            $"{o}: {field} is {Nodes.AsWritten(written, value)}, outside 0 to 0777 (octal){(near is null ? "" : $"; did you mean {near} (octal, {Convert.ToInt32(near, 8)})?")}: the API server refuses it ({field}: Invalid value: {read}: must be a number between 0 and 0777 (octal), both inclusive)",
            near is null
                ? $"set {field} to a mode from 0 to 0777 in octal, with its leading 0 (0644 is rw-r--r--)"
                : $"set {field} to {near}: YAML 1.1 reads an octal mode with its leading 0 (in JSON, write {Convert.ToInt32(near, 8)})",
            new Dictionary<string, object?> { ["field"] = field, ["value"] = written, ["read"] = read, ["near"] = near },
            o.At(node));
    }

    private static IEnumerable<(JsonObject Item, int Index)> Items(JsonNode? list) =>
        (list as JsonArray ?? []).Select((c, i) => (c as JsonObject, i)).Where(c => c.Item1 is not null).Select(c => (c.Item1!, c.i));
}
