namespace Tollgate.Domain.Policies;

/// <summary>
/// An accepted finding: <see cref="Rule"/> and <see cref="Address"/> are globs. It applies through the day
/// <see cref="Expires"/> (UTC) and stops applying the day after, which the report says.
/// </summary>
public sealed record PolicyException(string Rule, string Address, string Reason, string Owner, DateOnly Expires)
{
    /// <summary>The line of the policy file the exception starts on, for messages.</summary>
    public int Line { get; init; }

    public bool Covers(string rule, string address) => Glob.Matches(Rule, rule) && Glob.Matches(Address, address);

    public bool IsExpired(DateOnly today) => today > Expires;
}
