using System.Globalization;
using System.Text.RegularExpressions;

namespace Tollgate.Kubernetes.Manifests;

/// <summary>
/// What go-yaml v2, the YAML reader of kubectl and the API server (through sigs.k8s.io/yaml), resolves a scalar to:
/// its tag (<c>!!null</c>, <c>!!bool</c>, <c>!!int</c>, <c>!!float</c>, <c>!!str</c>; <c>!!timestamp</c> and
/// <c>!!binary</c> only where written) and value (null, a <see cref="bool"/>, a <see cref="long"/>, a
/// <see cref="ulong"/> above <see cref="long.MaxValue"/>, a <see cref="double"/>, the text, or a <c>!!binary</c>'s
/// bytes as text), or why go-yaml refuses a scalar its explicit tag does not fit
/// (<see cref="Refusal"/>, go-yaml's own words: <c>cannot decode !!str `abc` as a !!int</c>).
/// </summary>
/// <remarks>
/// As <c>resolve</c> in go-yaml v2's resolve.go does it
/// (<see href="https://github.com/kubernetes/kubernetes/blob/d6148716abc1cc053b6bb7436b705d5474a9899f/vendor/go.yaml.in/yaml/v2/resolve.go"/>),
/// by the first character:
/// <list type="bullet">
/// <item>a word of its table first: <c>~</c>, <c>null</c>, the YAML 1.1 booleans (<c>yes</c>, <c>On</c>, <c>N</c>),
/// <c>.inf</c>, <c>-.Inf</c>, <c>.nan</c>;</item>
/// <item>a digit or a sign: the text without its underscores through Go's <c>strconv.ParseInt(s, 0, 64)</c>, then
/// <c>ParseUint(s, 0, 64)</c>, whose base 0 reads the base from a prefix
/// (<see href="https://github.com/golang/go/blob/00a5bb14c8de99eecf8cf2893c17fd48f4d80e78/src/strconv/atoi.go"/>):
/// <c>0x</c>/<c>0X</c> hex, <c>0o</c>/<c>0O</c> octal, <c>0b</c>/<c>0B</c> binary, and a bare leading <c>0</c> octal,
/// so <c>0644</c> is 420, after an optional sign (<c>-0x10</c> is -16); failing those, a float of the shape
/// <c>[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?</c>, so <c>0689</c>, not octal, is the float 689; failing
/// that too, the text after a <c>0b</c> as a signed binary number (<c>0b-101</c> is -5);</item>
/// <item>a <c>.</c>: Go's <c>ParseFloat</c> (<c>.5</c>);</item>
/// <item>anything else, and a number out of range (<c>1e999</c>, <c>0x1_0000_0000_0000_0000</c>): the text.</item>
/// </list>
/// go-yaml tries a plain timestamp (<c>2001-12-14</c>) before numbers, but decoded into an untyped map, as kubectl
/// decodes a manifest, a timestamp stays its text (<c>scalar</c> in
/// <see href="https://github.com/yaml/go-yaml/blob/246a95c22c57f15ef6d3305a1f1b8a0b05e4d560/decode.go"/>, v2.4.2, the
/// version sigs.k8s.io/yaml requires), and none reads as a number, so it is text here.
/// An explicit <c>!!float</c> takes an integer as a float; any other tag the text does not resolve to is refused.
/// An explicit <c>!!timestamp</c> keeps the text where go-yaml reads a timestamp in it (<see cref="YamlTimestamp"/>)
/// and refuses any other text. <c>!!binary</c> is decoded as base64 (<see cref="StdBase64"/>; go-yaml refuses what is
/// not, <c>!!binary value contains invalid base64 data</c>) and its bytes are the text JSON gets: Go's
/// <c>json.Marshal</c> writes a string's bytes as UTF-8, each byte that is not UTF-8 as U+FFFD. Any other tag on a
/// scalar (<c>!!map</c>, <c>!custom</c>) leaves its text, and go-yaml ignores a tag on a mapping or a list.
/// </remarks>
internal readonly partial record struct YamlResolution(string Tag, object? Value, string? Refusal = null)
{
    public const string Null = "!!null";
    public const string Bool = "!!bool";
    public const string Int = "!!int";
    public const string Float = "!!float";
    public const string Str = "!!str";
    public const string Binary = "!!binary";
    public const string Timestamp = "!!timestamp";

    /// <summary>
    /// <paramref name="text"/> resolved as a plain scalar (<paramref name="tag"/> empty) or under an explicit tag in
    /// its short form (<c>!!int</c>): <c>!!binary</c> base64 decoded, <c>!!timestamp</c> checked; any other tag
    /// (<c>!custom</c>) keeps the text.
    /// </summary>
    public static YamlResolution Of(string text, string tag = "")
    {
        if (tag == Binary)
        {
            return StdBase64.Decode(text) is { } bytes ? new(Binary, GoString(bytes, out _)) : new(Binary, text, "!!binary value contains invalid base64 data");
        }

        if (tag == Timestamp && YamlTimestamp.Is(text))
        {
            return new(Timestamp, text);
        }

        if (tag is not ("" or Null or Bool or Int or Float or Str or Timestamp))
        {
            return new(tag, text);
        }

        var resolved = tag == Str ? new(Str, text) : Implicit(text, tag);
        if (tag == "" || tag == Str || tag == resolved.Tag)
        {
            return resolved;
        }

        return tag == Float && resolved is { Tag: Int, Value: long whole }
            ? new(Float, (double)whole)
            : new(resolved.Tag, resolved.Value, $"cannot decode {resolved.Tag} `{text}` as a {tag}");
    }

    /// <summary>
    /// <paramref name="bytes"/> as the JSON string Go's <c>encoding/json</c> writes for them: UTF-8, a byte that does
    /// not start a valid sequence becoming U+FFFD on its own (<c>utf8.DecodeRuneInString</c> steps one byte on an error),
    /// with how many bytes were so <paramref name="replaced"/>.
    /// </summary>
    internal static string GoString(byte[] bytes, out int replaced)
    {
        replaced = 0;
        var text = new System.Text.StringBuilder(bytes.Length);
        var rest = bytes.AsSpan();
        while (!rest.IsEmpty)
        {
            if (System.Text.Rune.DecodeFromUtf8(rest, out var rune, out var used) == System.Buffers.OperationStatus.Done)
            {
                text.Append(rune.ToString());
                rest = rest[used..];
            }
            else
            {
                text.Append('\uFFFD');
                replaced++;
                rest = rest[1..];
            }
        }

        return text.ToString();
    }

    private static YamlResolution Implicit(string text, string tag)
    {
        if (Word(text) is { } word)
        {
            return word;
        }

        var first = text.Length == 0 ? 'N' : text[0];
        if (first == '.')
        {
            return DotFloat().IsMatch(text) && Finite(text.Replace("_", "", StringComparison.Ordinal)) is { } fraction ? new(Float, fraction) : new(Str, text);
        }

        if (first is not (>= '0' and <= '9' or '+' or '-'))
        {
            return new(Str, text);
        }

        var plain = text.Replace("_", "", StringComparison.Ordinal);
        if (ParseInt(plain, 0) is { } signed)
        {
            return new(Int, signed);
        }

        if (ParseUint(plain, 0) is { } unsigned)
        {
            return new(Int, unsigned);
        }

        if (StyleFloat().IsMatch(plain) && Finite(plain) is { } real)
        {
            return new(Float, real);
        }

        // go-yaml's own 0b branch, from before Go read the prefix itself: only a sign after 0b still gets here.
        if (plain.StartsWith("0b", StringComparison.Ordinal))
        {
            return ParseInt(plain[2..], 2) is { } binary ? new(Int, binary)
                : ParseUint(plain[2..], 2) is { } large ? new(Int, large)
                : new(Str, text);
        }

        return plain.StartsWith("-0b", StringComparison.Ordinal) && ParseInt("-" + plain[3..], 2) is { } negative ? new(Int, negative) : new(Str, text);
    }

    /// <summary>The words of go-yaml v2's resolve table.</summary>
    private static YamlResolution? Word(string text) => text switch
    {
        "y" or "Y" or "yes" or "Yes" or "YES" or "true" or "True" or "TRUE" or "on" or "On" or "ON" => new(Bool, true),
        "n" or "N" or "no" or "No" or "NO" or "false" or "False" or "FALSE" or "off" or "Off" or "OFF" => new(Bool, false),
        "" or "~" or "null" or "Null" or "NULL" => new(Null, null),
        ".nan" or ".NaN" or ".NAN" => new(Float, double.NaN),
        ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" => new(Float, double.PositiveInfinity),
        "-.inf" or "-.Inf" or "-.INF" => new(Float, double.NegativeInfinity),
        _ => null,
    };

    /// <summary>Go's <c>strconv.ParseInt(s, radix, 64)</c>: an optional sign, then <see cref="ParseUint"/>'s digits, within 64 bits.</summary>
    private static long? ParseInt(string s, int radix)
    {
        var negative = s.StartsWith('-');
        var digits = s.StartsWith('-') || s.StartsWith('+') ? s[1..] : s;
        if (ParseUint(digits, radix) is not { } magnitude)
        {
            return null;
        }

        return negative
            ? magnitude <= 1UL << 63 ? unchecked(-(long)magnitude) : null
            : magnitude < 1UL << 63 ? (long)magnitude : null;
    }

    /// <summary>Go's <c>strconv.ParseUint(s, radix, 64)</c>; radix 0 reads it from a prefix, a bare leading 0 meaning octal.</summary>
    private static ulong? ParseUint(string s, int radix)
    {
        if (s.Length == 0)
        {
            return null;
        }

        var start = 0;
        if (radix == 0)
        {
            radix = 10;
            if (s[0] == '0')
            {
                (radix, start) = s.Length >= 3 ? char.ToLowerInvariant(s[1]) switch
                {
                    'b' => (2, 2),
                    'o' => (8, 2),
                    'x' => (16, 2),
                    _ => (8, 1),
                } : (8, 1);
            }
        }

        var value = 0UL;
        foreach (var c in s.AsSpan(start))
        {
            var digit = c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' ? char.ToLowerInvariant(c) - 'a' + 10 : int.MaxValue;
            if (digit >= radix || value > (ulong.MaxValue - (ulong)digit) / (ulong)radix)
            {
                return null;
            }

            value = (value * (ulong)radix) + (ulong)digit;
        }

        return value;
    }

    /// <summary>The number, or null where Go's <c>ParseFloat</c> answers out of range (it gives no infinity without an error).</summary>
    private static double? Finite(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;

    /// <summary>go-yaml v2's <c>yamlStyleFloat</c>.</summary>
    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex StyleFloat();

    /// <summary>What Go's <c>ParseFloat</c> takes that starts with a dot: digits (underscores between them), an exponent.</summary>
    [GeneratedRegex(@"^\.[0-9]+(_[0-9]+)*([eE][-+]?[0-9]+(_[0-9]+)*)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex DotFloat();
}
