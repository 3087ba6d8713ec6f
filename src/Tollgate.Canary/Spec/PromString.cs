using System.Globalization;
using System.Text;

namespace Tollgate.Canary.Spec;

/// <summary>
/// PromQL's string literals: <c>"…"</c> and <c>'…'</c> with Go's escapes, <c>`…`</c> raw
/// (https://prometheus.io/docs/prometheus/latest/querying/basics/#string-literals).
/// </summary>
public static class PromString
{
    public static bool IsQuote(char c) => c is '"' or '\'' or '`';

    /// <summary><paramref name="text"/> as a PromQL double-quoted string, its backslashes, quotes and newlines escaped.</summary>
    public static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";

    /// <summary>Past the closing quote of the string opening at <paramref name="open"/> (the text's end when it is not closed).</summary>
    public static int Skip(string text, int open)
    {
        var quote = text[open];
        var i = open + 1;
        while (i < text.Length && text[i] != quote)
        {
            i += text[i] == '\\' && quote != '`' ? 2 : 1;
        }

        return Math.Min(i + 1, text.Length);
    }

    /// <summary>True when the string opening at <paramref name="open"/> is closed before the text ends.</summary>
    public static bool Closed(string text, int open)
    {
        var end = Skip(text, open);
        return end - open >= 2 && text[end - 1] == text[open] && (text[open] == '`' || !EscapedAt(text, open, end - 1));
    }

    /// <summary>The text of a quoted string: Go's escapes read for '…' and "…" (\n, \t, \\, \", \x41, \u00e9, \101, …); `…` as it is.</summary>
    public static string Unquote(string quoted)
    {
        var body = quoted.Length >= 2 ? quoted[1..^1] : "";
        if (quoted.StartsWith('`'))
        {
            return body;
        }

        var text = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] != '\\' || i + 1 >= body.Length)
            {
                text.Append(body[i]);
                continue;
            }

            var c = body[++i];
            var (digits, radix) = c switch { 'x' => (2, 16), 'u' => (4, 16), 'U' => (8, 16), >= '0' and <= '7' => (3, 8), _ => (0, 0) };
            if (digits > 0 && Code(body, radix == 8 ? i : i + 1, digits, radix) is { } code)
            {
                text.Append(char.ConvertFromUtf32(code));
                i += radix == 8 ? digits - 1 : digits;
                continue;
            }

            text.Append(c switch { 'n' => '\n', 't' => '\t', 'r' => '\r', 'a' => '\a', 'b' => '\b', 'f' => '\f', 'v' => '\v', _ => c });
        }

        return text.ToString();
    }

    private static int? Code(string body, int from, int digits, int radix)
    {
        if (from + digits > body.Length)
        {
            return null;
        }

        var code = 0;
        for (var k = from; k < from + digits; k++)
        {
            var digit = radix == 8 ? body[k] - '0' : int.TryParse(body.AsSpan(k, 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var h) ? h : -1;
            if (digit < 0 || digit >= radix)
            {
                return null;
            }

            code = code * radix + digit;
        }

        return code is <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF) ? code : null;
    }

    // True when the quote at 'at' is escaped by an odd run of backslashes after 'open'.
    private static bool EscapedAt(string text, int open, int at)
    {
        var slashes = 0;
        for (var k = at - 1; k > open && text[k] == '\\'; k--)
        {
            slashes++;
        }

        return slashes % 2 == 1;
    }
}
