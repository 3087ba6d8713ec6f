using Tollgate.Delivery.Running;
using Tollgate.Domain.Delivery;

namespace Tollgate.Delivery.Deploys;

/// <summary>
/// What became of a failed deploy: the rollback recorded (a deploy of the previous successful version with intent
/// <c>rollback</c>, verified if one is: <see cref="Target"/>) and its command's result, or, with no earlier successful deploy on record, neither: nothing to roll
/// back to, so no command ran and no rollback was recorded. A rollback whose command failed, timed out or was stopped
/// with Tollgate is recorded (as a failed deploy) but did not roll back: the failed version may still be live. A deploy
/// superseded by a later one (<see cref="SupersededBy"/>), or whose deploy command was stopped with Tollgate
/// (<see cref="Stopped"/>), is not rolled back at all.
/// </summary>
public sealed record RollbackOutcome(Deploy Failed, Deploy? Recorded, CommandResult? Command)
{
    /// <summary>The deploy rolled back to, and those passed over; null when there was nothing to roll back to.</summary>
    public RollbackTarget? Target { get; init; }

    /// <summary>A deploy of the service and environment started after the failed one: rolling back would undo it.</summary>
    public Deploy? SupersededBy { get; init; }

    /// <summary>Tollgate was stopped (SIGINT, SIGTERM) while the deploy command ran: not rolled back, the user is stopping it.</summary>
    public bool Stopped { get; init; }

    /// <summary>
    /// Why the ledger did not record this outcome (a full disk, a PostgreSQL server gone): from that refusal on nothing
    /// of it was written, though the rollback command ran (<see cref="PriorTarget"/>). Null when all of it is recorded.
    /// </summary>
    public Domain.InvalidInputException? Unrecorded { get; init; }

    /// <summary>Whether the deploy's failure is recorded (only false with <see cref="Unrecorded"/>: refused before it).</summary>
    public bool FailureRecorded { get; init; } = true;

    /// <summary>
    /// Whether the rollback was recorded under way (running, with the lease of this <c>deploy run</c>) before its command
    /// ran: a refusal of its end leaves it running in the ledger, to be finished rather than recorded anew.
    /// </summary>
    public bool StartRecorded { get; init; }

    /// <summary>
    /// What is recorded before the rollback command runs (<see cref="Rollback.RunAsync"/>'s <c>underWay</c>): the deploy's
    /// verdict with the rollback recorded under way, so a Tollgate killed outright (SIGKILL) while the command runs
    /// leaves the deploy's failure findable under its subject; the verdict after the command says how it ended.
    /// </summary>
    public bool UnderWay { get; init; }

    public bool RolledBack => Recorded is not null && !UnderWay && Command?.Succeeded != false;
}
