using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Ledger.Delivery;
using Tollgate.Server.Hosting;

namespace Tollgate.Server.Tests.Hosting;

/// <summary>
/// The events group commit, against a ledger stand-in that holds its first write until released, so the bodies sent
/// meanwhile wait together and form the next batch: a batch a bad body fails is written again body by body; one the
/// ledger itself fails answers every body with that failure, without a write each; a stopped server refuses.
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

        public async Task<GroupedIngestCounts> RecordAllAsync(IReadOnlyList<IReadOnlyList<DeliveryEvent>> bodies)
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
                await _release.Task;
            }

            return ids.Contains("bad") ? throw fault() : new GroupedIngestCounts([], [.. ids.Select(_ => new IngestCounts(1, 0, 0))]);
        }
    }

    private static async Task<(EventGroupCommit Commit, HeldLedger Ledger, Task<(IReadOnlyList<DeployTarget>, IngestCounts)>[] Answers)> ThreeWaitingAsync(Func<Exception> fault)
    {
        var ledger = new HeldLedger(fault);
        var commit = new EventGroupCommit(ledger.RecordAllAsync);
        var first = commit.RecordAsync([new Body("first")], CancellationToken.None);
        while (true)
        {
            lock (ledger.Writes)
            {
                if (ledger.Writes.Count == 1)
                {
                    break;
                }
            }

            await Task.Delay(5);
        }

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
        var commit = new EventGroupCommit(ledger.RecordAllAsync);
        await commit.DisposeAsync();

        var refused = await Should.ThrowAsync<InvalidInputException>(commit.RecordAsync([new Body("late")], CancellationToken.None));

        refused.LedgerFault.ShouldBeTrue();
        refused.Message.ShouldContain("shutting down");
        ledger.Writes.ShouldBeEmpty();
    }
}
