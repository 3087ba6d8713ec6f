using Microsoft.Extensions.Time.Testing;
using Tollgate.Delivery.Deploys;
using Tollgate.Delivery.Dora;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Dora;
using Tollgate.Domain.Ledger;
using Tollgate.Ledger;
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
public abstract class WatchFailedLaterDoraTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly DoraWindow Window = new(T0.AddDays(-2), T0.AddDays(1));
    private string _directory = null!;
    private ILedger _ledger = null!;
    private IDeliveryStore _store = null!;

    protected abstract Task<string> ConnectionAsync(string directory);

    public async Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("tollgate-watch-failed-later-").FullName;
        _ledger = await LedgerLocation.OpenAsync(await ConnectionAsync(_directory), _directory, new FakeTimeProvider(T0));
        _store = DeliveryStore.Of(_ledger);
    }

    public async Task DisposeAsync()
    {
        await _ledger.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A good first deploy (its change merged 1 h before) and a second, its change merged 2 h before, that the watch failed.</summary>
    private async Task RecordTwoAsync(string service)
    {
        Deploy Deployed(string version, double hours) => new($"{service}/production/{version}", service, "production", version, DeployIntent.Planned, T0.AddHours(hours))
        {
            FinishedAt = T0.AddHours(hours),
            Result = DeployResult.Success,
            Changes = [new Change($"{service}-{version}", T0.AddHours(hours - 1 - (version == "2" ? 1 : 0)))],
        };
        await _store.RecordAsync([new DeployEvent($"{service}-1", "test", Deployed("1", -10)), new DeployEvent($"{service}-2", "test", Deployed("2", -5))]);
        await _store.RecordAsync([new DeployWatchEvent($"{service}-2-watching", "tollgate.deploy.watch", $"{service}/production/2", DeployWatch.Watching, T0.AddHours(-5))]);
    }

    private async Task<(DoraResult Fast, DoraResult Full)> DoraAsync() =>
        (await DoraQuery.RunAsync(_store, null, "production", Window, DoraDefinitions.Recommended, CancellationToken.None),
         await DoraQuery.RunFromHistoryAsync(_store, null, "production", Window, DoraDefinitions.Recommended, CancellationToken.None));

    [Fact]
    public async Task AmendAsync_WatchFailedRecordedLater_CountsAsTheWatchsOwnRecordDoes()
    {
        await RecordTwoAsync("checkout");
        await RecordTwoAsync("pay");
        await RecordTwoAsync("api");
        // as the watch records its failure (DeployGate, then Rollback): its outcome, then the deploy marked failed
        await _store.RecordAsync([
            new DeployWatchEvent("checkout-2-failed", "tollgate.deploy.watch", "checkout/production/2", DeployWatch.Failed, T0.AddHours(-4.9)),
            new DeployStatusEvent("watch-window:checkout/production/2", "tollgate.deploy.failed", "checkout/production/2", DeployResult.Failed, T0.AddHours(-5)),
        ]);

        var pay = await DeployFinish.AmendAsync(_store, "pay", "production", "pay/production/2", DeployResult.Failed, T0, CancellationToken.None, watchFailed: true);
        await DeployFinish.AmendAsync(_store, "api", "production", "api/production/2", DeployResult.Failed, T0, CancellationToken.None);

        (pay.Result, pay.Watch).ShouldBe((DeployResult.Failed, DeployWatch.Failed));
        var recorded = (await _store.DeploysAsync("pay", "production")).Single(d => d.Version == "2");
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
    public async Task AmendAsync_WatchFailedOnADeployAlreadyRecordedFailed_RefusedNothingRecorded()
    {
        await RecordTwoAsync("checkout");
        await DeployFinish.AmendAsync(_store, "checkout", "production", "checkout/production/2", DeployResult.Failed, T0, CancellationToken.None, watchFailed: true);

        var again = await Should.ThrowAsync<Domain.InvalidInputException>(() =>
            DeployFinish.AmendAsync(_store, "checkout", "production", "checkout/production/2", DeployResult.Failed, T0.AddMinutes(1), CancellationToken.None, watchFailed: true));

        again.Message.ShouldBe("--deploy checkout/production/2 is already recorded failed; nothing recorded");
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
