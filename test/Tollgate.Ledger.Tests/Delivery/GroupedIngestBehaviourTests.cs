using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Ledger;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Ledger.Tests.Delivery;

/// <summary>
/// <see cref="IGroupedIngest.RecordEachAsync"/> in every dialect (subclasses pick the engine): the bodies of a batch go
/// in one transaction, each counted and shown the deploy targets as if it were recorded alone.
/// </summary>
public abstract class GroupedIngestBehaviourTests
{
    private static readonly DateTimeOffset T0 = new(2024, 3, 4, 17, 0, 0, TimeSpan.Zero);

    protected abstract Task<string> ConnectionAsync();

    /// <summary>Starts counting the transactions that write to <paramref name="ledger"/>; the count so far, by the dialect's own means.</summary>
    protected abstract Task<Func<Task<long>>> CountTransactionsAsync(ILedger ledger);

    private static DeployEvent Deployed(string id, string service, DateTimeOffset at) =>
        new(id, "dev.cdevents.service.deployed.0.3.0",
            new Deploy(id, service, "production", "v-" + id, DeployIntent.Planned, at) { FinishedAt = at, Result = DeployResult.Success, Source = "cdevents" });

    [Fact]
    public async Task RecordEachAsync_ThreeBodies_OneTransactionEachCountedAsIfAlone()
    {
        await using var ledger = await LedgerLocation.OpenAsync(await ConnectionAsync(), Path.GetTempPath(), TimeProvider.System);
        var store = DeliveryStore.Of(ledger);
        await store.RecordAsync([Deployed("e0", "checkout", T0)]);
        var transactions = await CountTransactionsAsync(ledger);
        var before = await transactions();

        var grouped = store.ShouldBeAssignableTo<IGroupedIngest>()!;
        var recorded = await grouped.RecordEachAsync(
        [
            [Deployed("e1", "chekout", T0.AddMinutes(1)), Deployed("e2", "payments", T0.AddMinutes(2))],
            [Deployed("e1", "chekout", T0.AddMinutes(1)), Deployed("e3", "search", T0.AddMinutes(3))],
            [Deployed("e0", "checkout", T0)],
        ]);

        (await transactions() - before).ShouldBe(1); // one per body would be 3
        recorded.Counts.ShouldBe([new IngestCounts(2, 0, 0), new IngestCounts(1, 1, 0), new IngestCounts(0, 1, 0)]);
        recorded.Before.Select(b => string.Join(",", b.Select(t => t.Service))).ShouldBe(
            ["checkout", "checkout,chekout,payments", "checkout,chekout,payments,search"]);
        (await store.DeploysAsync(null, null)).Select(d => d.Id).Order().ShouldBe(["e0", "e1", "e2", "e3"]);
    }

    [Fact]
    public async Task RecordEachAsync_OneBodyBad_RecordsNoneOfTheBatch()
    {
        await using var ledger = await LedgerLocation.OpenAsync(await ConnectionAsync(), Path.GetTempPath(), TimeProvider.System);
        var store = DeliveryStore.Of(ledger);
        var grouped = store.ShouldBeAssignableTo<IGroupedIngest>()!;

        await Should.ThrowAsync<InvalidInputException>(() => grouped.RecordEachAsync(
        [
            [Deployed("e0", "checkout", T0)],
            [Deployed("e1", "checkout", T0.AddMinutes(1)), new ChangeEvent("bad", "dev.cdevents.change.merged.0.3.0", new Change("c1", null))],
        ]));

        (await store.DeploysAsync(null, null)).ShouldBeEmpty();
    }
}
