using System.Globalization;
using System.Text;

namespace Tollgate.Domain.Reports;

/// <summary>
/// User text (approver names, reasons, exception owners) made safe for a terminal line: a newline cannot start a
/// forged line (<c>PASS terraform-plan …</c>), an escape sequence cannot recolour or move the cursor and a bidi override
/// cannot show the line's characters in another order. Control characters (C0, DEL, C1, the line and paragraph
/// separators) and the bidi controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) are shown as <c>\n</c>,
/// <c>\r</c>, <c>\t</c> or <c>\u001b</c>, so a tab too, which would misalign the columns a line is read in. Text
/// decoded from ill-formed UTF-8 holds U+FFFD where the bad bytes were, which is shown as it is.
/// </summary>
public static class TextSafe
{
    /// <summary>The characters <see cref="Line"/> escapes, for a caller that refuses them instead.</summary>
    internal static readonly System.Buffers.SearchValues<char> Unsafe =
        System.Buffers.SearchValues.Create([.. Enumerable.Range(0, 0x10000).Select(i => (char)i).Where(IsUnsafe)]);

    public static string Line(string text)
    {
        if (!text.Any(IsUnsafe))
        {
            return text;
        }

        var safe = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            safe.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when IsUnsafe(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return safe.ToString();
    }

    private static bool IsUnsafe(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085' or '\u061c' or '\u200e' or '\u200f' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069');
}
