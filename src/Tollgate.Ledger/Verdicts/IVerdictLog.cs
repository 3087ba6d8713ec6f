using Tollgate.Domain.Ledger;

namespace Tollgate.Ledger.Verdicts;

/// <summary>The recorded verdicts as a server lists them: filtered, paged by id, or one by id.</summary>
public interface IVerdictLog
{
    /// <summary>Entries matching the query, newest (highest id) first.</summary>
    Task<IReadOnlyList<LedgerEntry>> ListAsync(VerdictQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// The newest entry (highest id) of this kind about this subject recorded at or after <paramref name="since"/>, or
    /// null: read through the index on subject and id, so a subject's verdict is found however many others were
    /// recorded since (a watch's verdict among thousands of other services' on a shared ledger).
    /// </summary>
    Task<LedgerEntry?> NewestAsync(string kind, string subject, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>
    /// The newest entry (highest id) of this kind recorded with this input digest (<see cref="Domain.Reports.Report.InputDigest"/>:
    /// a plan gate's plan's own digest), or null: one read of the index on input digest and id, whatever subject,
    /// policy or review digest the gate had. Entries recorded before the ledger kept input digests (migration 0017) have none.
    /// </summary>
    Task<LedgerEntry?> NewestOfInputAsync(string kind, string inputDigest, CancellationToken cancellationToken = default);

    /// <summary>The entry with this id, or null.</summary>
    Task<LedgerEntry?> FindAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>
    /// The recorded figures of these verdicts whose measure is one of <paramref name="measures"/>: verdict by verdict in
    /// the order given, each in its report's order, at most <paramref name="limit"/> rows in all. Counting what was
    /// not read only costs a count when the limit is reached.
    /// </summary>
    Task<FigureRead> FiguresAsync(IReadOnlyList<long> verdicts, IReadOnlyList<string> measures, int limit, CancellationToken cancellationToken = default);
}
