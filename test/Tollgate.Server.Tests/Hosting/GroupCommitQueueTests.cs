using Tollgate.Domain;
using Tollgate.Server.Hosting;

namespace Tollgate.Server.Tests.Hosting;

/// <summary>
/// The group commit (as the events use it: a body's own fault retried body by body), against a ledger stand-in that holds its first write until released, so the bodies sent
/// meanwhile wait together and form the next batch: a batch a bad body fails is written again body by body; one the
/// ledger itself fails answers every body with that failure, without a write each; a stopped server refuses, and a
/// stop cuts the write under way and writes none of the bodies waiting; a request aborted before its body is queued
/// queues nothing, one aborted after is still written; a write that ignores the stop (its commit) is answered.
/// </summary>
public sealed class GroupCommitQueueTests
{
    private const string Stopped = "cannot record events: the server is shutting down; nothing was recorded: send them again";

    /// <summary>Records batches, the first held until <see cref="Release"/>; a batch holding <c>bad</c> fails with <paramref name="fault"/>.</summary>
    private sealed class HeldLedger(Func<Exception> fault)
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<string[]> Writes { get; } = [];

        public void Release() => _release.TrySetResult();

        /// <summary>Whether the held write ignores the stop, as a commit under way does.</summary>
        public bool Committing { get; init; }

