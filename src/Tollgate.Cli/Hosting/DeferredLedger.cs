using Tollgate.Domain.Ledger;
using Tollgate.Domain.Reports;
using Tollgate.Ledger;
using Tollgate.Ledger.Verdicts;

namespace Tollgate.Cli.Hosting;

/// <summary>
/// The ledger a command names, opened on first use: a run that stops at bad input (a truncated plan, a missing
/// file) leaves no ledger behind, and a run that never records never touches the database.
/// </summary>
public sealed class DeferredLedger(Func<CancellationToken, Task<ILedger>> open) : ILedger
{
    private ILedger? _ledger;

    private async Task<ILedger> LedgerAsync(CancellationToken cancellationToken) => _ledger ??= await open(cancellationToken);

    public async Task<long> RecordAsync(Report report, CancellationToken cancellationToken = default) =>
        await (await LedgerAsync(cancellationToken)).RecordAsync(report, cancellationToken);

    public async Task<long> ApproveAsync(Approval approval, CancellationToken cancellationToken = default) =>
        await (await LedgerAsync(cancellationToken)).ApproveAsync(approval, cancellationToken);

    public async Task<IReadOnlyList<Approval>> ApprovalsForAsync(string digest, CancellationToken cancellationToken = default) =>
        await (await LedgerAsync(cancellationToken)).ApprovalsForAsync(digest, cancellationToken);

    public async Task<IReadOnlyList<LedgerEntry>> RecentAsync(string? kind, int limit, CancellationToken cancellationToken = default) =>
        await (await LedgerAsync(cancellationToken)).RecentAsync(kind, limit, cancellationToken);

    public async Task<LedgerEntry?> LatestForAsync(string digest, CancellationToken cancellationToken = default) =>
        await (await LedgerAsync(cancellationToken)).LatestForAsync(digest, cancellationToken);

    /// <summary>The recorded verdicts of the ledger, to query (<see cref="LedgerViews.Verdicts"/>), opening it on first use.</summary>
    public async Task<IVerdictLog> VerdictsAsync(CancellationToken cancellationToken) => LedgerViews.Verdicts(await LedgerAsync(cancellationToken));

    public async ValueTask DisposeAsync()
    {
        if (_ledger is not null)
        {
            await _ledger.DisposeAsync();
        }
    }
}
