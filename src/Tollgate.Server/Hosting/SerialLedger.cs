using Tollgate.Domain.Ledger;
using Tollgate.Domain.Reports;
using Tollgate.Ledger.Verdicts;

namespace Tollgate.Server.Hosting;

/// <summary>
/// The server's view of a ledger: verdicts are recorded by <see cref="GroupCommit{TItem, TResult}"/>, and on SQLite every other call
/// takes its <paramref name="turn"/>, since the ledger is one connection that concurrent requests must not share at
/// once. (PostgreSQL needs no turns: each call takes a pooled connection; <paramref name="turn"/> is null.) Every call
/// asks the <paramref name="schema"/> watch first: a ledger a newer Tollgate migrated is neither read nor written.
/// </summary>
internal sealed class SerialLedger(ILedger inner, SemaphoreSlim? turn, GroupCommit<VerdictRow, long> commits, SchemaWatch schema, LastWriteFault writes) : ILedger
{
    public GroupCommit<VerdictRow, long> Commits => commits;

    /// <summary>The reports recorded here, written once: the ledger's findings and the route's answer come from the same bytes.</summary>
    public RenderedReports Rendered { get; } = new();

    /// <summary>Writes the report's JSON on the request's thread (not the one writer's), then waits for its turn in a batch.</summary>
    public Task<long> RecordAsync(Report report, CancellationToken cancellationToken = default) =>
        commits.RecordAsync(new VerdictRow(report, Rendered.Render(report)), cancellationToken);

    public Task<long> ApproveAsync(Approval approval, CancellationToken cancellationToken = default) =>
        writes.WatchAsync(() => InTurnAsync(() => inner.ApproveAsync(approval, cancellationToken), cancellationToken, "record the approval in"));

    public Task<IReadOnlyList<Approval>> ApprovalsForAsync(string digest, CancellationToken cancellationToken = default) =>
        InTurnAsync(() => inner.ApprovalsForAsync(digest, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<LedgerEntry>> RecentAsync(string? kind, int limit, CancellationToken cancellationToken = default) =>
        InTurnAsync(() => inner.RecentAsync(kind, limit, cancellationToken), cancellationToken);

    public Task<LedgerEntry?> LatestForAsync(string digest, CancellationToken cancellationToken = default) =>
        InTurnAsync(() => inner.LatestForAsync(digest, cancellationToken), cancellationToken);

    /// <summary>The call in its turn, after the schema watch, and refused after it when the ledger's file went from under it.</summary>
    /// <param name="doing">What the call does to the ledger, in the words of a refusal (<c>read</c>, <c>record the approval in</c>).</param>
    public async Task<T> InTurnAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken, string doing = "read")
    {
        if (turn is null)
        {
            await schema.EnsureAsync(cancellationToken, doing);
            var result = await call();
            schema.Kept(doing);
            return result;
        }

        await turn.WaitAsync(cancellationToken);
        try
        {
            await schema.EnsureAsync(cancellationToken, doing);
            var result = await call();
            schema.Kept(doing);
            return result;
        }
        finally
        {
            turn.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await commits.DisposeAsync();
        await inner.DisposeAsync();
    }
}
