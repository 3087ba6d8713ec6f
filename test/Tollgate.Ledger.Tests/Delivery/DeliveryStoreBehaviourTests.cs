using Tollgate.Domain.Ledger;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Dora;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Ledger.Tests.Delivery;

/// <summary>What the delivery tables must do in every dialect, written once (subclasses pick the engine).</summary>
public abstract partial class DeliveryStoreBehaviourTests
{
    private static readonly DateTimeOffset T0 = new(2024, 3, 4, 17, 0, 0, TimeSpan.Zero);

    protected abstract Task<string> ConnectionAsync();

    private async Task<(ILedger Ledger, IDeliveryStore Store)> OpenAsync()
    {
        var ledger = await LedgerLocation.OpenAsync(await ConnectionAsync(), Path.GetTempPath(), TimeProvider.System);
        return (ledger, DeliveryStore.Of(ledger));
    }

    private static DeployEvent Deployed(string id, string service, DateTimeOffset at, DeployIntent intent = DeployIntent.Planned, params Change[] changes) =>
        new(id, "dev.cdevents.service.deployed.0.3.0",
            new Deploy(id, service, "production", "v-" + id, intent, at) { FinishedAt = at, Result = DeployResult.Success, Changes = changes, Source = "cdevents" });

    [Fact]
    public async Task RecordAsync_SameEventTwice_RecordsItOnce()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;

        var first = await store.RecordAsync([Deployed("e1", "checkout", T0)]);
        var second = await store.RecordAsync([Deployed("e1", "checkout", T0), Deployed("e2", "checkout", T0.AddHours(1))]);

