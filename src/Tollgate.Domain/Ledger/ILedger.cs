using Tollgate.Domain.Reports;

namespace Tollgate.Domain.Ledger;

/// <summary>
/// Where every verdict and every human approval is recorded: the one I/O seam every gate writes through. SQLite by
/// default, PostgreSQL at scale (both in <c>Tollgate.Ledger</c>), each dialect one implementation with its own migrations.
/// </summary>
public interface ILedger : IAsyncDisposable
{
    /// <summary>Records one verdict with its findings; returns the ledger's id for it.</summary>
    Task<long> RecordAsync(Report report, CancellationToken cancellationToken = default);

    /// <summary>Records a review of one exact change; returns the ledger's id for it.</summary>
    Task<long> ApproveAsync(Approval approval, CancellationToken cancellationToken = default);

    /// <summary>Approvals recorded for exactly this digest, oldest first.</summary>
    Task<IReadOnlyList<Approval>> ApprovalsForAsync(string digest, CancellationToken cancellationToken = default);

    /// <summary>Recorded verdicts, newest first, optionally of one kind.</summary>
    Task<IReadOnlyList<LedgerEntry>> RecentAsync(string? kind, int limit, CancellationToken cancellationToken = default);

    /// <summary>The newest recorded verdict on exactly this digest, or null when none was recorded.</summary>
    Task<LedgerEntry?> LatestForAsync(string digest, CancellationToken cancellationToken = default);
}
