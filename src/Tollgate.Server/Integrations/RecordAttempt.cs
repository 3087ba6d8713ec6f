using Tollgate.Domain;
using Tollgate.Domain.Ledger;
using Tollgate.Domain.Reports;

namespace Tollgate.Server.Integrations;

/// <summary>
/// The ledger one canary judgement records to: every call goes to the server's ledger, but a verdict the ledger cannot
/// record (unreachable, full, migrated by a newer Tollgate) is kept as <see cref="Failed"/> instead of ending the
/// judgement, so the route still has the verdict to act on where acting is the safe side (a <c>fail</c> rolls back)
/// and holds everywhere else (never a promote without a record). A ledger that cannot answer the approvals a review
/// finding asks for is the same fault: none are counted (a <c>fail</c> needs none) and the verdict, judged without them,
/// is not recorded.
/// </summary>
internal sealed class RecordAttempt(ILedger ledger) : ILedger
{
    /// <summary>Why the verdict could not be recorded; null when it was (or none was asked for).</summary>
    public InvalidInputException? Failed { get; private set; }

    public async Task<long> RecordAsync(Report report, CancellationToken cancellationToken = default)
    {
        if (Failed is not null)
        {
            return 0;
        }

        try
        {
            return await ledger.RecordAsync(report, cancellationToken);
        }
        catch (InvalidInputException e) when (e.LedgerFault)
        {
            Failed = e;
            return 0;
        }
    }

    public Task<long> ApproveAsync(Approval approval, CancellationToken cancellationToken = default) => ledger.ApproveAsync(approval, cancellationToken);

    public async Task<IReadOnlyList<Approval>> ApprovalsForAsync(string digest, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ledger.ApprovalsForAsync(digest, cancellationToken);
        }
        catch (InvalidInputException e) when (e.LedgerFault)
        {
            Failed = e;
            return [];
        }
    }

    public Task<IReadOnlyList<LedgerEntry>> RecentAsync(string? kind, int limit, CancellationToken cancellationToken = default) => ledger.RecentAsync(kind, limit, cancellationToken);

    public Task<LedgerEntry?> LatestForAsync(string digest, CancellationToken cancellationToken = default) => ledger.LatestForAsync(digest, cancellationToken);

    /// <summary>The server's ledger is the server's to close, not one judgement's.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
