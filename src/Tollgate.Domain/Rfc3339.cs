using System.Globalization;

namespace Tollgate.Domain;

/// <summary>
/// Times as Tollgate writes them in messages and evidence, RFC 3339 in UTC to the second (<c>2026-01-10T10:00:00Z</c>),
/// and as a user gives them (<c>--at</c>, <c>--from</c>, a commit time): RFC 3339, UTC when it names no offset, or
/// Unix seconds. Only the RFC 3339 shape is read as a time (<see cref="TryParse"/>): <c>12/03/2024</c> or
/// <c>March 12</c> are refused, never read in one culture's order.
/// </summary>
public static class Rfc3339
{
    /// <summary>Unix seconds past the end of year 9999, the last time a <see cref="DateTimeOffset"/> can hold.</summary>
    private const double EndOfTime = 253_402_300_800;

    /// <summary><paramref name="time"/> in UTC to the second, e.g. <c>2026-01-10T10:00:00Z</c>.</summary>
    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary><paramref name="time"/> in UTC to the millisecond, e.g. <c>2026-01-10T10:00:00.250Z</c> (lineage, OpenLineage events).</summary>
    public static string FormatMillis(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>An RFC 3339 time or Unix seconds, from 1970 to the end of year 9999.</summary>
    /// <param name="option">What gave the text, named in the refusal: <c>--at</c>, or <c>--changes abc@x: the commit time</c>.</param>
    /// <exception cref="InvalidInputException">Neither, or out of range.</exception>
    public static DateTimeOffset Parse(string text, string option)
    {
        // NaN and Infinity are words .NET reads as numbers but no count of seconds: they fall to "neither" below (1e999 is a number, out of range).
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && (double.IsFinite(seconds) || text.Any(char.IsAsciiDigit)))
        {
            return double.IsFinite(seconds) && seconds >= 0 && seconds < EndOfTime
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
                : throw new InvalidInputException($"{option} {text} is out of range: Unix seconds from 0 to 253402300799 (year 9999)");
        }

        if (!TryParse(text, out var time))
        {
            throw new InvalidInputException($"{option} {text} is neither RFC 3339 (2026-01-10T10:00:00Z) nor Unix seconds");
        }

        // As Unix seconds below 0 are: a year-1 deploy or drill would sit in every history it joined.
        return time >= DateTimeOffset.UnixEpoch
            ? time
            : throw new InvalidInputException($"{option} {text} is before 1970-01-01T00:00:00Z, as no time tollgate records can be: give a later one");
    }

    /// <summary>
    /// True when <paramref name="text"/> is an RFC 3339 time that names no offset (<c>2026-11-02T10:00</c>, a date alone),
    /// which <see cref="Parse"/> reads as UTC; false for one with <c>Z</c> or <c>±hh:mm</c>, for Unix seconds, and for
    /// anything that is not a time.
    /// </summary>
    public static bool NamesNoOffset(string text)
    {
        var s = text.AsSpan().Trim();
        return TryParse(s, out _) && s[^1] is not ('Z' or 'z') && (s.Length == 10 || s[10..].IndexOfAny('+', '-') < 0);
    }

    /// <summary>
    /// An RFC 3339 time: <c>YYYY-MM-DD</c>, then <c>T</c> (or a space) and <c>hh:mm[:ss[.fraction]]</c>, then <c>Z</c> or
    /// <c>±hh:mm</c>; without an offset, UTC; a date alone, its midnight UTC. A fraction finer than 100 ns (Go's
    /// nanoseconds) is cut to it. Anything else (<c>12/03/2024</c>, <c>March 12 2024</c>, <c>yesterday</c>) is false.
    /// </summary>
    public static bool TryParse(string text, out DateTimeOffset time) => TryParse(text.AsSpan(), out time);

