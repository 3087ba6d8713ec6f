using System.Text.Json.Nodes;
using Tollgate.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Tollgate.Kubernetes.Manifests;

/// <summary>
/// A YAML scalar as the JSON value kubectl sends for it. kubectl and the API server read YAML with sigs.k8s.io/yaml,
/// which decodes it with go-yaml v2 (YAML 1.1) and writes the result as JSON: a plain scalar is typed as go-yaml v2
/// resolves it (<see cref="YamlResolution"/>): <c>null</c>/<c>~</c>/empty; the booleans <c>true</c>/<c>false</c> and
/// also <c>yes</c>/<c>no</c>, <c>on</c>/<c>off</c>, <c>y</c>/<c>n</c>, so an unquoted <c>hostNetwork: yes</c> is
/// <c>true</c> to the cluster; integers in Go's notation, so <c>defaultMode: 0644</c> is the octal 420 and
/// <c>0x1F</c>, <c>0o17</c>, <c>0b101</c>, <c>1_000</c> are numbers; floats. Quoted scalars and <c>!!str</c> stay
/// strings (<c>hostNetwork: "yes"</c> is a string the API server refuses in a boolean field). A scalar its explicit
/// tag does not fit (<c>!!int abc</c>) is refused, as go-yaml refuses it.
/// </summary>
/// <remarks>
/// go-yaml v2: <see href="https://github.com/kubernetes/kubernetes/blob/d6148716abc1cc053b6bb7436b705d5474a9899f/vendor/go.yaml.in/yaml/v2/resolve.go"/>;
/// sigs.k8s.io/yaml (<see href="https://github.com/kubernetes-sigs/yaml/blob/aadfabb7d36952151672ec164d4220a6f0e31f63/yaml.go"/>:
/// "literal 'yes' and 'no' strings without quotation marks will be converted to true/false"), as kubectl's manifest
/// decoder uses it (<see href="https://github.com/kubernetes/kubernetes/blob/044f937cf3c061da43a91b7565fb555b7bdcc566/staging/src/k8s.io/apimachinery/pkg/util/yaml/decoder.go"/>).
/// <c>.inf</c> and <c>.nan</c> resolve to floats JSON has no number for: sigs.k8s.io/yaml's <c>json.Marshal</c>
/// fails (<c>error converting YAML to JSON: json: unsupported value: +Inf</c>) and kubectl applies nothing of the
/// file, so neither does the lint (exit 3, naming the line).
/// </remarks>
internal static class YamlScalars
{
    private const string Core = "tag:yaml.org,2002:";

    public static JsonNode? Resolve(Scalar scalar, YamlErrors errors)
    {
        var tag = scalar.Tag.IsEmpty || scalar.Tag.IsNonSpecific ? "" : scalar.Tag.Value;
        if (tag.Length == 0 && (scalar.Style != ScalarStyle.Plain || scalar.Tag.IsNonSpecific))
        {
            return JsonValue.Create(scalar.Value);
        }

        var resolved = YamlResolution.Of(scalar.Value, tag.StartsWith(Core, StringComparison.Ordinal) ? "!!" + tag[Core.Length..] : tag);
        if (resolved.Refusal is { } refusal)
        {
            throw new YamlException(scalar.Start, scalar.End, refusal);
        }

        return resolved.Value switch
        {
            null => null,
            bool flag => JsonValue.Create(flag),
            long whole => JsonValue.Create(whole),
            ulong large => JsonValue.Create(large),
            double real when double.IsFinite(real) => JsonValue.Create(real),
            double real => throw errors.At(
                scalar.Start.Line,
                scalar.Start.Column,
                $"{scalar.Value} is YAML 1.1's {(double.IsNaN(real) ? "not-a-number" : "infinity")}, which JSON has no number for: kubectl refuses the whole file (error converting YAML to JSON: json: unsupported value: {(double.IsNaN(real) ? "NaN" : real > 0 ? "+Inf" : "-Inf")}); quote it ('{scalar.Value}') if the text is meant"),
            _ => JsonValue.Create(scalar.Value),
        };
    }
}
