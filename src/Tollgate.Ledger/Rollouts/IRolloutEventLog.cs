namespace Tollgate.Ledger.Rollouts;

/// <summary>
/// Controller events in the ledger, each recorded once per rollout revision and event (phase, type and message),
/// whichever replica receives it and however often: a unique constraint decides, not the replicas.
/// </summary>
public interface IRolloutEventLog
{
    /// <summary>Records the event unless recorded before; true when this call recorded it.</summary>
    Task<bool> RecordOnceAsync(RolloutEvent rolloutEvent, CancellationToken cancellationToken = default);

    /// <summary>The events recorded for one rollout revision, oldest first.</summary>
    Task<IReadOnlyList<RolloutEvent>> ForRevisionAsync(string controller, string ns, string name, string checksum, CancellationToken cancellationToken = default);
}
