using System.Globalization;
using Tollgate.Kubernetes.Manifests;

namespace Tollgate.Kubernetes.Tests.Manifests;

/// <summary>
/// Known cases of go-yaml v2's <c>resolve</c>, the YAML reader of kubectl and the API server, derived from its source
/// (<see href="https://github.com/kubernetes/kubernetes/blob/d6148716abc1cc053b6bb7436b705d5474a9899f/vendor/go.yaml.in/yaml/v2/resolve.go"/>)
/// and from Go's <c>strconv.ParseInt</c>/<c>ParseUint</c> with base 0, which it calls on the text without underscores
/// (<see href="https://github.com/golang/go/blob/00a5bb14c8de99eecf8cf2893c17fd48f4d80e78/src/strconv/atoi.go"/>).
/// Each row says which branch of the source decides it.
/// </summary>
public sealed class YamlResolutionTests
{
    [Theory]
    // resolveMap: the YAML 1.1 words, null, infinities and NaN.
    [InlineData("yes", "bool True")]
    [InlineData("Off", "bool False")]
    [InlineData("y", "bool True")]
    [InlineData("", "null")]
    [InlineData("~", "null")]
    [InlineData("NULL", "null")]
    [InlineData(".inf", "float Infinity")]
    [InlineData("-.Inf", "float -Infinity")]
    [InlineData(".NaN", "float NaN")]
    // First character not in resolveTable, or in the map's row but not a word of it: text.
    [InlineData("_1", "str _1")]
    [InlineData("yess", "str yess")]
    [InlineData("NaN", "str NaN")]
    [InlineData("Inf", "str Inf")]
    // ParseInt(s, 0, 64): decimal, a sign, and the base from a prefix; a bare leading 0 is octal.
    [InlineData("0", "int 0")]
    [InlineData("00", "int 0")]
    [InlineData("0644", "int 420")]
    [InlineData("0755", "int 493")]
    [InlineData("-0644", "int -420")]
    [InlineData("+12", "int 12")]
    [InlineData("-0", "int 0")]
    [InlineData("0x1F", "int 31")]
    [InlineData("0X1f", "int 31")]
    [InlineData("-0x10", "int -16")]
    [InlineData("+0x1F", "int 31")]
    [InlineData("0o17", "int 15")]
    [InlineData("0O17", "int 15")]
    [InlineData("0b101", "int 5")]
    [InlineData("0B101", "int 5")]
    [InlineData("-0b101", "int -5")]
    // Underscores are removed before parsing, wherever they are after the first character.
    [InlineData("1_000", "int 1000")]
    [InlineData("1__0", "int 10")]
    [InlineData("0x_1F", "int 31")]
    [InlineData("1_", "int 1")]
    [InlineData("0_644", "int 420")]
    // 64 bits: int64, then ParseUint's uint64, then a float of yamlStyleFloat's shape, then text.
    [InlineData("9223372036854775807", "int 9223372036854775807")]
    [InlineData("-9223372036854775808", "int -9223372036854775808")]
    [InlineData("9223372036854775808", "uint 9223372036854775808")]
    [InlineData("18446744073709551615", "uint 18446744073709551615")]
    [InlineData("0xFFFFFFFFFFFFFFFF", "uint 18446744073709551615")]
    [InlineData("18446744073709551616", "float 1.8446744073709552E+19")]
    [InlineData("-9223372036854775809", "float -9.223372036854776E+18")]
    [InlineData("0x10000000000000000", "str 0x10000000000000000")]
    // Not an integer: yamlStyleFloat, [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?, through ParseFloat.
    [InlineData("0689", "float 689")]
    [InlineData("08", "float 8")]
    [InlineData("09.5", "float 9.5")]
    [InlineData("1.0", "float 1")]
    [InlineData("1.", "float 1")]
    [InlineData("+.5", "float 0.5")]
    [InlineData("1e3", "float 1000")]
    [InlineData("-1.5E-3", "float -0.0015")]
    [InlineData("1_000.5", "float 1000.5")]
    [InlineData("1e999", "str 1e999")]
    // A leading dot: ParseFloat on the text as written.
    [InlineData(".5", "float 0.5")]
    [InlineData(".5e3", "float 500")]
    [InlineData(".5_0", "float 0.5")]
    [InlineData("._5", "str ._5")]
    [InlineData(".", "str .")]
    [InlineData(".5e999", "str .5e999")]
    // Neither: text. No base-60 (resolve.go: "purposefully unsupported"), no hex floats, no thousands separators.
    [InlineData("0o8", "str 0o8")]
    [InlineData("0b2", "str 0b2")]
    [InlineData("0x", "str 0x")]
    [InlineData("0b", "str 0b")]
    [InlineData("0xG", "str 0xG")]
    [InlineData("1:20", "str 1:20")]
    [InlineData("0x1p4", "str 0x1p4")]
    [InlineData("1,000", "str 1,000")]
    [InlineData("+", "str +")]
    [InlineData("-", "str -")]
    [InlineData("25%", "str 25%")]
    [InlineData("2001-12-14", "str 2001-12-14")]
    [InlineData("1.2.3", "str 1.2.3")]
    // go-yaml's own 0b branch, tried last: a sign after the prefix.
    [InlineData("0b-101", "int -5")]
    [InlineData("0b+11", "int 3")]
    [InlineData("-0b-1", "str -0b-1")]
    public void Of_PlainScalar_AsGoYamlV2ResolvesIt(string text, string resolved)
    {
        var resolution = YamlResolution.Of(text);

        resolution.Refusal.ShouldBeNull();
        Describe(resolution).ShouldBe(resolved);
    }

