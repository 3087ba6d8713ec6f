using System.Globalization;
using System.Text;

namespace Tollgate.Reports;

/// <summary>
/// Text made writable in XML 1.0: the characters XML cannot carry at all (C0 controls other than tab, line feed and
/// carriage return; U+FFFE, U+FFFF; a surrogate without its pair) are shown as <c>\u0001</c>, as a terminal line shows
/// them (<see cref="Domain.Reports.TextSafe"/>). Scanner output, Prometheus label values and manifests can carry any
/// of them, and an XML writer refuses the whole document for one (https://www.w3.org/TR/xml/#charsets).
/// </summary>
internal static class XmlText
{
    public static string Clean(string text)
    {
        if (!HasInvalid(text))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(c).Append(text[++i]);
            }
            else if (IsInvalid(c))
            {
                clean.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                clean.Append(c);
            }
        }

        return clean.ToString();
    }

    private static bool HasInvalid(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (IsInvalid(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInvalid(char c) => (c < 0x20 && c is not ('\t' or '\n' or '\r')) || c is '\uFFFE' or '\uFFFF' || char.IsSurrogate(c);
}
