using Tollgate.Delivery.Deploys;
using Tollgate.Delivery.Dora;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Dora;
using Tollgate.Ledger.Delivery;
using Tollgate.Testing;

namespace Tollgate.Delivery.Tests.Dora;

/// <summary>
/// A watch-window failure the ledger refused to record when the watch failed, recorded later with the command the exit-3
/// line printed (<c>deploy finish --deploy ID --result failed --watch-failed</c>), counts in DORA exactly as one the watch
/// recorded itself: failed, its changes not shipped for lead time. Before, the line printed the plain amendment, which keeps
/// a failure found late's changes shipped, so lead time took a sample from a version the watch had rolled back. checkout's
/// v2 failed by its watch, recorded by the watch; pay's p2 the same, recorded afterwards; api's a2 a failure found late
/// (plain amendment), which keeps its sample. On both engines, fast path and full history alike.
/// </summary>
public abstract class WatchFailedLaterDoraTests : DoraLedgerTests
{
    /// <summary>A good first deploy (its change merged 1 h before) and a second, its change merged 2 h before, that the watch failed.</summary>
    private async Task RecordTwoAsync(string service)
    {
        Deploy Deployed(string version, double hours) => new($"{service}/production/{version}", service, "production", version, DeployIntent.Planned, T0.AddHours(hours))
        {
            FinishedAt = T0.AddHours(hours),
            Result = DeployResult.Success,
            Changes = [new Change($"{service}-{version}", T0.AddHours(hours - 1 - (version == "2" ? 1 : 0)))],
        };
        await Store.RecordAsync([new DeployEvent($"{service}-1", "test", Deployed("1", -10)), new DeployEvent($"{service}-2", "test", Deployed("2", -5))]);
        await Store.RecordAsync([new DeployWatchEvent($"{service}-2-watching", "tollgate.deploy.watch", $"{service}/production/2", DeployWatch.Watching, T0.AddHours(-5))]);
    }

    [Fact]
    public async Task AmendAsync_WatchFailedRecordedLater_CountsAsTheWatchsOwnRecordDoes()
    {
        await RecordTwoAsync("checkout");
        await RecordTwoAsync("pay");
        await RecordTwoAsync("api");
        // as the watch records its failure (DeployGate, then Rollback): its outcome, then the deploy marked failed
        await Store.RecordAsync([
            new DeployWatchEvent("checkout-2-failed", "tollgate.deploy.watch", "checkout/production/2", DeployWatch.Failed, T0.AddHours(-4.9)),
            new DeployStatusEvent("watch-window:checkout/production/2", "tollgate.deploy.failed", "checkout/production/2", DeployResult.Failed, T0.AddHours(-5)),
        ]);

        var pay = await DeployFinish.AmendAsync(Store, "pay", "production", "pay/production/2", DeployResult.Failed, T0, CancellationToken.None, watchFailed: true);
        await DeployFinish.AmendAsync(Store, "api", "production", "api/production/2", DeployResult.Failed, T0, CancellationToken.None);

        (pay.Deploy.Result, pay.Deploy.Watch).ShouldBe((DeployResult.Failed, DeployWatch.Failed));
        var recorded = (await Store.DeploysAsync("pay", "production")).Single(d => d.Version == "2");
        (recorded.Result, recorded.Watch, recorded.AmendedFailed, recorded.FinishedAt).ShouldBe((DeployResult.Failed, DeployWatch.Failed, false, T0.AddHours(-5)));
        var (fast, full) = await DoraAsync();
        foreach (var dora in new[] { fast, full })
        {
            var byService = dora.Services.ToDictionary(s => s.Service);
            var checkout = byService["checkout"];
            (checkout.Deployments, checkout.FailedDeployments, checkout.LeadTimeHours.Samples).ShouldBe((2, 1, 1), "v1's change only: v2 was rolled back by its watch");
            (byService["pay"] with { Service = "checkout", Levels = checkout.Levels }).ShouldBe(checkout, "recorded later with the printed command, as the watch records it");
            var api = byService["api"];
            (api.FailedDeployments, api.LeadTimeHours.Samples).ShouldBe((1, 2), "a failure found late ran in production: its change shipped");
        }
    }

