namespace Tollgate.Domain.Delivery;

/// <summary>One commit a deploy shipped; <see cref="CommittedAt"/> is when it was committed, if known.</summary>
public sealed record Change(string Id, DateTimeOffset? CommittedAt)
{
    /// <summary><c>SHA</c> or <c>SHA@COMMIT-TIME</c>, as <c>--changes</c> takes it; a bad time is refused quoting the change as typed.</summary>
    public static Change Parse(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        return at < 0
            ? new Change(text, null)
            : new Change(text[..at], Rfc3339.Parse(text[(at + 1)..], $"--changes {text}: the commit time"));
    }
}
