using System.Globalization;
using Tollgate.Domain;

namespace Tollgate.Canary.Gate;

/// <summary>The times a canary request names: RFC 3339 or Unix seconds, judged on whole seconds.</summary>
public static class CanaryTime
{
    public static DateTimeOffset Parse(string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            // Unix seconds from 1970 to the end of year 9999, the range a time can have.
            return double.IsFinite(seconds) && seconds >= 0 && seconds < 253_402_300_800
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
                : throw new InvalidInputException($"--at {text} is out of range: Unix seconds from 0 to 253402300799 (year 9999)");
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new InvalidInputException($"--at {text} is neither RFC 3339 (2026-01-10T10:00:00Z) nor Unix seconds");
    }

    public static DateTimeOffset Truncate(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());
}
