using Tollgate.Domain;

namespace Tollgate.Canary.Gate;

/// <summary>The times a canary request names: RFC 3339 or Unix seconds (<see cref="Rfc3339.Parse"/>), judged on whole seconds.</summary>
public static class CanaryTime
{
    public static DateTimeOffset Parse(string text) => Rfc3339.Parse(text, "--at");

    /// <summary>
    /// The end of the window <paramref name="text"/> names, refused (one line, worded for <c>--at</c>) when it is more
    /// than <see cref="Domain.Delivery.ClockSkew.Allowance"/> after <paramref name="now"/>: a window that has not ended has
    /// no data yet, and its hold would read like an outage. A fraction of a second is dropped, as the report, the digest
    /// and <c>--record</c>'s time show the end: queried at <c>10:30:00.5</c>, the figures were not those of the
    /// <c>10:30:00Z</c> window the report named (under the same digest), and a replay found none of the recorded answers.
    /// </summary>
    public static DateTimeOffset Ended(string text, DateTimeOffset now)
    {
        var end = Parse(text);
        return !Domain.Delivery.ClockSkew.IsAhead(end, now)
            ? Truncate(end)
            : throw new InvalidInputException($"--at {text} is in the future (now is {now.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}): the window judged must have ended; give a past time or leave --at out");
    }

    public static DateTimeOffset Truncate(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());
}
