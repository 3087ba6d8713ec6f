namespace Tollgate.Domain.Delivery;

/// <summary>One commit a deploy shipped; <see cref="CommittedAt"/> is when it was committed, if known.</summary>
public sealed record Change(string Id, DateTimeOffset? CommittedAt)
{
    /// <summary>
    /// <c>SHA</c> or <c>SHA@COMMIT-TIME</c>, as <c>--changes</c> takes it; a bad time, or one more than
    /// <see cref="ClockSkew.Allowance"/> after <paramref name="now"/> (as <c>events ingest</c> refuses it), is refused
    /// quoting the change as typed.
    /// </summary>
    public static Change Parse(string text, DateTimeOffset now)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            return new Change(text, null);
        }

        var committed = Rfc3339.Parse(text[(at + 1)..], $"--changes {text}: the commit time");
        return !ClockSkew.IsAhead(committed, now)
            ? new Change(text[..at], committed)
            : throw new InvalidInputException($"--changes {text}: the commit time {Rfc3339.Format(committed)} is in the future (now is {Rfc3339.Format(now)}): give when the commit was made");
    }
}
