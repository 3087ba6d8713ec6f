using System.Globalization;
using System.Text.RegularExpressions;

namespace Tollgate.Domain;

/// <summary>
/// Times as Tollgate writes them in messages and evidence, RFC 3339 in UTC to the second (<c>2026-01-10T10:00:00Z</c>),
/// and as a user gives them (<c>--at</c>, <c>--from</c>, a commit time): RFC 3339, UTC when it names no offset, or
/// Unix seconds. Only the RFC 3339 shape is read as a time (<see cref="TryParse"/>): <c>12/03/2024</c> or
/// <c>March 12</c> are refused, never read in one culture's order.
/// </summary>
public static partial class Rfc3339
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

        return TryParse(text, out var time)
            ? time
            : throw new InvalidInputException($"{option} {text} is neither RFC 3339 (2026-01-10T10:00:00Z) nor Unix seconds");
    }

    /// <summary>
    /// An RFC 3339 time: <c>YYYY-MM-DD</c>, then <c>T</c> (or a space) and <c>hh:mm[:ss[.fraction]]</c>, then <c>Z</c> or
    /// <c>±hh:mm</c>; without an offset, UTC; a date alone, its midnight UTC. A fraction finer than 100 ns (Go's
    /// nanoseconds) is cut to it. Anything else (<c>12/03/2024</c>, <c>March 12 2024</c>, <c>yesterday</c>) is false.
    /// </summary>
    public static bool TryParse(string text, out DateTimeOffset time)
    {
        time = default;
        var match = Shape().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        var g = match.Groups;
        var fraction = g["fraction"].Success ? g["fraction"].Value[..Math.Min(7, g["fraction"].Length)] : "0";
        var zone = g["zone"].Value switch
        {
            "" or "Z" or "z" => "+00:00",
            var z when z.Length == 5 => z[..3] + ":" + z[3..],
            var z => z,
        };
        var normalized = $"{g["date"].Value}T{(g["hm"].Success ? g["hm"].Value : "00:00")}:{(g["s"].Success ? g["s"].Value : "00")}.{fraction}{zone}";
        return DateTimeOffset.TryParseExact(normalized, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out time);
    }

    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2})(?:[Tt ](?<hm>\d{2}:\d{2})(?::(?<s>\d{2})(?:\.(?<fraction>\d+))?)?(?<zone>[Zz]|[+-]\d{2}:?\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
