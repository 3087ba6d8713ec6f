namespace Tollgate.Domain.Delivery;

/// <summary>A recorded deploy (by its id) was watched: a watch began, or ended with <paramref name="Watch"/>.</summary>
public sealed record DeployWatchEvent(string EventId, string Type, string DeployId, DeployWatch Watch, DateTimeOffset At)
    : DeliveryEvent(EventId, Type)
{
    /// <summary>
    /// The lease of the process whose watch begins (<c>pid=…;process-start=…;until=…;host=…</c>), recorded as the deploy's
    /// <see cref="Deploy.Lease"/>: a watcher killed outright (SIGKILL) is told from a live one by it. Null: the deploy's lease is kept.
    /// </summary>
    public string? Lease { get; init; }
}
