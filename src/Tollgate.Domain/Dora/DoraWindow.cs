namespace Tollgate.Domain.Dora;

/// <summary>The half-open time range <c>[From, To)</c> a report covers; deploys count by their finish time.</summary>
public sealed record DoraWindow(DateTimeOffset From, DateTimeOffset To)
{
    public double Days => (To - From).TotalDays;

    public bool Contains(DateTimeOffset time) => time >= From && time < To;
}
