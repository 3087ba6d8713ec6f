namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// How much memory a <see cref="ValueTally"/> may take for values it keeps (those with few ties, which are not
/// counted): it asks before each array it allocates for them and gives back what it lets go. A refusal stops the
/// tally (<see cref="ValueTally.Refused"/>), so a caller can read that column again later, with memory to spare.
/// </summary>
public interface IKeepAllowance
{
    /// <summary>Whether <paramref name="bytes"/> more may be taken; when true, they are counted as taken.</summary>
    bool TryTake(long bytes);

    /// <summary>Gives back <paramref name="bytes"/> taken before (an array replaced by a larger one, or dropped).</summary>
    void Give(long bytes);
}
