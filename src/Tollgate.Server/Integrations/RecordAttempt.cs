using Tollgate.Canary.Spec;
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
/// is not recorded. So is a ledger that has not answered when the answer budget runs out (a lock held by another
/// session): the request is answered without waiting longer, and the write, which other requests' verdicts share in
/// one group commit and so is never cancelled, goes on as <see cref="StillWriting"/>.
/// </summary>
/// <param name="deadline">When the answer budget runs out (the request's arrival plus the budget).</param>
internal sealed class RecordAttempt(ILedger ledger, TimeProvider clock, DateTimeOffset deadline, TimeSpan budget) : ILedger
{
    /// <summary>
    /// The least a record is waited for, even past the budget: a budget Prometheus spent to its end still records the
    /// hold it judged (a commit takes milliseconds), while a hung write keeps the answer no longer than this.
    /// </summary>
    public static readonly TimeSpan Least = TimeSpan.FromSeconds(1);

    /// <summary>Why the verdict could not be recorded; null when it was (or none was asked for).</summary>
    public InvalidInputException? Failed { get; private set; }

    /// <summary>The verdict's write, still under way when the budget ran out (it may land later); null when none was left so.</summary>
    public Task<long>? StillWriting { get; private set; }

    public async Task<long> RecordAsync(Report report, CancellationToken cancellationToken = default)
    {
        if (Failed is not null)
        {
            return 0;
        }

        var writing = ledger.RecordAsync(report, cancellationToken);
        try
        {
            return await writing.WaitAsync(Left(), clock, cancellationToken);
        }
        catch (InvalidInputException e) when (e.LedgerFault)
        {
            Failed = e;
            return 0;
        }
        catch (TimeoutException)
        {
            Failed = OutOfBudget("record the verdict", " (the write goes on: the server's log says whether it lands)");
            StillWriting = writing;
            return 0;
        }
    }

    public Task<long> ApproveAsync(Approval approval, CancellationToken cancellationToken = default) => ledger.ApproveAsync(approval, cancellationToken);

    public async Task<IReadOnlyList<Approval>> ApprovalsForAsync(string digest, CancellationToken cancellationToken = default)
    {
        var reading = ledger.ApprovalsForAsync(digest, cancellationToken);
        try
        {
            return await reading.WaitAsync(Left(), clock, cancellationToken);
        }
        catch (InvalidInputException e) when (e.LedgerFault)
        {
            Failed = e;
            return [];
        }
        catch (TimeoutException)
        {
            // A read left behind changes nothing; its fault, if any, is observed so that it is not reported as unobserved.
            _ = reading.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            Failed = OutOfBudget("read the approvals the verdict asks for", "");
            return [];
        }
    }

    public Task<IReadOnlyList<LedgerEntry>> RecentAsync(string? kind, int limit, CancellationToken cancellationToken = default) => ledger.RecentAsync(kind, limit, cancellationToken);

    public Task<LedgerEntry?> LatestForAsync(string digest, CancellationToken cancellationToken = default) => ledger.LatestForAsync(digest, cancellationToken);

    /// <summary>The server's ledger is the server's to close, not one judgement's.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private TimeSpan Left()
    {
        var left = deadline - clock.GetUtcNow();
        return left > Least ? left : Least;
    }

    private InvalidInputException OutOfBudget(string what, string then) =>
        new($"the ledger did not {what} before the answer budget of {PromDuration.Format(budget)} ran out{then}") { LedgerFault = true };
}
