using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Dora;
using Tollgate.Domain.Ledger;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Ledger.Tests.Delivery;

/// <summary>
/// Incidents and deploy statuses delivered out of order (pagers, relays and GitHub redeliveries do), in every dialect:
/// the same events give the same ledger whatever their order, and a resolution no recovery can be taken from is refused.
/// </summary>
public abstract class EventOrderBehaviourTests
{
    private static readonly DateTimeOffset T0 = new(2024, 3, 4, 17, 0, 0, TimeSpan.Zero);

    protected abstract Task<string> ConnectionAsync();

    private async Task<(ILedger Ledger, IDeliveryStore Store)> OpenAsync()
    {
        var ledger = await LedgerLocation.OpenAsync(await ConnectionAsync(), Path.GetTempPath(), TimeProvider.System);
        return (ledger, DeliveryStore.Of(ledger));
    }

    private static DeployEvent Deployed(string id, string service, DateTimeOffset at) =>
        new(id, "dev.cdevents.service.deployed.0.3.0",
            new Deploy(id, service, "production", "v-" + id, DeployIntent.Planned, at) { FinishedAt = at, Result = DeployResult.Success, Source = "cdevents" });

    [Fact]
    public async Task RecordAsync_ResolutionBeforeItsIncident_AppliedWhenTheIncidentArrives()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;
        IncidentResolvedEvent Resolved(string id, string incident, int minutes) => new(id, "dev.cdevents.incident.resolved.0.3.0", incident, T0.AddMinutes(minutes));
        IncidentEvent Detected(string id, string incident) => new(id, "dev.cdevents.incident.detected.0.3.0", new Incident(incident, "checkout", "production", T0) { CausedBy = "e1" });
        await store.RecordAsync([Deployed("e1", "checkout", T0.AddMinutes(-10))]);

        // new-user report 5d finding 1: the resolutions of a shuffled file, first in one batch, then later in another's lines
        var early = await store.RecordAsync([Resolved("r1", "incident/I1", 55), Resolved("r2b", "incident/I2", 40), Resolved("r2", "incident/I2", 90)]);
        var rest = await store.RecordAsync([Resolved("r3", "incident/I3", 20), Detected("d1", "incident/I1"), Detected("d2", "incident/I2"), Detected("d3", "incident/I3")]);
        var again = await store.RecordAsync([Resolved("r1", "incident/I1", 55), Resolved("r2", "incident/I2", 90)]);

