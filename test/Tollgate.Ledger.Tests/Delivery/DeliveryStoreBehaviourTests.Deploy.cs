using Tollgate.Domain.Delivery;

namespace Tollgate.Ledger.Tests.Delivery;

/// <summary>One deploy by its key (what closing a stopped watch and amending a deploy read), on every engine.</summary>
public abstract partial class DeliveryStoreBehaviourTests
{
    [Fact]
    public async Task DeployAsync_ManyDeploys_TheOneOfThatKeyWithItsChangesFinishAndWatch()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;
        var started = new Deploy("k2", "api", "staging", "v-k2", DeployIntent.Planned, T0.AddMinutes(5)) { Changes = [new Change("c1", T0.AddHours(-1)), new Change("c2", null)] };
        await store.RecordAsync(
        [
            Deployed("k1", "api", T0),
            new DeployEvent("k2", "tollgate.deploy.started", started),
            Deployed("k3", "api", T0.AddMinutes(10)),
            Deployed("k4", "web", T0.AddMinutes(10)),
            new DeployWatchEvent("w-k3", "tollgate.deploy.watch", "k3", DeployWatch.Held, T0.AddMinutes(20)),
        ]);
        await store.FinishAsync(started, DeployResult.Failed, T0.AddMinutes(7));

        var running = await store.DeployAsync("k2");
        var held = await store.DeployAsync("k3");

        running.ShouldNotBeNull().ShouldSatisfyAllConditions(
            d => d.Service.ShouldBe("api"), d => d.Environment.ShouldBe("staging"), d => d.Version.ShouldBe("v-k2"),
            d => d.Result.ShouldBe(DeployResult.Failed), d => d.FinishedAt.ShouldBe(T0.AddMinutes(7)), d => d.Watch.ShouldBe(DeployWatch.None));
        running.Changes.OrderBy(c => c.Id).ShouldBe([new Change("c1", T0.AddHours(-1)), new Change("c2", null)]);
        held.ShouldNotBeNull().ShouldSatisfyAllConditions(d => d.Id.ShouldBe("k3"), d => d.Watch.ShouldBe(DeployWatch.Held), d => d.Source.ShouldBe("cdevents"));
        var read = (await store.DeploysAsync("api", "production")).Single(d => d.Id == "k3");
        (held.StartedAt, held.FinishedAt, held.Result, held.Version).ShouldBe((read.StartedAt, read.FinishedAt, read.Result, read.Version), "the same deploy the history reads");
        (await store.DeployAsync("k9")).ShouldBeNull();
        (await store.DeployAsync("K3")).ShouldBeNull("a key is matched exactly");
    }

    [Fact]
    public async Task RecordAsync_WatchBeginningWithALease_RecordsItAsTheDeploysLeaseAndAnEndWithoutOneKeepsIt()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;
        var run = new Deploy("k1", "api", "production", "v1", DeployIntent.Planned, T0) { FinishedAt = T0, Result = DeployResult.Success, Lease = "pid=1;process-start=0;until=1;host=run" };
        await store.RecordAsync([new DeployEvent("k1", "test", run), Deployed("k2", "api", T0.AddMinutes(1))]);

        // deploy watch judging a deploy whose run was killed (k1), and one recorded by an event, with no lease (k2)
        await store.RecordAsync(
        [
            new DeployWatchEvent("w-k1", "tollgate.deploy.watch", "k1", DeployWatch.Watching, T0.AddMinutes(2)) { Lease = "pid=2;process-start=0;until=2;host=watch" },
            new DeployWatchEvent("w-k2", "tollgate.deploy.watch", "k2", DeployWatch.Watching, T0.AddMinutes(2)) { Lease = "pid=3;process-start=0;until=3;host=watch" },
        ]);
        var watching = ((await store.DeployAsync("k1"))?.Lease, (await store.DeployAsync("k2"))?.Lease);
        await store.RecordAsync([new DeployWatchEvent("w-k1-passed", "tollgate.deploy.watch", "k1", DeployWatch.Passed, T0.AddMinutes(3))]);

        watching.ShouldBe(("pid=2;process-start=0;until=2;host=watch", "pid=3;process-start=0;until=3;host=watch"), "the watcher's process (report 18 #1)");
        (await store.DeployAsync("k1")).ShouldNotBeNull().ShouldSatisfyAllConditions(
            d => d.Watch.ShouldBe(DeployWatch.Passed), d => d.Lease.ShouldBe("pid=2;process-start=0;until=2;host=watch", "an end without a lease keeps the watcher's"));
    }
}