    [Theory]
    [InlineData("0644", "!!int", "int 420")]
    [InlineData("0644", "!!str", "str 0644")]
    [InlineData("yes", "!!str", "str yes")]
    [InlineData("1", "!!float", "float 1")]
    [InlineData("0x10", "!!float", "float 16")]
    [InlineData("1.5", "!!float", "float 1.5")]
    [InlineData("on", "!!bool", "bool True")]
    [InlineData("~", "!!null", "null")]
    [InlineData("0644", "!custom", "str 0644")]
    [InlineData("0644", "!!map", "str 0644")]
    [InlineData("yes", "!!seq", "str yes")]
    public void Of_TaggedScalar_ResolvedUnderItsTag(string text, string tag, string resolved)
    {
        var resolution = YamlResolution.Of(text, tag);

        resolution.Refusal.ShouldBeNull();
        Describe(resolution).ShouldBe(resolved);
    }

    [Theory]
    [InlineData("abc", "!!int", "cannot decode !!str `abc` as a !!int")]
    [InlineData("1.5", "!!int", "cannot decode !!float `1.5` as a !!int")]
    [InlineData("1", "!!bool", "cannot decode !!int `1` as a !!bool")]
    [InlineData("abc", "!!null", "cannot decode !!str `abc` as a !!null")]
    [InlineData("yes", "!!int", "cannot decode !!bool `yes` as a !!int")]
    // resolve's deferred check turns an int64 into a float, never a uint64.
    [InlineData("18446744073709551615", "!!float", "cannot decode !!int `18446744073709551615` as a !!float")]
    public void Of_TagTheTextDoesNotFit_RefusedInGoYamlsWords(string text, string tag, string refusal)
    {
        YamlResolution.Of(text, tag).Refusal.ShouldBe(refusal);
    }

