using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Tollgate.Kubernetes.Manifests;

/// <summary>
/// A YAML scalar as a JSON value, typed as Kubernetes' YAML reader types plain scalars: <c>null</c>/<c>~</c>/empty,
/// decimal, octal (<c>0o</c>) and hex integers, floats, and the booleans of YAML 1.1, which kubectl and the API server
/// read YAML with (sigs.k8s.io/yaml turns YAML into JSON with go-yaml v2): <c>true</c>/<c>false</c> and also
/// <c>yes</c>/<c>no</c>, <c>on</c>/<c>off</c>, <c>y</c>/<c>n</c> in their lower, capitalised and upper case, so an
/// unquoted <c>hostNetwork: yes</c> is <c>true</c> to the cluster. Quoted scalars and <c>!!str</c> stay strings
/// (<c>hostNetwork: "yes"</c> is a string the API server refuses in a boolean field). Infinities and NaN have no JSON
/// form and stay text.
/// </summary>
/// <remarks>
/// The booleans: go-yaml v2's resolve table (<see href="https://github.com/kubernetes/kubernetes/blob/d6148716abc1cc053b6bb7436b705d5474a9899f/vendor/go.yaml.in/yaml/v2/resolve.go"/>),
/// which sigs.k8s.io/yaml reads YAML with (<see href="https://github.com/kubernetes-sigs/yaml/blob/aadfabb7d36952151672ec164d4220a6f0e31f63/yaml.go"/>:
/// "literal 'yes' and 'no' strings without quotation marks will be converted to true/false"), as kubectl's manifest
/// decoder does (<see href="https://github.com/kubernetes/kubernetes/blob/044f937cf3c061da43a91b7565fb555b7bdcc566/staging/src/k8s.io/apimachinery/pkg/util/yaml/decoder.go"/>).
/// </remarks>
internal static class YamlScalars
{
    private const string Core = "tag:yaml.org,2002:";

    private static readonly System.Buffers.SearchValues<char> Octal = System.Buffers.SearchValues.Create("01234567");

    private static readonly System.Buffers.SearchValues<char> Decimal = System.Buffers.SearchValues.Create("0123456789");

    public static JsonNode? Resolve(Scalar scalar)
    {
        var text = scalar.Value;
        if (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific)
        {
            return scalar.Tag.Value switch
            {
                Core + "null" => null,
                Core + "bool" => Bool(text) is { } b ? JsonValue.Create(b) : Bad(scalar, "a boolean"),
                Core + "int" => Integer(text) ?? Bad(scalar, "an integer"),
                Core + "float" => Float(text) ?? Integer(text) ?? Bad(scalar, "a number"),
                _ => JsonValue.Create(text),
            };
        }

        if (scalar.Style != ScalarStyle.Plain || scalar.Tag.IsNonSpecific)
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        return Bool(text) is { } flag ? JsonValue.Create(flag) : Integer(text) ?? Float(text) ?? JsonValue.Create(text);
    }

    private static bool? Bool(string text) => text switch
    {
        "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" or "y" or "Y" => true,
        "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF" or "n" or "N" => false,
        _ => null,
    };

    private static JsonNode? Integer(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (text.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return JsonValue.Create(hex);
        }

        if (text.StartsWith("0o", StringComparison.Ordinal) && text.Length > 2 && text.AsSpan(2).IndexOfAnyExcept(Octal) < 0)
        {
            try
            {
                return JsonValue.Create(Convert.ToInt64(text[2..], 8));
            }
            catch (OverflowException)
            {
                return null;
            }
        }

        var digits = text[0] is '-' or '+' ? text.AsSpan(1) : text.AsSpan();
        if (digits.Length == 0 || digits.IndexOfAnyExcept(Decimal) >= 0)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? JsonValue.Create(value)
            : JsonValue.Create(double.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
    }

    private static JsonNode? Float(string text)
    {
        // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
        var i = 0;
        if (i < text.Length && text[i] is '-' or '+')
        {
            i++;
        }

        var whole = Digits(text, ref i);
        var fraction = 0;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            fraction = Digits(text, ref i);
        }

        if (whole == 0 && fraction == 0)
        {
            return null;
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '-' or '+')
            {
                i++;
            }

            if (Digits(text, ref i) == 0)
            {
                return null;
            }
        }

        return i == text.Length && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? JsonValue.Create(value)
            : null;
    }

    private static int Digits(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i - start;
    }

    private static JsonNode Bad(Scalar scalar, string what) =>
        throw new YamlException(scalar.Start, scalar.End, $"'{scalar.Value}' is tagged {scalar.Tag.Value} but is not {what}");
}
