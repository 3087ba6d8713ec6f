using Tollgate.Delivery.Deploys;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Ledger;
using Tollgate.Ledger;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary><c>deploy finish</c> against a SQLite ledger that another writer changes between its read and its write.</summary>
public sealed class DeployFinishTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly Deploy Running = new("api/production/v1", "api", "production", "v1", DeployIntent.Planned, T0);
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-deployfinish-").FullName;
    private ILedger _ledger = null!;
    private IDeliveryStore _store = null!;

    public async Task InitializeAsync()
    {
        _ledger = await LedgerLocation.OpenAsync(Path.Combine(_dir, "ledger.db"), _dir, TimeProvider.System);
        _store = DeliveryStore.Of(_ledger);
        await _store.RecordAsync([new DeployEvent(Running.Id, "tollgate.deploy.started", Running)]);
    }

    [Fact]
    public async Task RunAsync_ADeployStartedBetweenTheReadAndTheWrite_ClosesTheDeployItJudged()
    {
        var later = new Deploy("api/production/v2", "api", "production", "v2", DeployIntent.Planned, T0.AddMinutes(20));
        var store = new InterleavingStore(_store) { AfterRead = other => other.RecordAsync([new DeployEvent(later.Id, "tollgate.deploy.started", later)]) };

        var finished = await DeployFinish.RunAsync(store, "api", "production", DeployResult.Success, T0.AddMinutes(10), CancellationToken.None);

        finished.Id.ShouldBe(Running.Id, "the finish was judged against v1's start, so v1 is what it closes");
        (await _store.DeploysAsync("api", "production")).Select(d => (d.Version, d.Result, d.FinishedAt))
            .ShouldBe([("v1", DeployResult.Success, (DateTimeOffset?)T0.AddMinutes(10)), ("v2", DeployResult.Running, null)]);
    }

    [Fact]
    public async Task RunAsync_TwoRunningAndTheFinishBeforeTheNewerStarted_ClosesTheOlderOne()
    {
        // Two pipelines deploying api at once: the older one's finish came before the newer one started.
        var newer = new Deploy("api/production/v2", "api", "production", "v2", DeployIntent.Planned, T0.AddHours(1));
        await _store.RecordAsync([new DeployEvent(newer.Id, "tollgate.deploy.started", newer)]);

        var finished = await DeployFinish.RunAsync(_store, "api", "production", DeployResult.Success, T0.AddMinutes(30), CancellationToken.None);

        finished.Id.ShouldBe(Running.Id);
        (await _store.DeploysAsync("api", "production")).Select(d => (d.Version, d.Result, d.FinishedAt))
            .ShouldBe([("v1", DeployResult.Success, (DateTimeOffset?)T0.AddMinutes(30)), ("v2", DeployResult.Running, null)]);
    }

    [Fact]
    public async Task RunAsync_TwoRunningBothStartedAfterTheFinish_RefusesNamingThem()
    {
        var newer = new Deploy("api/production/v2", "api", "production", "v2", DeployIntent.Planned, T0.AddHours(1));
        await _store.RecordAsync([new DeployEvent(newer.Id, "tollgate.deploy.started", newer)]);

        var error = await Should.ThrowAsync<InvalidInputException>(() =>
            DeployFinish.RunAsync(_store, "api", "production", DeployResult.Success, T0.AddMinutes(-1), CancellationToken.None));

        error.Message.ShouldBe("no running deploy of api in production had started by the finish at 2026-03-02T11:59:00Z; running: "
            + "api/production/v1 (started 2026-03-02T12:00:00Z), api/production/v2 (started 2026-03-02T13:00:00Z): a deploy cannot finish before it starts (check --at); nothing recorded");
        (await _store.DeploysAsync("api", "production")).ShouldAllBe(d => d.Result == DeployResult.Running);
    }

    [Fact]
    public async Task RunAsync_TheDeployFinishedByAnotherWriterMeanwhile_RefusesAndKeepsTheirResult()
    {
        var store = new InterleavingStore(_store) { AfterRead = other => other.FinishAsync(Running, DeployResult.Failed, T0.AddMinutes(5)) };

        var error = await Should.ThrowAsync<InvalidInputException>(() =>
            DeployFinish.RunAsync(store, "api", "production", DeployResult.Success, T0.AddMinutes(10), CancellationToken.None));

        error.Message.ShouldBe("api/production/v1 was finished by another writer while this finish was being recorded; nothing recorded");
        (await _store.DeploysAsync("api", "production")).ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            d => d.Result.ShouldBe(DeployResult.Failed),
            d => d.FinishedAt.ShouldBe(T0.AddMinutes(5)));
    }

    [Fact]
    public async Task RunAsync_FinishedTwiceAfterAStartRecordedTwice_SecondRefusedAndTheStaleStartNotCounted()
    {
        var retried = Running with { Id = "api/production/v1@retry", StartedAt = T0.AddMinutes(1) }; // CI retried the start step
        await _store.RecordAsync([new DeployEvent(retried.Id, "tollgate.deploy.started", retried)]);
        await DeployFinish.RunAsync(_store, "api", "production", DeployResult.Success, T0.AddMinutes(10), CancellationToken.None);

        var error = await Should.ThrowAsync<InvalidInputException>(() =>
            DeployFinish.RunAsync(_store, "api", "production", DeployResult.Success, T0.AddMinutes(11), CancellationToken.None));

        error.Message.ShouldBe("the newest deploy of api in production, api/production/v1@retry, is already over (success at 2026-03-02T12:10:00Z); the older api/production/v1 still marked running was superseded by it: finished twice? nothing recorded");
        (await _store.DeploysAsync("api", "production")).Select(d => (d.Id, d.Result))
            .ShouldBe([(Running.Id, DeployResult.Running), (retried.Id, DeployResult.Success)]);
    }

    [Fact]
    public async Task RunAsync_BackfillOfAnOlderDeployAfterANewerOne_StillClosesIt()
    {
        var older = Running with { Id = "api/production/v0", Version = "v0", StartedAt = T0.AddDays(-7) };
        await DeployFinish.RunAsync(_store, "api", "production", DeployResult.Success, T0.AddMinutes(10), CancellationToken.None);
        await _store.RecordAsync([new DeployEvent(older.Id, "tollgate.deploy.started", older)]);

        var finished = await DeployFinish.RunAsync(_store, "api", "production", DeployResult.Failed, T0.AddDays(-7).AddMinutes(5), CancellationToken.None);

        finished.Id.ShouldBe(older.Id);
        finished.Result.ShouldBe(DeployResult.Failed);
    }

    [Fact]
    public async Task RunAsync_FinishBeforeTheStart_RefusedAndTheDeployStillRuns()
    {
        var error = await Should.ThrowAsync<InvalidInputException>(() =>
            DeployFinish.RunAsync(_store, "api", "production", DeployResult.Success, T0.AddMinutes(-1), CancellationToken.None));

        error.Message.ShouldBe("api/production/v1 started at 2026-03-02T12:00:00Z, after the finish at 2026-03-02T11:59:00Z: a deploy cannot finish before it starts (check --at); nothing recorded");
        (await _store.DeploysAsync("api", "production")).ShouldHaveSingleItem().Result.ShouldBe(DeployResult.Running);
    }

    [Fact]
    public async Task RunAsync_LongHistory_ReadsTheDeployItClosesNotTheHistory()
    {
        var history = Enumerable.Range(1, 50)
            .Select(i => new Deploy($"api/production/old{i}", "api", "production", $"old{i}", DeployIntent.Planned, T0.AddDays(-i)) { Result = DeployResult.Success, FinishedAt = T0.AddDays(-i).AddMinutes(5) })
            .Select(d => (DeliveryEvent)new DeployEvent(d.Id, "cdevents", d))
            .ToList();
        await _store.RecordAsync(history);
        var store = new InterleavingStore(_store);

        var finished = await DeployFinish.RunAsync(store, "api", "production", DeployResult.Success, T0.AddMinutes(10), CancellationToken.None);

        finished.ShouldSatisfyAllConditions(
            d => d.Id.ShouldBe(Running.Id),
            d => d.Result.ShouldBe(DeployResult.Success),
            d => d.FinishedAt.ShouldBe(T0.AddMinutes(10)));
        store.HistoryReads.ShouldBe(0);
    }

    public async Task DisposeAsync()
    {
        await _ledger.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
