using Tollgate.Domain.Delivery;

namespace Tollgate.Ledger.Delivery;

/// <summary>
/// A delivery store that records the event bodies of several requests in one transaction (one commit, one turn of the
/// delivery writers' lock for the lot): the PostgreSQL one, where a transaction per body would make concurrent senders
/// wait in line for each other's commits.
/// </summary>
public interface IGroupedIngest
{
    /// <summary>
    /// Records each body's events not yet recorded, in order, all bodies in one transaction: a bad event in any body
    /// records none of them (the caller retries them one by one). Answers each body's counts, in order, and the deploy
    /// targets the ledger held before them, read under the lock.
    /// </summary>
    Task<GroupedIngestCounts> RecordEachAsync(IReadOnlyList<IReadOnlyList<DeliveryEvent>> bodies, CancellationToken cancellationToken = default);
}

/// <summary>The targets a grouped write found before it, and each body's counts in order.</summary>
public sealed record GroupedIngestCounts(IReadOnlyList<DeployTarget> Before, IReadOnlyList<IngestCounts> Counts);
