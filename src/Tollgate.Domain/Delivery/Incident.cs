namespace Tollgate.Domain.Delivery;

/// <summary>
/// A failure in production. <see cref="CausedBy"/> is the id of the deploy (or of its event) a CAUSED_BY link names;
/// without it the incident is linked by <see cref="ArtifactId"/> or by time (see <c>IncidentLinker</c>).
/// </summary>
public sealed record Incident(string Id, string Service, string Environment, DateTimeOffset DetectedAt)
{
    public DateTimeOffset? ResolvedAt { get; init; }

    public string? CausedBy { get; init; }

    public string? ArtifactId { get; init; }
}
