using Microsoft.Extensions.Time.Testing;
using Tollgate.Delivery.Deploys;
using Tollgate.Delivery.Dora;
using Tollgate.Delivery.Drills;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Dora;
using Tollgate.Domain.Ledger;
using Tollgate.Ledger;
using Tollgate.Ledger.Delivery;
using Tollgate.Testing;

namespace Tollgate.Delivery.Tests.Dora;

/// <summary>
/// A successful deploy whose next deploy is a successful rollback was undone, whatever its watch made of it: DORA counts
/// it failed (remediated by that rollback) and no rollback goes back to it. web in production: v1..v5 good, v6 failed,
/// a hand rollback to v5, v7 (its watch passed), a hand rollback to v5 an hour later. Before, v7 was a good deploy (CFR
/// 1/9) and the rollback target of v5 (drill run --env rehearsed rolling back to v7). On both engines, fast path and
/// full history alike.
/// </summary>
public abstract class UndoneDeployTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 11, 10, 0, 0, TimeSpan.Zero);
    private static readonly DoraWindow Window = new(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero));
    private string _directory = null!;
    private ILedger _ledger = null!;
    private IDeliveryStore _store = null!;

    protected abstract Task<string> ConnectionAsync(string directory);

    public async Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("tollgate-undone-").FullName;
        _ledger = await LedgerLocation.OpenAsync(await ConnectionAsync(_directory), _directory, new FakeTimeProvider(T0.AddDays(10)));
        _store = DeliveryStore.Of(_ledger);
    }

    public async Task DisposeAsync()
    {
        await _ledger.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static DeployEvent Deployed(string id, string version, DateTimeOffset started, DeployResult result = DeployResult.Success, DeployIntent intent = DeployIntent.Planned) =>
        new(id, "test", new Deploy(id, "web", "production", version, intent, started) { FinishedAt = started.AddMinutes(5), Result = result });

    /// <summary>The walk's history (report 18, finding 0).</summary>
    private async Task RecordHistoryAsync()
    {
        await _store.RecordAsync([
            Deployed("d1", "v1", T0), Deployed("d2", "v2", T0.AddDays(1)), Deployed("d3", "v3", T0.AddDays(2)),
            Deployed("d4", "v4", T0.AddDays(3)), Deployed("d5", "v5", T0.AddDays(4)), Deployed("d6", "v6", T0.AddDays(5), DeployResult.Failed),
            Deployed("r1", "v5", T0.AddDays(5).AddMinutes(30), intent: DeployIntent.Rollback),
            Deployed("d7", "v7", T0.AddDays(6)),
            Deployed("r2", "v5", T0.AddDays(6).AddHours(1), intent: DeployIntent.Rollback),
        ]);
        await _store.RecordAsync([
            new DeployWatchEvent("d7-watching", "tollgate.deploy.watch", "d7", DeployWatch.Watching, T0.AddDays(6).AddMinutes(5)),
            new DeployWatchEvent("d7-passed", "tollgate.deploy.watch", "d7", DeployWatch.Passed, T0.AddDays(6).AddMinutes(15)),
        ]);
    }

    [Fact]
    public async Task Dora_PassedDeployRolledBackByHand_IsAFailureRemediatedByTheRollback()
    {
        await RecordHistoryAsync();

        var fast = await DoraQuery.RunAsync(_store, null, "production", Window, DoraDefinitions.Recommended, CancellationToken.None);
        var full = await DoraQuery.RunFromHistoryAsync(_store, null, "production", Window, DoraDefinitions.Recommended, CancellationToken.None);

        foreach (var dora in new[] { fast, full })
        {
            var web = dora.Services.ShouldHaveSingleItem();
            (web.Deployments, web.FailedDeployments, web.Unrecovered).ShouldBe((9, 2, 0), "v6 failed; v7 was undone by the rollback after it");
            web.ChangeFailureRate!.Value.ShouldBe(2.0 / 9, 1e-12);
            (web.RecoveryMinutes.Median, web.RecoveryMinutes.Samples).ShouldBe((45.0, 2), "30 min (v6) and 60 min (v7)");
        }
    }

    [Fact]
    public async Task RollbackTarget_PassedDeployRolledBackByHand_IsPassedOverAndSaidToBe()
    {
        await RecordHistoryAsync();
        var history = await _store.DeploysAsync("web", "production", CancellationToken.None);

        var target = RollbackTarget.Choose(history, history.Single(d => d.Id == "r2")).ShouldNotBeNull();

        target.Deploy.Version.ShouldBe("v4", "v7 was rolled back away from; v5 is the failing version itself");
        target.Describe().ShouldBe("v4 (v7 is passed over: a rollback undid it)");
        (await DrillVersions.ForAsync(_store, "web", "production", CancellationToken.None)).Target.ShouldBe("v4", "the drill rehearses the same target");
    }

    [Fact]
    public async Task RollbackTarget_CurrentVersionFailsAgainAfterAHandRollback_DoesNotGoBackToTheVersionUndone()
    {
        // The walk's live case: v1, v2, a hand rollback to v1, then a config-only redeploy of v1 fails its watch. It
        // rolled back to v2, the version a human had rolled back away from.
        await _store.RecordAsync([
            Deployed("d1", "v1", T0), Deployed("d2", "v2", T0.AddDays(1)),
            Deployed("r1", "v1", T0.AddDays(1).AddHours(1), intent: DeployIntent.Rollback),
            Deployed("d3", "v1", T0.AddDays(2), DeployResult.Failed),
        ]);
        var history = await _store.DeploysAsync("web", "production", CancellationToken.None);

        RollbackTarget.Choose(history, history.Single(d => d.Id == "d3")).ShouldBeNull("v2 was undone and v1 is the failing version: nothing to roll back to");
    }

    [Fact]
    public async Task RollbackToTheDeploysOwnVersion_UndidTheUnfinishedDeployAfterIt_NotIt()
    {
        // v1 good; v2 started and never finished (its deploy run killed outright); a rollback by hand returns to v1, so
        // the next deploy finished after v1 is a rollback to v1 itself. It undid v2, not v1: before, v1 counted failed
        // (remediated by a rollback to itself) and was passed over as a rollback target.
        await _store.RecordAsync([
            Deployed("d1", "v1", T0),
            new DeployEvent("d2", "test", new Deploy("d2", "web", "production", "v2", DeployIntent.Planned, T0.AddDays(1))),
            Deployed("r1", "v1", T0.AddDays(1).AddHours(1), intent: DeployIntent.Rollback),
            Deployed("d3", "v3", T0.AddDays(2), DeployResult.Failed),
        ]);
        var history = await _store.DeploysAsync("web", "production", CancellationToken.None);

        RollbackTarget.Choose(history, history.Single(d => d.Id == "d3")).ShouldNotBeNull().Deploy.Version.ShouldBe("v1");
        var fast = await DoraQuery.RunAsync(_store, null, "production", Window, DoraDefinitions.Recommended, CancellationToken.None);
        var full = await DoraQuery.RunFromHistoryAsync(_store, null, "production", Window, DoraDefinitions.Recommended, CancellationToken.None);
        foreach (var dora in new[] { fast, full })
        {
            dora.Services.ShouldHaveSingleItem().FailedDeployments.ShouldBe(1, "d3 failed; v1 was not undone by a rollback to itself");
        }
    }
}

public sealed class SqliteUndoneDeployTests : UndoneDeployTests
{
    protected override Task<string> ConnectionAsync(string directory) => Task.FromResult(Path.Combine(directory, "ledger.db"));
}

public sealed class PostgresUndoneDeployTests : UndoneDeployTests
{
    protected override Task<string> ConnectionAsync(string directory) => PostgresServer.Shared.CreateDatabaseAsync();
}
