namespace Tollgate.Domain.Delivery;

/// <summary>
/// How far ahead of this machine's clock a time given to record may be (<c>--at</c>, an ingested event's time): another
/// machine's clock, a few seconds or minutes fast. A time further ahead is refused: it records nothing that happened
/// yet, and a deploy or drill dated ahead would stay the newest (a deploy no finish can close, a drill that never goes stale).
/// </summary>
public static class ClockSkew
{
    public static readonly TimeSpan Allowance = TimeSpan.FromMinutes(5);

    /// <summary>True when <paramref name="time"/> is more than <see cref="Allowance"/> after <paramref name="now"/>.</summary>
    public static bool IsAhead(DateTimeOffset time, DateTimeOffset now) => time > now + Allowance;

    /// <summary>
    /// <paramref name="time"/> (what <paramref name="option"/> <paramref name="text"/> names) when it is not
    /// <see cref="IsAhead"/> of <paramref name="now"/>; else the one-line refusal every time option words alike:
    /// <c>--at T is in the future (now is N): WHY; give a past time or leave --at out</c>.
    /// </summary>
    public static DateTimeOffset NotAhead(DateTimeOffset time, string option, string text, DateTimeOffset now, string why) =>
        !IsAhead(time, now)
            ? time
            : throw new InvalidInputException($"{option} {text} is in the future (now is {Rfc3339.Format(now)}): {why}; give a past time or leave {option} out");
}
