using Tollgate.Domain.Delivery;
using Tollgate.Ledger.Delivery;
using Tollgate.Ledger.Migrations;

namespace Tollgate.Ledger.Tests;

/// <summary>
/// A <c>deploy run</c>'s lease (its pid, process start, deadline, host) in the deploy's own <c>lease</c> column, its
/// <c>source</c> left meaning where the deploy came from; a ledger from before, where the lease was packed into the
/// source as <c>deploy-run;…</c>, has it moved to the column by the upgrade.
/// </summary>
public abstract partial class LedgerBehaviourTests
{
    private const string Lease = "pid=4242;process-start=1772452800000;until=1772453400000;host=runner-a";

    [Fact]
    public async Task RecordAsync_DeployWithALease_ReadBackWithItsLeaseAndItsSourceByEveryRead()
    {
        var at = Clock.GetUtcNow();
        await using var ledger = await OpenAsync();
        var store = DeliveryStore.Of(ledger);
        await store.RecordAsync([
            new DeployEvent("d1", "test", new Deploy("d1", "checkout", "production", "v1", DeployIntent.Planned, at) { Source = "cdevents" }),
            new DeployEvent("d2", "test", new Deploy("d2", "checkout", "production", "v2", DeployIntent.Planned, at.AddMinutes(1)) { Lease = Lease }),
        ]);

        var newest = (await store.NewestStartedAsync("checkout", "production", DateTimeOffset.MinValue, DateTimeOffset.MaxValue)).ShouldNotBeNull();
        var running = (await store.NewestRunningAsync("checkout", "production")).ShouldNotBeNull();
        var all = await store.DeploysAsync("checkout", "production");

        (newest.Id, newest.Source, newest.Lease).ShouldBe(("d2", "cli", Lease));
        running.Lease.ShouldBe(Lease);
        all.Select(d => (d.Id, d.Source, d.Lease)).ShouldBe([("d1", "cdevents", null), ("d2", "cli", Lease)]);
        (await store.DeployAsync("d1")).ShouldNotBeNull().Lease.ShouldBeNull();
    }

    [Fact]
    public async Task OpenAsync_LedgerWithALeasePackedIntoTheSource_UpgradeMovesItToTheLeaseAndTheSourceBackToCli()
    {
        var at = Clock.GetUtcNow();
        await using (var ledger = await OpenAsync())
        {
            await DeliveryStore.Of(ledger).RecordAsync([
                new DeployEvent("d1", "test", new Deploy("d1", "checkout", "production", "v1", DeployIntent.Planned, at) { Source = "github" }),
                new DeployEvent("d2", "test", new Deploy("d2", "checkout", "production", "v2", DeployIntent.Planned, at.AddMinutes(1))),
            ]);
        }

        await ExecuteAsync(LedgerRewind.Before(Dialect, "deploys_lease") + $"; UPDATE deploys SET source = 'deploy-run;{Lease}' WHERE deploy_key = 'd2'");

        await using var upgraded = await OpenAsync();
        var read = await DeliveryStore.Of(upgraded).DeploysAsync("checkout", "production");

        read.Select(d => (d.Id, d.Source, d.Lease)).ShouldBe([("d1", "github", null), ("d2", "cli", Lease)]);
        (await MigrationRowsAsync()).ShouldBe(Migration.For(Dialect).Count);
    }
}
