namespace Tollgate.Ledger;

/// <summary>
/// The limit Npgsql puts on each statement of a PostgreSQL ledger (its <c>Command Timeout</c>), with where it was set and
/// how to change it, for the line that says a statement ran past it (<see cref="PostgresFault.RanOut"/>): the user's
/// <c>command_timeout=5 in the connection string</c> is theirs to raise or remove; a limit the program set itself
/// (<c>tollgate serve</c>'s, when the connection sets none) is never said to be in the connection string.
/// </summary>
/// <param name="Seconds">The limit, more than 0 (0 is no limit: no <see cref="StatementLimit"/> at all).</param>
/// <param name="SetBy">Where it comes from, as the line says it in brackets.</param>
/// <param name="Change">What the user can do about it, after the brackets.</param>
public sealed record StatementLimit(int Seconds, string SetBy, string Change)
{
    /// <summary>A limit the connection string sets, as it is written there (<c>command_timeout=5</c>, <c>Command Timeout=5</c>).</summary>
    internal static StatementLimit Written(string asWritten, int seconds) =>
        new(seconds, $"{asWritten} in the connection string", "raise it or remove it");

    /// <summary>The words for a statement that ran past it.</summary>
    internal string RanOut => $"the statement ran past its {Seconds} s limit ({SetBy}); {Change}";
}