        public async Task<IReadOnlyList<string>> RecordAllAsync(IReadOnlyList<string> bodies, CancellationToken stopping)
        {
            var ids = bodies.ToArray();
            bool first;
            lock (Writes)
            {
                first = Writes.Count == 0;
                Writes.Add(ids);
            }

            if (first)
            {
                await _release.Task.WaitAsync(Committing ? CancellationToken.None : stopping);
            }

            return ids.Contains("bad") ? throw fault() : [.. ids.Select(id => "recorded " + id)];
        }
    }

    private static GroupCommit<string, string> Commit(HeldLedger ledger, CancellationToken stopping) =>
        new(ledger.RecordAllAsync, 64, null, e => e is InvalidInputException { LedgerFault: false }, Stopped, stopping);

    private static async Task<(GroupCommit<string, string> Commit, HeldLedger Ledger, Task<string>[] Answers)> ThreeWaitingAsync(Func<Exception> fault)
    {
        var ledger = new HeldLedger(fault);
        var commit = Commit(ledger, CancellationToken.None);
        var first = commit.RecordAsync("first", CancellationToken.None);
        await FirstHeldAsync(ledger);
        var waiting = new[] { "good-1", "bad", "good-2" }.Select(id => commit.RecordAsync(id, CancellationToken.None)).ToArray();
        ledger.Release();
        (await first).ShouldBe("recorded first");
        return (commit, ledger, waiting);
    }

    [Fact]
    public async Task RecordAsync_ABadBodyInABatch_RefusedAloneTheOthersRecordedEachOnce()
    {
        var (commit, ledger, answers) = await ThreeWaitingAsync(() => new InvalidInputException("incident I1 is resolved before it was detected"));
        await using var _ = commit;

        (await answers[0]).ShouldBe("recorded good-1");
        (await Should.ThrowAsync<InvalidInputException>(answers[1])).Message.ShouldContain("resolved before it was detected");
        (await answers[2]).ShouldBe("recorded good-2");
        ledger.Writes.Select(w => string.Join(",", w)).ShouldBe(["first", "good-1,bad,good-2", "good-1", "bad", "good-2"]);
    }

    [Fact]
    public async Task RecordAsync_LedgerDownForABatch_EveryBodyAnsweredWithItWithoutAWriteEach()
    {
        var (commit, ledger, answers) = await ThreeWaitingAsync(() => new InvalidInputException("cannot record delivery events in the PostgreSQL ledger at db:5432/ledger: connection refused") { LedgerFault = true });
        await using var _ = commit;

        foreach (var answer in answers)
        {
            (await Should.ThrowAsync<InvalidInputException>(answer)).LedgerFault.ShouldBeTrue();
        }

        ledger.Writes.Select(w => string.Join(",", w)).ShouldBe(["first", "good-1,bad,good-2"]);
    }

    [Fact]
    public async Task RecordAsync_AfterTheServerStopped_RefusedAsNotRecorded()
    {
        var ledger = new HeldLedger(() => new InvalidOperationException("never"));
        ledger.Release();
        var commit = Commit(ledger, CancellationToken.None);
        await commit.DisposeAsync();

        var refused = await Should.ThrowAsync<InvalidInputException>(commit.RecordAsync("late", CancellationToken.None));

        refused.LedgerFault.ShouldBeTrue();
        refused.Message.ShouldContain("shutting down");
        ledger.Writes.ShouldBeEmpty();
    }

    private static async Task FirstHeldAsync(HeldLedger ledger)
    {
        while (true)
        {
            lock (ledger.Writes)
            {
                if (ledger.Writes.Count == 1)
                {
                    return;
                }
            }

            await Task.Delay(5);
        }
    }

    [Fact]
    public async Task RecordAsync_HostStopsDuringAHungWrite_ItAndTheBodiesWaitingRefusedAsNotRecorded()
    {
        var ledger = new HeldLedger(() => new InvalidOperationException("never"));
        using var stopping = new CancellationTokenSource();
        await using var commit = Commit(ledger, stopping.Token);
        var hung = commit.RecordAsync("hung", CancellationToken.None);
        await FirstHeldAsync(ledger);
        var waiting = commit.RecordAsync("waiting", CancellationToken.None);

        await stopping.CancelAsync();

        foreach (var answer in new[] { hung, waiting })
        {
            var refused = await Should.ThrowAsync<InvalidInputException>(answer);
            refused.LedgerFault.ShouldBeTrue();
            refused.Message.ShouldContain("shutting down; nothing was recorded");
        }

        (await Should.ThrowAsync<InvalidInputException>(commit.RecordAsync("late", CancellationToken.None))).LedgerFault.ShouldBeTrue();
        ledger.Writes.Select(w => string.Join(",", w)).ShouldBe(["hung"], "the waiting body is never written");
    }

    [Fact]
    public async Task RecordAsync_HostStopsDuringACommit_TheCommitAnsweredTheBodiesWaitingRefused()
    {
        var ledger = new HeldLedger(() => new InvalidOperationException("never")) { Committing = true };
        using var stopping = new CancellationTokenSource();
        await using var commit = Commit(ledger, stopping.Token);
        var committing = commit.RecordAsync("committing", CancellationToken.None);
        await FirstHeldAsync(ledger);
        var waiting = commit.RecordAsync("waiting", CancellationToken.None);

        await stopping.CancelAsync();
        ledger.Release();

        (await committing).ShouldBe("recorded committing");
        (await Should.ThrowAsync<InvalidInputException>(waiting)).Message.ShouldBe(Stopped);
        ledger.Writes.Select(w => string.Join(",", w)).ShouldBe(["committing"]);
    }

    [Fact]
    public async Task RecordAsync_RequestAbortedBeforeQueued_NothingQueued_AbortedOnceQueued_StillWritten()
    {
        var ledger = new HeldLedger(() => new InvalidOperationException("never"));
        await using var commit = Commit(ledger, CancellationToken.None);
        var first = commit.RecordAsync("first", CancellationToken.None);
        await FirstHeldAsync(ledger);
        using var abortedBefore = new CancellationTokenSource();
        await abortedBefore.CancelAsync();
        using var abortedAfter = new CancellationTokenSource();

        var before = commit.RecordAsync("aborted-before", abortedBefore.Token);
        var after = commit.RecordAsync("aborted-after", abortedAfter.Token);
        await abortedAfter.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(after);
        ledger.Release();
        await first;
        await Should.ThrowAsync<OperationCanceledException>(before);
        for (var i = 0; i < 2000 && ledger.Writes.Count < 2; i++)
        {
            await Task.Delay(5);
        }

        await Task.Delay(100); // a body aborted before it was queued would be written by now
        ledger.Writes.Select(w => string.Join(",", w)).ShouldBe(["first", "aborted-after"]);
    }
}