    /// <summary>
    /// <see cref="TryParse(string, out DateTimeOffset)"/> on a span, read by hand without allocating (it is on the path of
    /// every event <c>events ingest</c> reads). Leading and trailing white space is ignored; the digits are ASCII, save
    /// those past the seventh of a fraction, which are cut unread; the date must exist (no 30 February), hours 00-23,
    /// minutes and seconds 00-59, an offset within ±14:00 with minutes 00-59, and the time in UTC within years 1-9999.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset time)
    {
        time = default;
        var s = text.Trim();
        if (s.Length < 10 || !Digits(s, 0, 4, out var year) || s[4] != '-' || !Digits(s, 5, 2, out var month) || s[7] != '-' || !Digits(s, 8, 2, out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        var ticks = new DateTime(year, month, day).Ticks;
        var offset = 0L;
        if (s.Length > 10 && !TryReadTime(s[10..], ref ticks, out offset))
        {
            return false;
        }

        var utc = ticks - offset;
        if (utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        time = new DateTimeOffset(utc, TimeSpan.Zero);
        return true;
    }

    /// <summary>
    /// What follows the date: <c>Thh:mm[:ss[.fraction]]</c> and an optional <c>Z</c> or <c>±hh[:]mm</c>, added to
    /// <paramref name="ticks"/>; <paramref name="offset"/> in ticks (east of UTC positive).
    /// </summary>
    private static bool TryReadTime(ReadOnlySpan<char> s, ref long ticks, out long offset)
    {
        offset = 0;
        if (s.Length < 6 || s[0] is not ('T' or 't' or ' ') || !Digits(s, 1, 2, out var hour) || s[3] != ':' || !Digits(s, 4, 2, out var minute)
            || hour > 23 || minute > 59)
        {
            return false;
        }

        ticks += (hour * TimeSpan.TicksPerHour) + (minute * TimeSpan.TicksPerMinute);
        var i = 6;
        if (i < s.Length && s[i] == ':')
        {
            if (!Digits(s, i + 1, 2, out var second) || second > 59)
            {
                return false;
            }

            ticks += second * TimeSpan.TicksPerSecond;
            i += 3;
            if (i < s.Length && s[i] == '.' && !TryReadFraction(s, ref i, ref ticks))
            {
                return false;
            }
        }

        if (i == s.Length)
        {
            return true;
        }

        if (s[i] is 'Z' or 'z')
        {
            return i + 1 == s.Length;
        }

        if (s[i] is not ('+' or '-') || !Digits(s, i + 1, 2, out var hours))
        {
            return false;
        }

        var at = s.Length > i + 3 && s[i + 3] == ':' ? i + 4 : i + 3;
        if (at + 2 != s.Length || !Digits(s, at, 2, out var minutes) || minutes > 59 || (hours * 60) + minutes > 14 * 60)
        {
            return false;
        }

        offset = (s[i] == '-' ? -1 : 1) * (((hours * 60) + minutes) * TimeSpan.TicksPerMinute);
        return true;
    }

    /// <summary>
    /// The fraction after the dot at <paramref name="i"/>: at least one digit, the first seven (100 ns) read, the rest cut
    /// (any decimal digit, as the expression that read these times before accepted there); <paramref name="i"/> ends after it.
    /// </summary>
    private static bool TryReadFraction(ReadOnlySpan<char> s, ref int i, ref long ticks)
    {
        var start = ++i;
        var fraction = 0L;
        for (; i < s.Length && char.IsDigit(s[i]); i++)
        {
            if (i - start < 7)
            {
                if (!char.IsAsciiDigit(s[i]))
                {
                    return false;
                }

                fraction = (fraction * 10) + (s[i] - '0');
            }
        }

        for (var read = i - start; read < 7; read++)
        {
            fraction *= 10;
        }

        ticks += fraction;
        return i > start;
    }

    /// <summary>The number written by the <paramref name="count"/> ASCII digits at <paramref name="at"/>; false past the end or on anything else.</summary>
    private static bool Digits(ReadOnlySpan<char> s, int at, int count, out int value)
    {
        value = 0;
        if (at + count > s.Length)
        {
            return false;
        }

        foreach (var c in s.Slice(at, count))
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
