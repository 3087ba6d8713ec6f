namespace Tollgate.Ledger.Rollouts;

/// <summary>
/// One event a rollout controller reported (Flagger's <c>event</c> webhook): which rollout, which revision of it
/// (<see cref="Checksum"/>), its phase, and the event's type and message.
/// </summary>
public sealed record RolloutEvent(string Controller, string Namespace, string Name, string Checksum, string Phase, string Type, string Message)
{
    /// <summary>When the controller says it happened, if it says.</summary>
    public DateTimeOffset? OccurredAt { get; init; }
}
