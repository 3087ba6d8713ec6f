using System.Globalization;
using System.Text.Json.Nodes;
using Tollgate.Yaml;
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
/// tag does not fit (<c>!!int abc</c>, <c>!!timestamp 2001-13-01</c>, <c>!!binary</c> text that is not base64) is
/// refused, as go-yaml refuses it; a <c>!!binary</c> one is its decoded bytes, which kubectl sends in place of the
/// base64 (<c>!!binary aGVsbG8=</c> is <c>"hello"</c>).
/// </summary>
/// <remarks>
/// go-yaml v2: <see href="https://github.com/kubernetes/kubernetes/blob/d6148716abc1cc053b6bb7436b705d5474a9899f/vendor/go.yaml.in/yaml/v2/resolve.go"/>;
/// sigs.k8s.io/yaml (<see href="https://github.com/kubernetes-sigs/yaml/blob/aadfabb7d36952151672ec164d4220a6f0e31f63/yaml.go"/>:
/// "literal 'yes' and 'no' strings without quotation marks will be converted to true/false"), as kubectl's manifest
/// decoder uses it (<see href="https://github.com/kubernetes/kubernetes/blob/044f937cf3c061da43a91b7565fb555b7bdcc566/staging/src/k8s.io/apimachinery/pkg/util/yaml/decoder.go"/>).
/// <c>.inf</c> and <c>.nan</c> resolve to floats JSON has no number for: sigs.k8s.io/yaml's <c>json.Marshal</c>
/// fails (<c>error converting YAML to JSON: json: unsupported value: +Inf</c>), and kubectl apply stops at that
/// document (<see cref="KubectlStops"/>), so the lint stops too (exit 3, naming the line).
/// </remarks>
internal static class YamlScalars
{
    public static JsonNode? Resolve(Scalar scalar, YamlErrors errors)
    {
        return Resolution(scalar, errors).Value switch
        {
            null => null,
            bool flag => JsonValue.Create(flag),
            long whole => JsonValue.Create(whole),
            ulong large => JsonValue.Create(large),
            double real when double.IsFinite(real) => JsonValue.Create(real),
            double real => throw errors.At(
                scalar.Start.Line,
                scalar.Start.Column,
                $"{scalar.Value} is YAML 1.1's {(double.IsNaN(real) ? "not-a-number" : "infinity")}, which JSON has no number for: {KubectlStops.AtThisDocument($"json: unsupported value: {(double.IsNaN(real) ? "NaN" : real > 0 ? "+Inf" : "-Inf")}")}; quote it ('{scalar.Value}') if the text is meant"),
            var text => JsonValue.Create((string)text),
        };
    }

    /// <summary>
    /// A mapping key as the JSON key kubectl sends: sigs.k8s.io/yaml writes a key go-yaml resolved to a boolean, an
    /// integer or a float as text (<c>yes:</c> is <c>"true"</c>, <c>0644:</c> <c>"420"</c>, <c>1.50:</c> <c>"1.5"</c>,
    /// a float as Go's <c>FormatFloat(key, 'g', -1, 32)</c>), and refuses a null or a uint64 key, where kubectl apply
    /// stops (<see cref="KubectlStops"/>; <c>convertToJSONableObject</c> in
    /// <see href="https://github.com/kubernetes-sigs/yaml/blob/1e5b47d3af7edf8cbfd79af09571a7c3dbb83c3b/yaml.go"/>).
    /// </summary>
    public static string Key(Scalar scalar, YamlErrors errors) => Resolution(scalar, errors).Value switch
    {
        string text => text,
        bool flag => flag ? "true" : "false",
        long whole => whole.ToString(CultureInfo.InvariantCulture),
        double real => Float32(real),
        var other => throw errors.At(
            scalar.Start.Line,
            scalar.Start.Column,
            $"the key {(scalar.Value.Length == 0 ? "(empty)" : scalar.Value)} is {(other is null ? "null" : "a uint64")} to kubectl's YAML reader, which no JSON key is made of: {KubectlStops.AtThisDocument($"unsupported map key of type: {(other is null ? "<nil>" : "uint64")}")}; quote it ('{scalar.Value}') if the text is meant"),
    };

    /// <summary>
    /// The scalar as go-yaml resolves it; where go-yaml refuses it under its tag, kubectl apply stops at its document
    /// (<see cref="KubectlStops"/>; <c>error converting YAML to JSON: yaml: cannot decode …</c>): exit 3 at its line,
    /// saying what to write.
    /// </summary>
    private static YamlResolution Resolution(Scalar scalar, YamlErrors errors)
    {
        var shortTag = YamlTags.Of(scalar.Tag, scalar.Style);
        var resolved = YamlResolution.Of(scalar.Value, shortTag);
        if (resolved.Refusal is not { } refusal)
        {
            return resolved;
        }

        var (found, write) = shortTag switch
        {
            // The text is not shown: a Secret's value may be under the tag.
            YamlResolution.Binary => ("the !!binary value is not base64", "write the bytes as base64, padded with = (line breaks are skipped), or drop the !!binary tag to keep the text"),
            YamlResolution.Timestamp => ($"{scalar.Value} is not a !!timestamp", "write a date (2001-12-14) or a date and time (2001-12-14T21:59:43.10-05:00, 2001-12-14 21:59:43.10), or drop the !!timestamp tag"),
            _ => ($"{scalar.Value} is not a {shortTag}", $"write a value the {shortTag} tag fits, or drop the tag"),
        };
        throw errors.At(scalar.Start.Line, scalar.Start.Column, $"{found}: {KubectlStops.AtThisDocument("yaml: " + refusal)}; {write}");
    }

    /// <summary>Go's <c>strconv.FormatFloat(value, 'g', -1, 32)</c>, infinities and NaN as YAML writes them: the shortest digits of the float32, %e from exponent 6 or below -4.</summary>
    private static string Float32(double value)
    {
        var single = (float)value;
        if (!float.IsFinite(single))
        {
            return float.IsNaN(single) ? ".nan" : single > 0 ? ".inf" : "-.inf";
        }

        var shortest = single.ToString("R", CultureInfo.InvariantCulture).TrimStart('-');
        var sign = float.IsNegative(single) ? "-" : "";
        var parts = shortest.Split('E');
        var mantissa = parts[0].Split('.');
        var all = mantissa[0] + (mantissa.Length > 1 ? mantissa[1] : "");
        var digits = all.TrimStart('0').TrimEnd('0');
        if (digits.Length == 0)
        {
            return sign + "0";
        }

        // The decimal point sits dp digits into the significant digits.
        var dp = mantissa[0].Length - (all.Length - all.TrimStart('0').Length) + (parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 0);
        var exponent = dp - 1;
        if (exponent < -4 || exponent >= 6)
        {
            return $"{sign}{digits[0]}{(digits.Length > 1 ? "." + digits[1..] : "")}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}";
        }

        return sign + (dp <= 0 ? "0." + new string('0', -dp) + digits
            : dp >= digits.Length ? digits + new string('0', dp - digits.Length)
            : digits[..dp] + "." + digits[dp..]);
    }
}
