namespace Tollgate.Delivery.Deploys;

/// <summary>
/// The rollback target as the ledger answered before anything ran (null inside: no earlier successful deploy then):
/// when the watch began, or before the deploy command of a <c>deploy run</c> ran (<paramref name="Read"/>, for the log
/// line). Read while the ledger answers so that a deploy that fails while the ledger cannot be written or read still
/// rolls back what is clearly worse (<see cref="Rollback"/>), as <c>serve</c> does for a canary. At the rollback the
/// ledger is asked again first: this is only what is left when it does not answer.
/// </summary>
public sealed record PriorTarget(RollbackTarget? Target, string Read = "when the watch began");