        early.ShouldBe(new IngestCounts(3, 0, 0));
        rest.ShouldBe(new IngestCounts(4, 0, 0));
        again.ShouldBe(new IngestCounts(0, 2, 0));
        (await store.IncidentsAsync("checkout")).Select(i => (i.Id, i.ResolvedAt))
            .ShouldBe([("incident/I1", T0.AddMinutes(55)), ("incident/I2", T0.AddMinutes(90)), ("incident/I3", T0.AddMinutes(20))], ignoreOrder: true);
        var facts = await store.DoraFactsAsync(null, new DoraWindow(T0.AddDays(-1), T0.AddDays(1)));
        facts.Incidents.Select(i => i.ResolvedAt).ShouldAllBe(r => r != null);
    }

    [Fact]
    public async Task RecordAsync_ResolutionsOutOfTimeOrder_LatestByItsTimeWins()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;

        await store.RecordAsync(
        [
            new IncidentEvent("d1", "dev.cdevents.incident.detected.0.3.0", new Incident("incident/I1", "checkout", "production", T0)),
            new IncidentResolvedEvent("r2", "dev.cdevents.incident.resolved.0.3.0", "incident/I1", T0.AddMinutes(90)),
            new IncidentResolvedEvent("r1", "dev.cdevents.incident.resolved.0.3.0", "incident/I1", T0.AddMinutes(30)),
        ]);

        (await store.IncidentsAsync("checkout")).Single().ResolvedAt.ShouldBe(T0.AddMinutes(90));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RecordAsync_IncidentResolvedBeforeItWasDetected_RefusesTheBatch(bool resolutionFirst)
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;
        DeliveryEvent detected = new IncidentEvent("d1", "dev.cdevents.incident.detected.0.3.0", new Incident("incident/pay/X", "pay", "production", T0.AddHours(9)));
        DeliveryEvent resolved = new IncidentResolvedEvent("r1", "dev.cdevents.incident.resolved.0.3.0", "incident/pay/X", T0.AddHours(8.5));
        await store.RecordAsync(resolutionFirst ? [resolved] : [detected]);

        var error = await Should.ThrowAsync<InvalidInputException>(() => store.RecordAsync(resolutionFirst ? [detected] : [resolved]));

        error.Message.ShouldBe("incident incident/pay/X is resolved at 2024-03-05T01:30:00Z, before it was detected at 2024-03-05T02:00:00Z: nothing of the batch is recorded (check the pager's clock and the events' offsets)");
        (await store.IncidentsAsync("pay")).Select(i => i.ResolvedAt).ShouldBe(resolutionFirst ? [] : [null]);
    }

    [Fact]
    public async Task RecordAsync_IncidentResolvedBeforeTheDeployItBlamesFinished_RefusesTheBatch()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;
        // new-user report 5d finding 2: B1 finished 08:00, incident Y detected 07:50 blaming it, resolved 07:55 (a pager clock a few minutes off)
        var at = new DateTimeOffset(2024, 5, 1, 8, 0, 0, TimeSpan.Zero);
        await store.RecordAsync([Deployed("B1", "pay", at)]);

        var error = await Should.ThrowAsync<InvalidInputException>(() => store.RecordAsync(
        [
            new IncidentEvent("y1", "dev.cdevents.incident.detected.0.3.0", new Incident("incident/Y", "pay", "production", at.AddMinutes(-10)) { CausedBy = "B1" }),
            new IncidentResolvedEvent("y2", "dev.cdevents.incident.resolved.0.3.0", "incident/Y", at.AddMinutes(-5)),
        ]));

        error.Message.ShouldStartWith("incident incident/Y is resolved at 2024-05-01T07:55:00Z, before deploy B1 it names as its cause finished at 2024-05-01T08:00:00Z: nothing");
        (await store.IncidentsAsync("pay")).ShouldBeEmpty();
    }

    [Fact]
    public async Task FinishAsync_AfterAnIncidentBlamingTheDeployWasResolved_RefusesTheFinish()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;
        // B1 still runs when incident Y blaming it is detected (07:50) and resolved (07:55); `deploy finish --at 08:00` would put the resolution before its cause
        var at = new DateTimeOffset(2024, 5, 1, 8, 0, 0, TimeSpan.Zero);
        var running = new Deploy("B1", "pay", "production", "v1", DeployIntent.Planned, at.AddHours(-1)) { Source = "cli" };
        await store.RecordAsync(
        [
            new DeployEvent("B1", "deploy", running),
            new IncidentEvent("y1", "dev.cdevents.incident.detected.0.3.0", new Incident("incident/Y", "pay", "production", at.AddMinutes(-10)) { CausedBy = "B1" }),
            new IncidentResolvedEvent("y2", "dev.cdevents.incident.resolved.0.3.0", "incident/Y", at.AddMinutes(-5)),
        ]);

        var error = await Should.ThrowAsync<InvalidInputException>(() => store.FinishAsync(running, DeployResult.Success, at));
        var finishedBefore = await store.FinishAsync(running, DeployResult.Success, at.AddMinutes(-6));

        error.Message.ShouldBe("incident incident/Y is resolved at 2024-05-01T07:55:00Z, before deploy B1 it names as its cause finished at 2024-05-01T08:00:00Z: the finish is not recorded (check --at and the incident's times)");
        finishedBefore.ShouldNotBeNull().FinishedAt.ShouldBe(at.AddMinutes(-6), "the refused finish left B1 running");
    }

    [Fact]
    public async Task RecordAsync_OlderStatusDeliveredAfterANewerOne_LatestStatusWins()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;
        var deployment = new DeployEvent("github:deployment:1", "github.deployment", new Deploy("github:deployment:1", "shop", "production", "v1", DeployIntent.Planned, T0));
        DeployStatusEvent Status(int id, DeployResult result, int minutes) => new($"github:deployment_status:{id}", "github.deployment_status", "github:deployment:1", result, T0.AddMinutes(minutes));

        // new-user report 5d finding 3: the success of 10:40 arrives first, the failure of 10:20 after it (a redelivery)
        var counts = await store.RecordAsync([deployment, Status(12, DeployResult.Success, 40), Status(11, DeployResult.Failed, 20)]);

        counts.ShouldBe(new IngestCounts(3, 0, 0));
        (await store.DeploysAsync("shop", "production")).Select(d => (d.Result, d.FinishedAt)).ShouldBe([(DeployResult.Success, (DateTimeOffset?)T0.AddMinutes(40))]);
    }
}