        first.ShouldBe(new IngestCounts(1, 0, 0));
        second.ShouldBe(new IngestCounts(1, 1, 0));
        (await store.DeploysAsync("checkout", "production")).Select(d => d.Id).ShouldBe(["e1", "e2"]);
    }

    [Fact]
    public async Task RecordAsync_GitHubStatusesCarryingTheirDeployments_CountsEachEventOfTheFileOnce()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;
        DeployEvent Deployment(int id, bool carried = false) =>
            new($"github:deployment:{id}", "github.deployment", new Deploy($"github:deployment:{id}", "checkout", "production", "v" + id, DeployIntent.Planned, T0.AddMinutes(id))) { Carried = carried };
        DeployStatusEvent Status(int id, DeployResult result) => new($"github:deployment_status:{id}", "github.deployment_status", $"github:deployment:{id}", result, T0.AddMinutes(id + 5));
        // The file of new-user report 3a: deployment 901, its success, deployment 902, its failure (each status carries its deployment).
        DeliveryEvent[] file = [Deployment(901), Deployment(901, carried: true), Status(901, DeployResult.Success), Deployment(902), Deployment(902, carried: true), Status(902, DeployResult.Failed)];

        var first = await store.RecordAsync(file);
        var again = await store.RecordAsync(file);
        var statusOnly = await store.RecordAsync([Deployment(903, carried: true), Status(903, DeployResult.Success)]);

        first.ShouldBe(new IngestCounts(4, 0, 0), "was 4 recorded, 2 already recorded");
        again.ShouldBe(new IngestCounts(0, 4, 0), "was 6 already recorded");
        statusOnly.ShouldBe(new IngestCounts(1, 0, 0), "a status whose deployment was never sent is one event, and still records the deploy");
        (await store.DeploysAsync("checkout", "production")).Select(d => (d.Version, d.Result))
            .ShouldBe([("v901", DeployResult.Success), ("v902", DeployResult.Failed), ("v903", DeployResult.Success)]);
    }

    [Fact]
    public async Task TargetsAsync_DeploysOfServicesAndEnvironments_EachPairOnceByName()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;
        var staging = Deployed("e3", "api", T0) with { Deploy = Deployed("e3", "api", T0).Deploy with { Environment = "staging" } };

        await store.RecordAsync([Deployed("e1", "checkout", T0), Deployed("e2", "checkout", T0.AddHours(1)), staging, Deployed("e4", "api", T0)]);

        (await store.TargetsAsync()).ShouldBe([new("api", "production"), new("api", "staging"), new("checkout", "production")]);
    }

    [Fact]
    public async Task RecordAsync_DeploysPartlyRecordedBefore_NewOnesKeepTheirOwnChanges()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;
        Change C(int i) => new("c" + i, T0.AddHours(-i));
        var deploys = Enumerable.Range(1, 6).Select(i => Deployed("e" + i, "checkout", T0.AddMinutes(i), DeployIntent.Planned, C(i))).ToList();

        var first = await store.RecordAsync([deploys[1], deploys[4]]);
        var second = await store.RecordAsync([.. deploys, deploys[2]]);

        first.ShouldBe(new IngestCounts(2, 0, 0));
        second.ShouldBe(new IngestCounts(4, 3, 0));
        (await store.DeploysAsync(null, null)).Select(d => $"{d.Id}:{string.Join(',', d.Changes.Select(c => $"{c.Id}@{c.CommittedAt:O}"))}")
            .ShouldBe(deploys.Select(d => $"{d.Deploy.Id}:{d.Deploy.Changes[0].Id}@{d.Deploy.Changes[0].CommittedAt:O}"));
    }

    [Fact]
    public async Task RecordAsync_AnEventIdAlreadyRecordedForAnotherKindOfEvent_RecordsItOnce()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;
        IncidentEvent Detected(string id) => new(id, "dev.cdevents.incident.detected.0.3.0", new Incident("inc-" + id, "checkout", "production", T0));

        var first = await store.RecordAsync([Detected("x1"), Deployed("e1", "checkout", T0)]);
        var second = await store.RecordAsync([Deployed("x1", "checkout", T0.AddHours(1)), Detected("e1"), Deployed("e2", "checkout", T0.AddHours(2))]);

        first.ShouldBe(new IngestCounts(2, 0, 0));
        second.ShouldBe(new IngestCounts(1, 2, 0));
        (await store.DeploysAsync(null, null)).Select(d => d.Id).ShouldBe(["e1", "e2"]);
        (await store.IncidentsAsync(null)).Select(i => i.Id).ShouldBe(["inc-x1"]);
    }

    [Fact]
    public async Task DeploysAsync_ChangesWithAndWithoutTimes_MergedCommitTimeFillsTheGap()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;
        var committed = T0.AddHours(-8);

        await store.RecordAsync(
        [
            new ChangeEvent("m1", "dev.cdevents.change.merged.0.3.0", new Change("c2", T0.AddHours(-2))),
            Deployed("e1", "checkout", T0, DeployIntent.Planned, new Change("c1", committed), new Change("c2", null)),
        ]);
        var deploy = (await store.DeploysAsync(null, null)).Single();

        deploy.Changes.OrderBy(c => c.Id).Select(c => c.CommittedAt).ShouldBe([committed, T0.AddHours(-2)]);
        deploy.FinishedAt.ShouldBe(T0);
        deploy.Result.ShouldBe(DeployResult.Success);
        deploy.Source.ShouldBe("cdevents");
    }

    [Fact]
    public async Task DoraFactsAsync_ChangeRedeployedAfterARollback_CountsItsLeadTimeOnceAtItsFirstDeploy()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;
        var (a1, a2) = (new Change("a1", T0.AddHours(-2)), new Change("a2", T0.AddHours(13)));
        var window = new DoraWindow(T0.AddDays(-1), T0.AddDays(7));
        async Task<(QuantileSummary Facts, QuantileSummary History)> LeadAsync() =>
            (DoraCalculator.Compute(await store.DoraFactsAsync(null, window), window, null, DoraDefinitions.Recommended).Overall.LeadTimeHours,
             DoraCalculator.Compute(await store.DeploysAsync(null, null), [], window, null, DoraDefinitions.Recommended).Overall.LeadTimeHours);

        // the re-deploy of a2 (30 h after its commit) arrives first: its day gives the sample up when a2's first deploy comes
        await store.RecordAsync([Deployed("p4", "pay", T0.AddHours(43), DeployIntent.Planned, a2)]);
        await store.RecordAsync(
        [
            Deployed("p1", "pay", T0, DeployIntent.Planned, a1), Deployed("p2", "pay", T0.AddHours(15), DeployIntent.Planned, a2),
            Deployed("p3", "pay", T0.AddHours(16), DeployIntent.Rollback, a1),
        ]);
        var redeployed = await LeadAsync();

        // `deploy finish` of a deploy carrying a2 that ends before p2: it is now a2's first deploy (1 h)
        var running = new Deploy("p0", "pay", "production", "v-p0", DeployIntent.Planned, T0.AddHours(13)) { Changes = [a2], Source = "cli" };
        await store.RecordAsync([new DeployEvent("p0", "deploy", running)]);
        await store.FinishAsync(running, DeployResult.Success, T0.AddHours(14));
        var finishedEarlier = await LeadAsync();

        redeployed.Facts.ShouldBe(new QuantileSummary(2, 2, 2), "was 3 samples: a2 again at its re-deploy, 30 h");
        redeployed.History.ShouldBe(redeployed.Facts);
        finishedEarlier.Facts.ShouldBe(new QuantileSummary(1.5, 1.9, 2));
        finishedEarlier.History.ShouldBe(finishedEarlier.Facts);
    }

    [Fact]
    public async Task FinishAsync_TwoRunning_ClosesTheOneNamedOnlyAndOnlyWhileItRuns()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;
        var older = new Deploy("a", "api", "production", "v1", DeployIntent.Planned, T0);
        await store.RecordAsync(
        [
            new DeployEvent("a", "tollgate.deploy.started", older),
            new DeployEvent("b", "tollgate.deploy.started", new Deploy("b", "api", "production", "v2", DeployIntent.Hotfix, T0.AddMinutes(5))),
        ]);

        var finished = await store.FinishAsync(older, DeployResult.Failed, T0.AddMinutes(9));
        var again = await store.FinishAsync(older, DeployResult.Success, T0.AddMinutes(12));
        var unknown = await store.FinishAsync(older with { Id = "nothing" }, DeployResult.Success, T0.AddMinutes(9));

        finished!.Id.ShouldBe("a");
        finished.Result.ShouldBe(DeployResult.Failed);
        finished.FinishedAt.ShouldBe(T0.AddMinutes(9));
        again.ShouldBeNull("a deploy already finished is not finished again");
        unknown.ShouldBeNull();
        (await store.DeploysAsync("api", null)).Select(d => (d.Id, d.Result, d.FinishedAt))
            .ShouldBe([("a", DeployResult.Failed, (DateTimeOffset?)T0.AddMinutes(9)), ("b", DeployResult.Running, null)]);
    }

    [Fact]
    public async Task NewestRunningAndStarted_ManyDeploys_TheNewestOfThatServiceAndEnvironmentWithItsChanges()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;
        Deploy Started(string id, string service, string environment, DateTimeOffset at, params Change[] changes) =>
            new(id, service, environment, "v-" + id, DeployIntent.Planned, at) { Changes = changes };
        await store.RecordAsync(
        [
            new DeployEvent("r1", "tollgate.deploy.started", Started("r1", "api", "production", T0, new Change("c1", T0.AddHours(-2)), new Change("c2", null))),
            new DeployEvent("r2", "tollgate.deploy.started", Started("r2", "api", "production", T0.AddMinutes(5), new Change("c3", T0.AddHours(-1)))),
            new DeployEvent("r3", "tollgate.deploy.started", Started("r3", "api", "production", T0.AddMinutes(5))), // same start: the later recorded is newer
            new DeployEvent("s1", "tollgate.deploy.started", Started("s1", "api", "staging", T0.AddMinutes(30))),
            new DeployEvent("o1", "tollgate.deploy.started", Started("o1", "web", "production", T0.AddMinutes(30))),
            Deployed("done", "api", T0.AddMinutes(20)),
        ]);
        await store.FinishAsync(Started("r3", "api", "production", T0.AddMinutes(5)), DeployResult.Success, T0.AddMinutes(8));

        var running = await store.NewestRunningAsync("api", "production");
        var inWindow = await store.NewestStartedAsync("api", "production", T0, T0.AddMinutes(19));
        var atItsStart = await store.NewestStartedAsync("api", "production", T0, T0.AddMinutes(20));
        var none = await store.NewestStartedAsync("api", "production", T0.AddMinutes(20), T0.AddHours(1));
        var newest = await store.NewestStartedAsync("api", "production", DateTimeOffset.MinValue, DateTimeOffset.MaxValue); // deploy watch's read

        running!.Id.ShouldBe("r2", "r3 started at the same time but is over");
        running.Changes.OrderBy(c => c.Id).ShouldBe([new Change("c3", T0.AddHours(-1))]);
        inWindow!.ShouldSatisfyAllConditions(d => d.Id.ShouldBe("r3"), d => d.Result.ShouldBe(DeployResult.Success), d => d.FinishedAt.ShouldBe(T0.AddMinutes(8)));
        atItsStart!.Id.ShouldBe("done");
        none.ShouldBeNull();
        newest!.Id.ShouldBe((await store.DeploysAsync("api", "production"))[^1].Id);
        newest.Id.ShouldBe("done");
        (await store.NewestRunningAsync("api", "canary")).ShouldBeNull();
        (await store.NewestStartedAsync("api", "production", T0.AddMinutes(-1), T0))!.Changes.OrderBy(c => c.Id)
            .ShouldBe([new Change("c1", T0.AddHours(-2)), new Change("c2", null)]);
    }

    [Fact]
    public async Task RecordAsync_IncidentDetectedThenResolved_UnknownResolutionIsKept()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;

        var counts = await store.RecordAsync(
        [
            new IncidentEvent("i1", "dev.cdevents.incident.detected.0.3.0",
                new Incident("incident/I1", "checkout", "production", T0) { CausedBy = "e1", ArtifactId = "pkg:oci/checkout@sha256%3Aab" }),
            new IncidentResolvedEvent("i2", "dev.cdevents.incident.resolved.0.3.0", "incident/I1", T0.AddMinutes(35)),
            new IncidentResolvedEvent("i3", "dev.cdevents.incident.resolved.0.3.0", "incident/none", T0.AddMinutes(35)),
        ]);
        var incident = (await store.IncidentsAsync("checkout")).Single();

        counts.ShouldBe(new IngestCounts(3, 0, 0), "a resolution of an incident not recorded yet is kept for it");
        incident.ResolvedAt.ShouldBe(T0.AddMinutes(35));
        incident.CausedBy.ShouldBe("e1");
        incident.ArtifactId.ShouldBe("pkg:oci/checkout@sha256%3Aab");
    }

    [Fact]
    public async Task RecordAsync_OrderSensitiveMix_SameResultAsOneByOne()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;
        const string detected = "dev.cdevents.incident.detected.0.3.0", resolved = "dev.cdevents.incident.resolved.0.3.0";
        await store.RecordAsync([Deployed("old", "api", T0.AddDays(-1))]);

        var counts = await store.RecordAsync(
        [
            Deployed("d1", "api", T0, DeployIntent.Planned, new Change("c1", T0.AddHours(-3)), new Change("c1", T0.AddHours(-9))),
            Deployed("d1", "api", T0.AddHours(1)), // the same event id again: a duplicate
            Deployed("old", "api", T0.AddHours(2)), // already recorded under the first batch
            new DeployEvent("d1-again", "dev.cdevents.service.deployed.0.3.0",
                new Deploy("d1", "api", "production", "v9", DeployIntent.Hotfix, T0) { FinishedAt = T0, Source = "cdevents" }), // names a recorded deploy
            new IncidentResolvedEvent("r0", resolved, "incident/late", T0.AddMinutes(5)), // before its incident: kept for it
            new IncidentEvent("i1", detected, new Incident("incident/late", "api", "production", T0.AddMinutes(1))),
            new IncidentResolvedEvent("r1", resolved, "incident/late", T0.AddMinutes(20)),
            new IncidentResolvedEvent("r2", resolved, "incident/late", T0.AddMinutes(30)), // the last resolution wins
            new DeployStatusEvent("s1", "dev.cdevents.service.deployed.0.3.0", "d1", DeployResult.Failed, T0.AddMinutes(2)),
            Deployed("d2", "api", T0.AddHours(3)),
        ]);

        counts.ShouldBe(new IngestCounts(8, 2, 1));
        var deploys = await store.DeploysAsync("api", "production");
        deploys.Select(d => (d.Id, d.Result)).ShouldBe([("old", DeployResult.Success), ("d1", DeployResult.Failed), ("d2", DeployResult.Success)]);
        deploys[1].Changes.ShouldBe([new Change("c1", T0.AddHours(-3))]);
        (await store.IncidentsAsync("api")).Single().ResolvedAt.ShouldBe(T0.AddMinutes(30));
    }

    [Fact]
    public async Task RecordAsync_BatchFailsHalfway_RecordsNothing()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;

        await Should.ThrowAsync<InvalidInputException>(() => store.RecordAsync(
        [
            Deployed("ok", "checkout", T0),
            new ChangeEvent("bad", "dev.cdevents.change.merged.0.3.0", new Change("c1", null)),
        ]));

        (await store.DeploysAsync(null, null)).ShouldBeEmpty();
        (await store.RecordAsync([Deployed("ok", "checkout", T0)])).Recorded.ShouldBe(1);
    }

    [Fact]
    public async Task RecordAsync_BatchSourceFailsAfterTheFirstBatch_RecordsNothing()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;

        await Should.ThrowAsync<InvalidInputException>(() => store.RecordAsync(FirstThenBadLine([Deployed("ok", "checkout", T0)]), expected: 2));

        (await store.DeploysAsync(null, null)).ShouldBeEmpty();
        (await store.RecordAsync([Deployed("ok", "checkout", T0)])).Recorded.ShouldBe(1);
    }

    private static async IAsyncEnumerable<IReadOnlyList<DeliveryEvent>> FirstThenBadLine(IReadOnlyList<DeliveryEvent> first)
    {
        await Task.Yield();
        yield return first;
        throw new InvalidInputException("events.ndjson:2: not JSON");
    }

    [Fact]
    public async Task DrillsAsync_RecordedDrills_OldestFirstPerService()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;
        await store.RecordDrillAsync(new Drill("api", true, TimeSpan.FromSeconds(42.5), T0) { Detail = "rollback 20s, forward 22s" });
        await store.RecordDrillAsync(new Drill("api", false, null, T0.AddDays(1)));
        await store.RecordDrillAsync(new Drill("web", true, null, T0));

        var drills = await store.DrillsAsync("api");

        drills.Select(d => d.Ok).ShouldBe([true, false]);
        drills[0].Duration.ShouldBe(TimeSpan.FromSeconds(42.5));
        drills[0].Detail.ShouldBe("rollback 20s, forward 22s");
        drills[1].At.ShouldBe(T0.AddDays(1));
        (await store.DrillsAsync(null)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task DeploysAndIncidents_WorkedExampleRoundTrip_GiveTheReferenceRecoveryTime()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;
        Change C(string id, int day, int hour) => new(id, new DateTimeOffset(2024, 3, day, hour, 0, 0, TimeSpan.Zero));
        DateTimeOffset At(int day, int hour, int minute = 0) => new(2024, 3, day, hour, minute, 0, TimeSpan.Zero);
        await store.RecordAsync(
        [
            Deployed("D1", "checkout", At(4, 17), DeployIntent.Planned, C("c1", 4, 9), C("c2", 4, 15)),
            Deployed("D2", "checkout", At(6, 11), DeployIntent.Planned, C("c3", 5, 10), C("c4", 6, 8)),
            Deployed("D3", "checkout", At(7, 14), DeployIntent.Planned, C("c5", 7, 12)),
            new IncidentEvent("I1", "detected", new Incident("I1", "checkout", "production", At(7, 14, 30)) { CausedBy = "D3" }),
            Deployed("D4", "checkout", At(7, 17), DeployIntent.Hotfix, C("c6", 7, 16)),
            new IncidentResolvedEvent("I1r", "resolved", "I1", At(7, 17, 30)),
            Deployed("D5", "checkout", At(11, 10), DeployIntent.Planned, C("c7", 11, 9)),
            Deployed("D6", "checkout", At(12, 16), DeployIntent.Planned, C("c8", 12, 14)),
            new IncidentEvent("I2", "detected", new Incident("I2", "checkout", "production", At(12, 16, 20))),
            Deployed("D7", "checkout", At(12, 16, 50), DeployIntent.Rollback),
            new IncidentResolvedEvent("I2r", "resolved", "I2", At(12, 16, 55)),
        ]);

        var result = DoraCalculator.Compute(await store.DeploysAsync("checkout", null), await store.IncidentsAsync("checkout"),
            new DoraWindow(At(4, 0), At(18, 0)), "production", DoraDefinitions.Recommended);

        var dora = result.Services.Single();
        dora.Deployments.ShouldBe(7);
        dora.LeadTimeHours.Median.ShouldBe(2);
        dora.ChangeFailureRate!.Value.ShouldBe(2.0 / 7, 1e-12);
        dora.RecoveryMinutes.Median.ShouldBe(115);
    }

    [Fact]
    public async Task RecordAsync_WatchEvents_EachReadShowsWhatTheLatestWatchMadeOfTheDeploy()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;
        DeployWatchEvent Watched(string id, DeployWatch watch, int minutes) => new($"w-{id}-{watch}-{minutes}", "tollgate.deploy.watch", id, watch, T0.AddMinutes(minutes));
        await store.RecordAsync([Deployed("e1", "checkout", T0), Deployed("e2", "checkout", T0.AddHours(1)), Deployed("e3", "checkout", T0.AddHours(2))]);

        var counts = await store.RecordAsync([
            Watched("e1", DeployWatch.Watching, 1), Watched("e1", DeployWatch.Passed, 6), Watched("e2", DeployWatch.Watching, 61), Watched("e2", DeployWatch.Held, 70),
            Watched("e3", DeployWatch.Watching, 121), Watched("unknown", DeployWatch.Held, 130), Watched("e1", DeployWatch.Passed, 6),
        ]);

        counts.ShouldBe(new IngestCounts(6, 1, 1));
        (await store.DeploysAsync("checkout", "production")).Select(d => (d.Id, d.Watch, d.Verified))
            .ShouldBe([("e1", DeployWatch.Passed, true), ("e2", DeployWatch.Held, false), ("e3", DeployWatch.Watching, false)]);
        (await store.NewestStartedAsync("checkout", "production", DateTimeOffset.MinValue, DateTimeOffset.MaxValue)).ShouldNotBeNull().Watch.ShouldBe(DeployWatch.Watching);
        (await store.RecordAsync([Watched("e2", DeployWatch.Passed, 200)])).ShouldBe(new IngestCounts(1, 0, 0));
        (await store.DeploysAsync("checkout", null))[1].Verified.ShouldBeTrue("a later watch that passed verifies a deploy an earlier one held");
    }
}
