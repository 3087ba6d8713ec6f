using Tollgate.Domain.Delivery;

namespace Tollgate.Ledger.Delivery;

/// <summary>
/// A delivery store that records the event bodies of several requests in one transaction (one commit, one turn of the
/// delivery writers' lock for the lot, one flush to disk): both ledgers' stores, where a transaction per body would
/// make concurrent senders wait in line for each other's commits.
/// </summary>
public interface IGroupedIngest
{
    /// <summary>
    /// Records each body's events not yet recorded, in order, all bodies in one transaction: a bad event in any body
    /// records none of them (the caller retries them one by one). Answers each body's counts, in order, and the deploy
    /// targets the ledger held before each body: those read under the lock before the first, and for each later body
    /// also those the deploys of the bodies before it in the batch named, so a body's near-duplicate names are found
    /// as they would be were the bodies recorded one at a time.
    /// </summary>
    Task<GroupedIngestCounts> RecordEachAsync(IReadOnlyList<IReadOnlyList<DeliveryEvent>> bodies, CancellationToken cancellationToken = default);
}

/// <summary>Each body's deploy targets before it (the ledger's, and those of the bodies before it in the batch), and each body's counts, in order.</summary>
public sealed record GroupedIngestCounts(IReadOnlyList<IReadOnlyList<DeployTarget>> Before, IReadOnlyList<IngestCounts> Counts);
