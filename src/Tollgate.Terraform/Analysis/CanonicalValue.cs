using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace Tollgate.Terraform.Analysis;

/// <summary>
/// A text that two JSON values share exactly when <see cref="JsonElement.DeepEquals"/> holds between them (or, where it
/// throws, <see cref="Equal"/>): strings by their unescaped value, numbers by value, exactly, whatever their exponent
/// (<c>1</c>, <c>1.0</c> and <c>10e-1</c> alike; <c>0</c> and <c>-0</c> alike, as DeepEquals has them), object members
/// in name order (members of one name keep their order), arrays in order. Only a string holding half a surrogate pair,
/// which the plan reader rejects, has no text of its own: all of them share one. So grouping by it is grouping by equality.
/// </summary>
internal static class CanonicalValue
{
    private const string Unreadable = "?";

    public static string Of(JsonElement value)
    {
        var text = new StringBuilder();
        try
        {
            Append(value, text);
        }
        catch (InvalidOperationException)
        {
            return Unreadable; // a string with a lone surrogate escape: every such value gets this one text
        }

        return text.ToString();
    }

    private static void Append(JsonElement value, StringBuilder text)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var members = value.EnumerateObject().Select(m => (m.Name, m.Value)).OrderBy(m => m.Name, StringComparer.Ordinal).ToList();
                text.Append('{').Append(members.Count).Append(':');
                foreach (var (name, member) in members)
                {
                    text.Append(name.Length).Append(':').Append(name);
                    Append(member, text);
                }

                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[').Append(value.GetArrayLength()).Append(':');
                foreach (var item in value.EnumerateArray())
                {
                    Append(item, text);
                }

                text.Append(']');
                break;
            case JsonValueKind.String:
                var s = value.GetString()!;
                text.Append('s').Append(s.Length).Append(':').Append(s);
                break;
            case JsonValueKind.Number:
                text.Append('n').Append(Number(value.GetRawText())).Append(';');
                break;
            default:
                text.Append(value.ValueKind switch { JsonValueKind.True => 't', JsonValueKind.False => 'f', _ => 'z' });
                break;
        }
    }

    /// <summary>
    /// <see cref="JsonElement.DeepEquals"/> where it cannot answer: it throws on a number whose exponent it cannot
    /// hold (<c>1e99999999999</c>), even for two equal ones. Numbers are compared by their exact digits and exponent,
    /// everything else as DeepEquals does (object members by name, in order within a name).
    /// </summary>
    public static bool Equal(JsonElement a, JsonElement b)
    {
        if (a.ValueKind != b.ValueKind)
        {
            return false;
        }

        switch (a.ValueKind)
        {
            case JsonValueKind.Number:
                return Number(a.GetRawText()) == Number(b.GetRawText());
            case JsonValueKind.Array:
                return a.GetArrayLength() == b.GetArrayLength() && a.EnumerateArray().Zip(b.EnumerateArray()).All(p => Equal(p.First, p.Second));
            case JsonValueKind.Object:
                var left = a.EnumerateObject().OrderBy(m => m.Name, StringComparer.Ordinal).ToList();
                var right = b.EnumerateObject().OrderBy(m => m.Name, StringComparer.Ordinal).ToList();
                return left.Count == right.Count
                    && left.Zip(right).All(p => p.First.NameEquals(p.Second.Name) && Equal(p.First.Value, p.Second.Value));
            default:
                return JsonElement.DeepEquals(a, b);
        }
    }

    /// <summary>Significant digits and exponent (<c>-12e-3</c>), exactly, however large the exponent; every zero is <c>0</c>.</summary>
    private static string Number(string raw)
    {
        var negative = raw.StartsWith('-');
        var body = negative ? raw[1..] : raw;
        var e = body.IndexOfAny(['e', 'E']);
        var mantissa = e < 0 ? body : body[..e];
        if (!BigInteger.TryParse(e < 0 ? "0" : body[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent))
        {
            return Unreadable; // not a JSON number's exponent: the reader lets none through
        }

        var dot = mantissa.IndexOf('.');
        var digits = dot < 0 ? mantissa : string.Concat(mantissa.AsSpan(0, dot), mantissa.AsSpan(dot + 1));
        exponent -= dot < 0 ? 0 : mantissa.Length - dot - 1;
        digits = digits.TrimStart('0');
        var trimmed = digits.TrimEnd('0');
        exponent += digits.Length - trimmed.Length;
        return trimmed.Length == 0
            ? "0"
            : (negative ? "-" : "") + trimmed + "e" + exponent.ToString(CultureInfo.InvariantCulture);
    }
}