    /// <summary>
    /// go-yaml v2.4.2's <c>scalar</c> (decode.go): a <c>!!binary</c> scalar is base64 decoded, its bytes the string
    /// sigs.k8s.io/yaml's <c>json.Marshal</c> writes (a byte that is not UTF-8 as U+FFFD, one each).
    /// </summary>
    [Theory]
    [InlineData("aGVsbG8=", "str hello")]
    [InlineData("aGVs\nbG8=\n", "str hello")]
    [InlineData("", "str ")]
    [InlineData("YR==", "str a")]
    [InlineData("w6k=", "str \u00e9")]
    [InlineData("/w==", "str \ufffd")]
    [InlineData("4oI=", "str \ufffd\ufffd")]
    [InlineData("AA==", "str \u0000")]
    public void Of_Binary_TheDecodedBytesAsJsonText(string text, string resolved)
    {
        var resolution = YamlResolution.Of(System.Text.RegularExpressions.Regex.Unescape(text), "!!binary");

        resolution.Refusal.ShouldBeNull();
        resolution.Tag.ShouldBe("!!binary");
        Describe(resolution).ShouldBe(System.Text.RegularExpressions.Regex.Unescape(resolved));
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("aGVsbG8")]
    [InlineData("aGVs bG8=")]
    [InlineData("aGVsbG8=\t")]
    [InlineData("====")]
    [InlineData("aGVsbG8=aGVs")]
    public void Of_BinaryNotBase64_RefusedInGoYamlsWords(string text)
    {
        YamlResolution.Of(System.Text.RegularExpressions.Regex.Unescape(text), "!!binary").Refusal.ShouldBe("!!binary value contains invalid base64 data");
    }

    /// <summary>go-yaml's parseTimestamp: its four layouts through Go's time.Parse; into an untyped map the text stays.</summary>
    [Theory]
    [InlineData("2001-12-14")]
    [InlineData("2001-1-2")]
    [InlineData("2000-02-29")]
    [InlineData("0000-02-29")]
    [InlineData("2001-12-14T21:59:43Z")]
    [InlineData("2001-12-14t21:59:43.10-05:00")]
    [InlineData("2001-12-14T21:59:43,5+24:00")]
    [InlineData("2001-12-14T1:2:3.123456789012Z")]
    [InlineData("2001-12-14 21:59:43.10")]
    [InlineData("2001-12-14   21:59:43")]
    public void Of_Timestamp_KeepsTheText(string text)
    {
        var resolution = YamlResolution.Of(text, "!!timestamp");

        resolution.Refusal.ShouldBeNull();
        Describe(resolution).ShouldBe($"str {text}");
    }

    [Theory]
    [InlineData("2001-12-14 21:59:43.10 -5", "!!str")]
    [InlineData("2001-02-29", "!!str")]
    [InlineData("2001-13-01", "!!str")]
    [InlineData("2001-12-14T21:59:43", "!!str")]
    [InlineData("2001-12-14T24:00:00Z", "!!str")]
    [InlineData("2001-12-14T21:60:00Z", "!!str")]
    [InlineData("2001-12-14T21:59:60Z", "!!str")]
    [InlineData("2001-12-14T21:59:43z", "!!str")]
    [InlineData("2001-12-14T21:59:43+05", "!!str")]
    [InlineData("2001-12-14T21:59:43+25:00", "!!str")]
    [InlineData("2001-12-14 21:59:43Z", "!!str")]
    [InlineData("2001-012-14", "!!str")]
    [InlineData("20011-12-14", "!!str")]
    [InlineData("2001", "!!int")]
    [InlineData("yes", "!!bool")]
    [InlineData("~", "!!null")]
    public void Of_TimestampGoYamlDoesNotRead_Refused(string text, string resolvedAs)
    {
        YamlResolution.Of(text, "!!timestamp").Refusal.ShouldBe($"cannot decode {resolvedAs} `{text}` as a !!timestamp");
    }

    private static string Describe(YamlResolution resolution) => resolution.Value switch
    {
        null => "null",
        bool flag => $"bool {flag}",
        long whole => $"int {whole.ToString(CultureInfo.InvariantCulture)}",
        ulong large => $"uint {large.ToString(CultureInfo.InvariantCulture)}",
        double real => $"float {real.ToString("R", CultureInfo.InvariantCulture)}",
        string text => $"str {text}",
        var other => $"unexpected {other.GetType()}",
    };
}
