using System.Globalization;
using System.Text;

namespace Tollgate.Domain.Reports;

/// <summary>
/// How many terminal columns a text takes, for padding table columns: East Asian wide and fullwidth characters
/// (<see href="https://www.unicode.org/reports/tr11/">UAX #11</see>: CJK, Hangul, kana, fullwidth forms, most emoji)
/// take two, combining marks and format characters none, the rest one, as wcwidth counts them.
/// </summary>
public static class DisplayWidth
{
    public static int Of(string text)
    {
        var width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            width += Of(rune);
        }

        return width;
    }

    /// <summary><paramref name="text"/> followed by spaces up to <paramref name="width"/> columns (none when it is as wide already).</summary>
    public static string PadRight(string text, int width) => text + new string(' ', Math.Max(0, width - Of(text)));

    private static int Of(Rune rune)
    {
        var category = Rune.GetUnicodeCategory(rune);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format)
        {
            return 0;
        }

        return Wide(rune.Value) ? 2 : 1;
    }

    private static bool Wide(int c) =>
        c is >= 0x1100 and <= 0x115F
            or >= 0x2E80 and <= 0x303E
            or >= 0x3041 and <= 0x33FF
            or >= 0x3400 and <= 0x4DBF
            or >= 0x4E00 and <= 0x9FFF
            or >= 0xA000 and <= 0xA4CF
            or >= 0xA960 and <= 0xA97F
            or >= 0xAC00 and <= 0xD7A3
            or >= 0xF900 and <= 0xFAFF
            or >= 0xFE10 and <= 0xFE19
            or >= 0xFE30 and <= 0xFE6F
            or >= 0xFF00 and <= 0xFF60
            or >= 0xFFE0 and <= 0xFFE6
            or >= 0x1F300 and <= 0x1F64F
            or >= 0x1F900 and <= 0x1F9FF
            or >= 0x20000 and <= 0x2FFFD
            or >= 0x30000 and <= 0x3FFFD;
}
