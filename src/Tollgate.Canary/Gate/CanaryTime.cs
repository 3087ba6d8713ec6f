using Tollgate.Canary.Spec;
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
    /// <remarks>
    /// A window that would start before 1970 is refused too: <c>--at 0</c> (an unset number in a caller's template) would
    /// judge 1970's empty window and hold as if the metrics were down.
    /// </remarks>
    public static DateTimeOffset Ended(string text, DateTimeOffset now, TimeSpan window)
    {
        var end = Truncate(Domain.Delivery.ClockSkew.NotAhead(Parse(text), "--at", text, now, "the window judged must have ended"));
        return end - window >= DateTimeOffset.UnixEpoch
            ? end
            : throw new InvalidInputException(
                $"--at {text} ends a {PromDuration.Format(window)} window that would start before 1970-01-01T00:00:00Z: give the end of a window with data, or leave --at out for now");
    }

    public static DateTimeOffset Truncate(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());
}
