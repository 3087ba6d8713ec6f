using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Ledger.Delivery;
using Tollgate.Server.Hosting;

namespace Tollgate.Server.Tests.Hosting;

/// <summary>
/// The events group commit, against a ledger stand-in that holds its first write until released, so the bodies sent
/// meanwhile wait together and form the next batch: a batch a bad body fails is written again body by body; one the
/// ledger itself fails answers every body with that failure, without a write each; a stopped server refuses, and a
/// stop cuts the write under way and writes none of the bodies waiting; a request aborted before its body is queued
/// queues nothing, one aborted after is still written.
/// </summary>
public sealed class EventGroupCommitTests
{
    private sealed record Body(string Id) : DeliveryEvent(Id, "test");

    /// <summary>Records batches, the first held until <see cref="Release"/>; a batch holding <c>bad</c> fails with <paramref name="fault"/>.</summary>
    private sealed class HeldLedger(Func<Exception> fault)
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<string[]> Writes { get; } = [];

        public void Release() => _release.TrySetResult();

        public async Task<GroupedIngestCounts> RecordAllAsync(IReadOnlyList<IReadOnlyList<DeliveryEvent>> bodies, CancellationToken stopping)
        {
            var ids = bodies.Select(b => b[0].EventId).ToArray();
            bool first;
            lock (Writes)
            {
                first = Writes.Count == 0;
                Writes.Add(ids);
            }

            if (first)
            {
                await _release.Task.WaitAsync(stopping);
            }

            return ids.Contains("bad") ? throw fault() : new GroupedIngestCounts([.. ids.Select(_ => (IReadOnlyList<DeployTarget>)[])], [.. ids.Select(_ => new IngestCounts(1, 0, 0))]);
        }
    }

    private static async Task<(EventGroupCommit Commit, HeldLedger Ledger, Task<(IReadOnlyList<DeployTarget>, IngestCounts)>[] Answers)> ThreeWaitingAsync(Func<Exception> fault)
    {
        var ledger = new HeldLedger(fault);
        var commit = new EventGroupCommit(ledger.RecordAllAsync, CancellationToken.None);
        var first = commit.RecordAsync([new Body("first")], CancellationToken.None);
        await FirstHeldAsync(ledger);
        var waiting = new[] { "good-1", "bad", "good-2" }.Select(id => commit.RecordAsync([new Body(id)], CancellationToken.None)).ToArray();
        ledger.Release();
        (await first).Item2.Recorded.ShouldBe(1);
        return (commit, ledger, waiting);
    }

    [Fact]
    public async Task RecordAsync_ABadBodyInABatch_RefusedAloneTheOthersRecordedEachOnce()
    {
        var (commit, ledger, answers) = await ThreeWaitingAsync(() => new InvalidInputException("incident I1 is resolved before it was detected"));
        await using var _ = commit;

        (await answers[0]).Item2.Recorded.ShouldBe(1);
        (await Should.ThrowAsync<InvalidInputException>(answers[1])).Message.ShouldContain("resolved before it was detected");
        (await answers[2]).Item2.Recorded.ShouldBe(1);
        ledger.Writes.Select(w => string.Join(",", w)).ShouldBe(["first", "good-1,bad,good-2", "good-1", "bad", "good-2"]);
        commit.Recorded.ShouldBe((3L, 3L));
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
        var commit = new EventGroupCommit(ledger.RecordAllAsync, CancellationToken.None);
        await commit.DisposeAsync();

        var refused = await Should.ThrowAsync<InvalidInputException>(commit.RecordAsync([new Body("late")], CancellationToken.None));

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
        await using var commit = new EventGroupCommit(ledger.RecordAllAsync, stopping.Token);
        var hung = commit.RecordAsync([new Body("hung")], CancellationToken.None);
        await FirstHeldAsync(ledger);
        var waiting = commit.RecordAsync([new Body("waiting")], CancellationToken.None);

        await stopping.CancelAsync();

        foreach (var answer in new[] { hung, waiting })
        {
            var refused = await Should.ThrowAsync<InvalidInputException>(answer);
            refused.LedgerFault.ShouldBeTrue();
            refused.Message.ShouldContain("shutting down; nothing was recorded");
        }

        (await Should.ThrowAsync<InvalidInputException>(commit.RecordAsync([new Body("late")], CancellationToken.None))).LedgerFault.ShouldBeTrue();
        ledger.Writes.Select(w => string.Join(",", w)).ShouldBe(["hung"], "the waiting body is never written");
        commit.Recorded.ShouldBe((0L, 0L));
    }

    [Fact]
    public async Task RecordAsync_RequestAbortedBeforeQueued_NothingQueued_AbortedOnceQueued_StillWritten()
    {
        var ledger = new HeldLedger(() => new InvalidOperationException("never"));
        await using var commit = new EventGroupCommit(ledger.RecordAllAsync, CancellationToken.None);
        var first = commit.RecordAsync([new Body("first")], CancellationToken.None);
        await FirstHeldAsync(ledger);
        using var abortedBefore = new CancellationTokenSource();
        await abortedBefore.CancelAsync();
        using var abortedAfter = new CancellationTokenSource();

        var before = commit.RecordAsync([new Body("aborted-before")], abortedBefore.Token);
        var after = commit.RecordAsync([new Body("aborted-after")], abortedAfter.Token);
        commit.Waiting.ShouldBe(1);
        await abortedAfter.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(after);
        ledger.Release();
        await first;
        await Should.ThrowAsync<OperationCanceledException>(before);
        for (var i = 0; i < 2000 && commit.Recorded.Bodies < 2; i++)
        {
            await Task.Delay(5);
        }

        ledger.Writes.Select(w => string.Join(",", w)).ShouldBe(["first", "aborted-after"]);
    }
}
