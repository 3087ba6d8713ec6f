namespace Tollgate.Domain.Dora;

/// <summary>DORA's five metrics per service and over all of them, with the definitions and window they were computed with.</summary>
public sealed record DoraResult(
    DoraWindow Window,
    string? Environment,
    DoraDefinitions Definitions,
    IReadOnlyList<ServiceDora> Services,
    ServiceDora Overall)
{
    /// <summary>Incidents in the window that no deploy could be linked to (they count in no service's failure rate).</summary>
    public int UnlinkedIncidents { get; init; }
}
