namespace Tollgate.Domain.Delivery;

/// <summary>
/// One deploy of one service's artifact version to one environment. <see cref="Id"/> is the ledger key (the CDEvent
/// id for ingested events); <see cref="Remediates"/> names the deploy a watch-window rollback undid.
/// </summary>
public sealed record Deploy(string Id, string Service, string Environment, string Version, DeployIntent Intent, DateTimeOffset StartedAt)
{
    public DateTimeOffset? FinishedAt { get; init; }

    public DeployResult Result { get; init; } = DeployResult.Running;

    public IReadOnlyList<Change> Changes { get; init; } = [];

    /// <summary>The artifact reference (a purl or an OCI digest) when the source gave one.</summary>
    public string? ArtifactId { get; init; }

    /// <summary>The id of the failed deploy this one remediates (set by a watch-window or deploy-run rollback).</summary>
    public string? Remediates { get; init; }

    /// <summary>Where the record came from: <c>cli</c>, <c>cdevents</c>, <c>github</c>, <c>watch-window</c>.</summary>
    public string Source { get; init; } = "cli";

    /// <summary>
    /// The <c>deploy run</c> process deploying it (pid, host, process start, deadline), as that run wrote it; null for a
    /// deploy recorded otherwise (<c>deploy start</c>, an event). Read by the next <c>deploy run</c> to tell a stale deploy from a live one.
    /// </summary>
    public string? Lease { get; init; }

    /// <summary>
    /// Marked failed after it finished as a success (<c>deploy finish --deploy … --result failed</c>): it ran in its
    /// environment, so it shipped its changes (lead time counts them) although the change failure rate counts it failed.
    /// False for a deploy that failed when it finished, or that a watch window failed and rolled back.
    /// </summary>
    public bool AmendedFailed { get; init; }

    /// <summary>What Tollgate's watch made of it (<see cref="DeployWatch.None"/>: never watched).</summary>
    public DeployWatch Watch { get; init; }

    /// <summary>
    /// Whether the deploy is known good to return to: its watch passed, or Tollgate never watched it (then whoever
    /// recorded its success vouches for it). A watch that held or never ended verified nothing.
    /// </summary>
    public bool Verified => Watch is DeployWatch.None or DeployWatch.Passed;
}
