using Tollgate.Domain.Ledger;
using Tollgate.Domain.Reports;

namespace Tollgate.Server.Hosting;

/// <summary>
/// A ledger whose calls take turns: the SQLite ledger is one connection, which concurrent requests must not share at
/// once; verdicts are recorded by <see cref="GroupCommit"/>. (PostgreSQL needs no turns: each call takes a pooled
/// connection, and the server groups concurrent commits itself.)
/// </summary>
internal sealed class SerialLedger(ILedger inner, SemaphoreSlim turn, GroupCommit? commits = null) : ILedger
{
    public Task<long> RecordAsync(Report report, CancellationToken cancellationToken = default) =>
        commits is not null ? commits.RecordAsync(report, cancellationToken) : InTurnAsync(() => inner.RecordAsync(report, cancellationToken), cancellationToken);

    public Task<long> ApproveAsync(Approval approval, CancellationToken cancellationToken = default) => InTurnAsync(() => inner.ApproveAsync(approval, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<Approval>> ApprovalsForAsync(string digest, CancellationToken cancellationToken = default) =>
        InTurnAsync(() => inner.ApprovalsForAsync(digest, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<LedgerEntry>> RecentAsync(string? kind, int limit, CancellationToken cancellationToken = default) =>
        InTurnAsync(() => inner.RecentAsync(kind, limit, cancellationToken), cancellationToken);

    public Task<LedgerEntry?> LatestForAsync(string digest, CancellationToken cancellationToken = default) =>
        InTurnAsync(() => inner.LatestForAsync(digest, cancellationToken), cancellationToken);

    public async Task<T> InTurnAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        await turn.WaitAsync(cancellationToken);
        try
        {
            return await call();
        }
        finally
        {
            turn.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (commits is not null)
        {
            await commits.DisposeAsync();
        }

        await inner.DisposeAsync();
    }
}
