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
        if (text.Length == 0 || text.AsSpan().IndexOfAny(Separators) >= 0)
        {
            throw new InvalidInputException($"--changes '{text}': one change is SHA or SHA@COMMIT-TIME, with no commas or spaces");
        }


        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            return new Change(text, null);
        }

        var committed = Rfc3339.Parse(text[(at + 1)..], $"--changes {text}: the commit time");
        if (at == 0)
        {
            throw new InvalidInputException($"--changes {text}: no SHA before the @");
        }

        return !ClockSkew.IsAhead(committed, now)
            ? new Change(text[..at], committed)
            : throw new InvalidInputException($"--changes {text}: the commit time {Rfc3339.Format(committed)} is in the future (now is {Rfc3339.Format(now)}): give when the commit was made");
    }

    /// <summary>
    /// Every change of <c>--changes</c> values, each value a list separated by commas or whitespace (as
    /// <c>git log --format=%H@%cI A..B</c> prints them, or <c>a,b,c</c>), in order, each change once: the same change
    /// given twice counts once for lead time; the same SHA with two commit times is refused.
    /// </summary>
    public static IReadOnlyList<Change> ParseAll(IEnumerable<string> values, DateTimeOffset now)
    {
        var changes = new List<Change>();
        foreach (var text in Entries(values))
        {
            changes.Add(Parse(text, now));
        }

        var (once, conflict) = Once(changes);
        return conflict is { } twice ? throw new InvalidInputException($"--changes names {Twice(twice)}") : once;
    }

    /// <summary>
    /// <paramref name="changes"/> with each change once (the same id and time given twice counts once), or the first id
    /// given with two different commit times, which no reader may settle by keeping one: lead time would depend on the order.
    /// </summary>
    public static (IReadOnlyList<Change> Changes, (Change First, Change Second)? Conflict) Once(IReadOnlyList<Change> changes)
    {
        var kept = new List<Change>(changes.Count);
        foreach (var change in changes)
        {
            if (kept.Find(c => c.Id == change.Id) is not { } earlier)
            {
                kept.Add(change);
            }
            else if (earlier != change)
            {
                return (kept, (earlier, change));
            }
        }

        return (kept, null);
    }

    /// <summary>"twice with different commit times (A and B)", for <see cref="Once"/>'s conflict.</summary>
    public static string Twice((Change First, Change Second) conflict) =>
        $"{conflict.First.Id} twice with different commit times ({Time(conflict.First)} and {Time(conflict.Second)})";

    /// <summary>Each change of <c>--changes</c> values as typed (<c>SHA</c> or <c>SHA@COMMIT-TIME</c>), the values split at commas and whitespace.</summary>
    public static IEnumerable<string> Entries(IEnumerable<string> values) =>
        values.SelectMany(v => v.Split(Separators, StringSplitOptions.RemoveEmptyEntries));

    private static string Time(Change change) => change.CommittedAt is { } t ? Rfc3339.Format(t) : "none";

    private static readonly char[] Separators = [',', ' ', '\t', '\n', '\r'];
}
