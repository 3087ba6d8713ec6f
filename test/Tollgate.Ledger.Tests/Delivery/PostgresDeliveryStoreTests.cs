using Tollgate.Domain.Delivery;
using Tollgate.Ledger.Delivery;
using Tollgate.Testing;

namespace Tollgate.Ledger.Tests.Delivery;

/// <summary>The delivery behaviour against a real PostgreSQL, one new database per test; and its grouped write (PostgreSQL's alone).</summary>
public sealed class PostgresDeliveryStoreTests : DeliveryStoreBehaviourTests
{
    private static readonly DateTimeOffset T0 = new(2024, 3, 4, 17, 0, 0, TimeSpan.Zero);

    private string? _connection;

    protected override async Task<string> ConnectionAsync() => _connection ??= await PostgresServer.Shared.CreateDatabaseAsync();

    private static DeployEvent Deployed(string id, string service) =>
        new(id, "dev.cdevents.service.deployed.0.3.0", new Deploy(id, service, "production", "v-" + id, DeployIntent.Planned, T0));

    [Fact]
    public async Task RecordEachAsync_BodiesStagedTogether_EachCountedAsWereItWrittenAlone()
    {
        await using var ledger = await LedgerLocation.OpenAsync(await ConnectionAsync(), Path.GetTempPath(), TimeProvider.System);
        var grouped = (IGroupedIngest)DeliveryStore.Of(ledger);

        var recorded = await grouped.RecordEachAsync([[Deployed("e1", "checkout")], [Deployed("e1", "checkout"), Deployed("e2", "payments")], [Deployed("e3", "checkout")]]);

        recorded.Counts.ShouldBe([new IngestCounts(1, 0, 0), new IngestCounts(1, 1, 0), new IngestCounts(1, 0, 0)], "the second body's e1 is the first body's: its duplicate");
        recorded.Before.Select(b => b.Count).ShouldBe([0, 1, 2]);
        (await DeliveryStore.Of(ledger).DeploysAsync(null, null)).Select(d => d.Id).Order().ShouldBe(["e1", "e2", "e3"]);
    }
}
