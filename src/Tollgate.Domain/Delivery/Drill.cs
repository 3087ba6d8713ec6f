namespace Tollgate.Domain.Delivery;

/// <summary>One rehearsal of a service's rollback path: when, whether it worked, how long it took.</summary>
public sealed record Drill(string Service, bool Ok, TimeSpan? Duration, DateTimeOffset At)
{
    /// <summary>What ran and what failed, for people.</summary>
    public string Detail { get; init; } = "";
}
