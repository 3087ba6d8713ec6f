using Tollgate.Domain.Ledger;
using Tollgate.Domain.Reports;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>
/// A real ledger whose verdict writes can be refused, as a ledger that cannot be written (a full disk, a PostgreSQL
/// server gone) refuses them: <see cref="Refuse"/> names the exception for a report, or null to record it;
/// <see cref="Recorded"/> runs after each verdict recorded (to take the rest of the ledger down at a chosen step).
/// </summary>
internal sealed class RefusingLedger(ILedger inner) : ILedger
{
    public Func<Report, Exception?> Refuse { get; set; } = _ => null;

    public Action<Report>? Recorded { get; set; }

    public async Task<long> RecordAsync(Report report, CancellationToken cancellationToken = default)
    {
        if (Refuse(report) is { } fault)
        {
            throw fault;
        }

        var id = await inner.RecordAsync(report, cancellationToken);
        Recorded?.Invoke(report);
        return id;
    }

    public Task<long> ApproveAsync(Approval approval, CancellationToken cancellationToken = default) => inner.ApproveAsync(approval, cancellationToken);

    public Task<IReadOnlyList<Approval>> ApprovalsForAsync(string digest, CancellationToken cancellationToken = default) => inner.ApprovalsForAsync(digest, cancellationToken);

    public Task<IReadOnlyList<LedgerEntry>> RecentAsync(string? kind, int limit, CancellationToken cancellationToken = default) => inner.RecentAsync(kind, limit, cancellationToken);

    public Task<LedgerEntry?> LatestForAsync(string digest, CancellationToken cancellationToken = default) => inner.LatestForAsync(digest, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask; // the inner ledger is the test's to dispose
}
