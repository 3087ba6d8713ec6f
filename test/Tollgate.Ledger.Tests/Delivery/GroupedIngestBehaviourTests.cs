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

    [Fact]
    public async Task RecordEachAsync_ManyDeploysToManyTargets_EachBodySeesEveryTargetOnceInOrder()
    {
        // The targets are read by a skip scan of the index (DeployTargetsQuery), not a pass over every deploy: the same
        // targets, in the same order, as SELECT DISTINCT gave. Services where one name begins another, environments that
        // differ from service to service, several deploys per target.
        await using var ledger = await LedgerLocation.OpenAsync(await ConnectionAsync(), Path.GetTempPath(), TimeProvider.System);
        var store = DeliveryStore.Of(ledger);
        string[] services = ["a", "a-b", "ab", "b", "checkout", "checkout2", "payments"];
        string[] environments = ["dev", "prod", "production", "staging"];
        var deploys = new List<DeliveryEvent>();
        var expected = new List<DeployTarget>();
        foreach (var (service, s) in services.Select((name, i) => (name, i)))
        {
            foreach (var (environment, e) in environments.Select((name, i) => (name, i)).Where(p => (p.i + s) % 3 != 0))
            {
                expected.Add(new DeployTarget(service, environment));
                for (var n = 0; n < 3; n++)
                {
                    var id = $"{service}-{environment}-{n}";
                    var at = T0.AddMinutes(deploys.Count);
                    deploys.Add(new DeployEvent(id, "dev.cdevents.service.deployed.0.3.0",
                        new Deploy(id, service, environment, "v-" + id, DeployIntent.Planned, at) { FinishedAt = at, Result = DeployResult.Success, Source = "cdevents" }));
                }
            }
        }

        await store.RecordAsync(deploys);
        var grouped = store.ShouldBeAssignableTo<IGroupedIngest>()!;

        var recorded = await grouped.RecordEachAsync([[Deployed("n1", "aa", T0.AddDays(1))], [Deployed("n2", "checkout", T0.AddDays(1))]]);

        (await store.TargetsAsync()).ShouldBe(expected.Append(new DeployTarget("aa", "production")).Append(new DeployTarget("checkout", "production")).OrderBy(t => t.Service, StringComparer.Ordinal).ThenBy(t => t.Environment, StringComparer.Ordinal));
        recorded.Before[0].ShouldBe(expected);
        recorded.Before[1].ShouldBe(expected.Append(new DeployTarget("aa", "production")));
    }
}
