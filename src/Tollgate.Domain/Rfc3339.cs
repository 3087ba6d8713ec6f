using System.Globalization;

namespace Tollgate.Domain;

/// <summary>
/// Times as Tollgate writes them in messages and evidence, RFC 3339 in UTC to the second (<c>2026-01-10T10:00:00Z</c>),
/// and as a user gives them (<c>--at</c>, <c>--from</c>, a commit time): RFC 3339, UTC when it names no offset, or
/// Unix seconds.
/// </summary>
public static class Rfc3339
{
    /// <summary>Unix seconds past the end of year 9999, the last time a <see cref="DateTimeOffset"/> can hold.</summary>
    private const double EndOfTime = 253_402_300_800;

    /// <summary><paramref name="time"/> in UTC to the second, e.g. <c>2026-01-10T10:00:00Z</c>.</summary>
    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary><paramref name="time"/> in UTC to the millisecond, e.g. <c>2026-01-10T10:00:00.250Z</c> (lineage, OpenLineage events).</summary>
    public static string FormatMillis(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>An RFC 3339 time or Unix seconds (from 0 to the end of year 9999).</summary>
    /// <param name="option">What gave the text, named in the refusal: <c>--at</c>, or <c>--changes abc@x: the commit time</c>.</param>
    /// <exception cref="InvalidInputException">Neither, or Unix seconds out of range.</exception>
    public static DateTimeOffset Parse(string text, string option)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return double.IsFinite(seconds) && seconds >= 0 && seconds < EndOfTime
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
                : throw new InvalidInputException($"{option} {text} is out of range: Unix seconds from 0 to 253402300799 (year 9999)");
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new InvalidInputException($"{option} {text} is neither RFC 3339 (2026-01-10T10:00:00Z) nor Unix seconds");
    }
}
