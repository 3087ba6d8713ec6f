namespace Tollgate.Domain.Registry;

/// <summary>
/// An alias (MLflow's <c>champion</c>, <c>challenger</c>) pointing at a version from a time on, or cleared
/// (<see cref="Version"/> null). MLflow keeps only the current pointer; the ledger keeps every move.
/// </summary>
public sealed record AliasEvent(string Name, string Alias, string? Version, DateTimeOffset At)
{
    public string Source { get; init; } = "tollgate";
}
