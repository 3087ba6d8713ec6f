namespace Tollgate.Kubernetes.Manifests;

/// <summary>
/// Whether go-yaml v2 reads a text as a timestamp, which an explicit <c>!!timestamp</c> requires: four digits and a
/// <c>-</c>, then one of the four layouts its <c>parseTimestamp</c> hands Go's <c>time.Parse</c>
/// (<see href="https://github.com/yaml/go-yaml/blob/246a95c22c57f15ef6d3305a1f1b8a0b05e4d560/resolve.go"/>, v2.4.2):
/// <c>2006-1-2T15:4:5.999999999Z07:00</c> (or a lower-case <c>t</c>), <c>2006-1-2 15:4:5.999999999</c> and
/// <c>2006-1-2</c>. As <c>time.Parse</c> reads them
/// (<see href="https://github.com/golang/go/blob/08d2403576737c5735d0c1d356490e03a774dff6/src/time/format.go"/>): a
/// month, day, hour, minute and second of one or two digits, the day within its month (<c>2001-02-29</c> is not one),
/// an hour below 24, a minute and a second below 60; a fraction after <c>.</c> or <c>,</c> of any length; a zone
/// <c>Z</c> or <c>±hh:mm</c> (at most 24:60), required after a <c>T</c> and refused after a space; a space is one or
/// more spaces. So <c>2001-12-14</c>, <c>2001-12-14t21:59:43.10-05:00</c> and <c>2001-12-14 21:59:43.10</c> are
/// timestamps, and YAML's own example <c>2001-12-14 21:59:43.10 -5</c> is not.
/// </summary>
internal static class YamlTimestamp
{
    public static bool Is(string text)
    {
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        if (digits != 4 || digits == text.Length || text[4] != '-')
        {
            return false;
        }

        return DateOnly(text) || WithZone(text, 'T') || WithZone(text, 't') || WithoutZone(text);
    }

    private static bool DateOnly(string text)
    {
        var at = 0;
        return Date(text, ref at) && at == text.Length;
    }

    private static bool WithZone(string text, char separator)
    {
        var at = 0;
        return Date(text, ref at) && Literal(text, ref at, separator) && Time(text, ref at) && Zone(text, ref at) && at == text.Length;
    }

    private static bool WithoutZone(string text)
    {
        var at = 0;
        if (!Date(text, ref at) || (at < text.Length && text[at] != ' '))
        {
            return false;
        }

        while (at < text.Length && text[at] == ' ')
        {
            at++;
        }

        return Time(text, ref at) && at == text.Length;
    }

    /// <summary><c>2006-1-2</c>; Go checks the day against its month once the whole text is read.</summary>
    private static bool Date(string text, ref int at)
    {
        var year = int.Parse(text.AsSpan(0, 4), provider: System.Globalization.CultureInfo.InvariantCulture);
        at = 4;
        if (!Literal(text, ref at, '-') || Number(text, ref at) is not { } month || month is < 1 or > 12
            || !Literal(text, ref at, '-') || Number(text, ref at) is not { } day)
        {
            return false;
        }

        // Go's calendar is proleptic Gregorian: year 0 is a leap year, as 2000 is.
        return day >= 1 && day <= DateTime.DaysInMonth(year == 0 ? 2000 : year, month);
    }

    /// <summary><c>15:4:5.999999999</c>: the fraction is optional, and any number of digits.</summary>
    private static bool Time(string text, ref int at)
    {
        if (Number(text, ref at) is not < 24 || !Literal(text, ref at, ':') || Number(text, ref at) is not < 60
            || !Literal(text, ref at, ':') || Number(text, ref at) is not < 60)
        {
            return false;
        }

        if (at + 1 < text.Length && text[at] is '.' or ',' && char.IsAsciiDigit(text[at + 1]))
        {
            at++;
            while (at < text.Length && char.IsAsciiDigit(text[at]))
            {
                at++;
            }
        }

        return true;
    }

    /// <summary><c>Z07:00</c>: <c>Z</c>, or a sign, two digits, a colon and two digits, an offset of at most 24 hours and 60 minutes.</summary>
    private static bool Zone(string text, ref int at)
    {
        if (at < text.Length && text[at] == 'Z')
        {
            at++;
            return true;
        }

        if (text.Length - at < 6 || text[at] is not ('+' or '-') || text[at + 3] != ':'
            || !char.IsAsciiDigit(text[at + 1]) || !char.IsAsciiDigit(text[at + 2]) || !char.IsAsciiDigit(text[at + 4]) || !char.IsAsciiDigit(text[at + 5]))
        {
            return false;
        }

        var hours = ((text[at + 1] - '0') * 10) + (text[at + 2] - '0');
        var minutes = ((text[at + 4] - '0') * 10) + (text[at + 5] - '0');
        at += 6;
        return hours <= 24 && minutes <= 60;
    }

    /// <summary>Go's <c>getnum(s, false)</c>: one digit, or two where two follow.</summary>
    private static int? Number(string text, ref int at)
    {
        if (at >= text.Length || !char.IsAsciiDigit(text[at]))
        {
            return null;
        }

        var value = text[at++] - '0';
        if (at < text.Length && char.IsAsciiDigit(text[at]))
        {
            value = (value * 10) + (text[at++] - '0');
        }

        return value;
    }

    private static bool Literal(string text, ref int at, char expected)
    {
        if (at >= text.Length || text[at] != expected)
        {
            return false;
        }

        at++;
        return true;
    }
}
