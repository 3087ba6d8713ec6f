using Tollgate.Domain.Ledger;

namespace Tollgate.Ledger.Verdicts;

/// <summary>The recorded verdicts as a server lists them: filtered, paged by id, or one by id.</summary>
public interface IVerdictLog
{
    /// <summary>Entries matching the query, newest (highest id) first.</summary>
    Task<IReadOnlyList<LedgerEntry>> ListAsync(VerdictQuery query, CancellationToken cancellationToken = default);

    /// <summary>The entry with this id, or null.</summary>
    Task<LedgerEntry?> FindAsync(long id, CancellationToken cancellationToken = default);
}