    [Fact]
    public async Task AmendAsync_WatchFailedAlreadyRecordedByTheWatch_OnlyTheFailureRecordedThenANoOp()
    {
        await RecordTwoAsync("checkout");
        await RecordTwoAsync("pay");
        // checkout: the watch recorded both; pay: the watch recorded its outcome, then the ledger refused the deploy's failure
        await Store.RecordAsync([
            new DeployWatchEvent("checkout-2-failed", "tollgate.deploy.watch", "checkout/production/2", DeployWatch.Failed, T0.AddHours(-4.9)),
            new DeployStatusEvent("watch-window:checkout/production/2", "tollgate.deploy.failed", "checkout/production/2", DeployResult.Failed, T0.AddHours(-5)),
            new DeployWatchEvent("pay-2-failed", "tollgate.deploy.watch", "pay/production/2", DeployWatch.Failed, T0.AddHours(-4.9)),
        ]);
        var before = (await DoraAsync()).Fast.Services.Single(s => s.Service == "pay");
        var store = new Deploys.InterleavingStore(Store);

        var amended = await DeployFinish.AmendAsync(store, "pay", "production", "pay/production/2", DeployResult.Failed, T0, CancellationToken.None, watchFailed: true);
        var again = await Should.ThrowAsync<Domain.InvalidInputException>(() =>
            DeployFinish.AmendAsync(store, "pay", "production", "pay/production/2", DeployResult.Failed, T0.AddMinutes(1), CancellationToken.None, watchFailed: true));

        (before.Deployments, before.FailedDeployments, before.LeadTimeHours.Samples).ShouldBe((2, 0, 2), "before: its failure unrecorded");
        amended.WatchAlreadyRecorded.ShouldBeTrue();
        amended.Line.ShouldBe("marked pay/production/2 failed by its watch window (its watch's failure was already recorded: not recorded again): DORA counts it in the change failure rate, and its changes as not shipped");
        store.Recorded.ShouldHaveSingleItem().ShouldBeOfType<DeployStatusEvent>().Result.ShouldBe(DeployResult.Failed, "the deploy's failure only: no second watch outcome");
        again.Message.ShouldBe("--deploy pay/production/2 is already recorded failed by its watch window (its failure and its watch's): nothing to record again; nothing recorded");
        store.Recorded.Count.ShouldBe(1, "the second is a no-op");
        var (fast, full) = await DoraAsync();
        foreach (var dora in new[] { fast, full })
        {
            var byService = dora.Services.ToDictionary(s => s.Service);
            var checkout = byService["checkout"];
            (checkout.Deployments, checkout.FailedDeployments, checkout.LeadTimeHours.Samples).ShouldBe((2, 1, 1));
            (byService["pay"] with { Service = "checkout", Levels = checkout.Levels }).ShouldBe(checkout, "after: as the watch records it");
        }
    }

    [Fact]
    public async Task AmendAsync_WatchFailedOnADeployAlreadyRecordedFailed_RefusedNothingRecorded()
    {
        await RecordTwoAsync("checkout");
        await DeployFinish.AmendAsync(Store, "checkout", "production", "checkout/production/2", DeployResult.Failed, T0, CancellationToken.None, watchFailed: true);

        var again = await Should.ThrowAsync<Domain.InvalidInputException>(() =>
            DeployFinish.AmendAsync(Store, "checkout", "production", "checkout/production/2", DeployResult.Failed, T0.AddMinutes(1), CancellationToken.None, watchFailed: true));

        again.Message.ShouldBe("--deploy checkout/production/2 is already recorded failed by its watch window (its failure and its watch's): nothing to record again; nothing recorded");
    }
}

public sealed class SqliteWatchFailedLaterDoraTests : WatchFailedLaterDoraTests
{
    protected override Task<string> ConnectionAsync(string directory) => Task.FromResult(Path.Combine(directory, "ledger.db"));
}

public sealed class PostgresWatchFailedLaterDoraTests : WatchFailedLaterDoraTests
{
    protected override Task<string> ConnectionAsync(string directory) => PostgresServer.Shared.CreateDatabaseAsync();
}
