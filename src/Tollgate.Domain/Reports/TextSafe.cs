using System.Globalization;
using System.Text;

namespace Tollgate.Domain.Reports;

/// <summary>
/// User text (approver names, reasons, exception owners) made safe for a terminal line: a newline cannot start a
/// forged line (<c>PASS terraform-plan …</c>) and an escape sequence cannot recolour or move the cursor. Control
/// characters are shown as <c>\n</c>, <c>\r</c>, <c>\t</c> or <c>\u001b</c>.
/// </summary>
public static class TextSafe
{
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

    private static bool IsUnsafe(char c) => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085';
}
