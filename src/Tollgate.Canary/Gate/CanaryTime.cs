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
        return Truncate(Domain.Delivery.ClockSkew.NotAhead(Parse(text), "--at", text, now, "the window judged must have ended"));
    }

    public static DateTimeOffset Truncate(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());
}
