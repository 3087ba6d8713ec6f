using Tollgate.Delivery.Deploys;
using Tollgate.Delivery.Dora;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Dora;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>
/// <c>deploy finish --deploy ID --result failed</c>: a deploy that finished as a success, found failed after the fact
/// (or whose failure the ledger refused when it happened), is marked failed, and DORA's change failure rate counts it.
/// </summary>
public sealed class DeployAmendTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DeployLedger.T0;
    private static readonly DoraWindow Window = new(T0.AddDays(-2), T0.AddDays(1));
    private static readonly Deploy V2 = new("checkout/production/v2@1", "checkout", "production", "v2", DeployIntent.Planned, T0) { FinishedAt = T0.AddMinutes(3), Result = DeployResult.Success };
    private DeployLedger _deploys = null!;

    public async Task InitializeAsync()
    {
        _deploys = await DeployLedger.OpenAsync("tollgate-amend-");
        await _deploys.Store.RecordAsync([new DeployEvent(V2.Id, "test", V2)]);
    }

    public async Task DisposeAsync() => await _deploys.DisposeAsync();

    private async Task<Deploy> AmendAsync(string id) =>
        (await DeployFinish.AmendAsync(_deploys.Store, "checkout", "production", id, DeployResult.Failed, T0.AddHours(1), CancellationToken.None)).Deploy;

    private Task<DoraResult> DoraAsync() => DoraQuery.RunAsync(_deploys.Store, null, "production", Window, DoraDefinitions.Recommended, CancellationToken.None);

    [Fact]
    public async Task AmendAsync_AFinishedSuccess_IsRecordedFailedAtItsOwnFinishTimeAndCountedByDora()
    {
        (await DoraAsync()).Services.ShouldHaveSingleItem().FailedDeployments.ShouldBe(0);

        var amended = await AmendAsync(V2.Id);

        amended.Result.ShouldBe(DeployResult.Failed);
        var v2 = (await _deploys.Store.DeploysAsync("checkout", "production")).Single(d => d.Id == V2.Id);
        (v2.Result, v2.FinishedAt).ShouldBe((DeployResult.Failed, V2.FinishedAt), "its span is kept");
        var checkout = (await DoraAsync()).Services.ShouldHaveSingleItem();
        (checkout.Deployments, checkout.FailedDeployments).ShouldBe((2, 1));
        checkout.ChangeFailureRate.ShouldBe(0.5);
        var fromHistory = (await DoraQuery.RunFromHistoryAsync(_deploys.Store, null, "production", Window, DoraDefinitions.Recommended, CancellationToken.None)).Services.ShouldHaveSingleItem();
        (fromHistory with { Levels = checkout.Levels }).ShouldBe(checkout, "the fast path and the full history agree");
    }

    [Fact]
    public async Task AmendAsync_AnUnjudgedDeployLeftWatching_CountsAsFailedNotUnwatched()
    {
        await _deploys.Store.RecordAsync([new DeployWatchEvent("w", "tollgate.deploy.watch", V2.Id, DeployWatch.Watching, T0.AddMinutes(3))]);
        (await DoraAsync()).Services.ShouldHaveSingleItem().Unwatched.ShouldBe(1);

        await AmendAsync(V2.Id);

        var checkout = (await DoraAsync()).Services.ShouldHaveSingleItem();
        (checkout.FailedDeployments, checkout.Unwatched, checkout.ChangeFailureRate).ShouldBe((1, 0, 0.5));
    }

    [Fact]
    public async Task AmendAsync_AlreadyFailedUnknownOrRunning_RefusedWithOneLineNothingRecorded()
    {
        await AmendAsync(V2.Id);
        var running = new Deploy("checkout/production/v3@2", "checkout", "production", "v3", DeployIntent.Planned, T0.AddMinutes(10));
        await _deploys.Store.RecordAsync([new DeployEvent(running.Id, "test", running)]);

        (await Should.ThrowAsync<InvalidInputException>(() => AmendAsync(V2.Id))).Message
            .ShouldBe("--deploy checkout/production/v2@1 is already recorded failed; nothing recorded");
        (await Should.ThrowAsync<InvalidInputException>(() => AmendAsync("checkout/production/v9@1"))).Message
            .ShouldBe("--deploy checkout/production/v9@1: no such deploy of checkout in production is recorded; nothing recorded");
        (await Should.ThrowAsync<InvalidInputException>(() => AmendAsync(running.Id))).Message
            .ShouldBe("--deploy checkout/production/v3@2 is still running: finish it with tollgate deploy finish checkout --env production --result failed; nothing recorded");
        (await Should.ThrowAsync<InvalidInputException>(() =>
            DeployFinish.AmendAsync(_deploys.Store, "checkout", "production", "v1", DeployResult.Success, T0, CancellationToken.None))).Message.ShouldStartWith("--deploy marks a finished deploy failed");
        (await _deploys.Store.DeploysAsync("checkout", "production")).Select(d => (d.Version, d.Result))
            .ShouldBe([("v1", DeployResult.Success), ("v2", DeployResult.Failed), ("v3", DeployResult.Running)]);
    }

    [Fact]
    public async Task AmendAsync_ByItsKey_ReadsNoHistoryAndAKeyOfAnotherTargetIsUnknown()
    {
        var store = new InterleavingStore(_deploys.Store);

        var amended = (await DeployFinish.AmendAsync(store, "checkout", "production", V2.Id, DeployResult.Failed, T0.AddHours(1), CancellationToken.None)).Deploy;
        var otherTarget = await Should.ThrowAsync<InvalidInputException>(() =>
            DeployFinish.AmendAsync(store, "checkout", "staging", V2.Id, DeployResult.Failed, T0.AddHours(1), CancellationToken.None));

        (amended.Id, amended.Result).ShouldBe((V2.Id, DeployResult.Failed));
        otherTarget.Message.ShouldBe("--deploy checkout/production/v2@1: no such deploy of checkout in staging is recorded; nothing recorded");
        store.HistoryReads.ShouldBe(0);
    }

    /// <summary>
    /// The walk of /work/notes/w15-repro (dora-history.sh): six production deploys of checkout in November 2026, v3 failed
    /// as it finished and rolled back, v4 live in production for 26 hours before it was marked failed, then a hotfix.
    /// </summary>
    [Fact]
    public async Task AmendAsync_ADeployThatRanInProduction_KeepsItsChangesInLeadTime()
    {
        static DateTimeOffset At(string time) => DateTimeOffset.Parse($"2026-11-{time}:00Z", System.Globalization.CultureInfo.InvariantCulture);
        static DeployEvent Walk(string version, DeployIntent intent, string started, string finished, DeployResult result, params (string Id, string At)[] changes)
        {
            var key = $"checkout/production/{version}@{At(started).ToUnixTimeMilliseconds()}";
            return new DeployEvent(key, "test", new Deploy(key, "checkout", "production", version, intent, At(started))
            {
                FinishedAt = At(finished), Result = result, Changes = [.. changes.Select(c => new Change(c.Id, At(c.At)))],
            });
        }

        var v4 = Walk("v4", DeployIntent.Planned, "10T12:00", "10T12:05", DeployResult.Success, ("c4", "05T07:00"), ("c5", "10T11:00"));
        await _deploys.Store.RecordAsync(
        [
            Walk("v1", DeployIntent.Planned, "02T10:00", "02T10:05", DeployResult.Success, ("c1", "01T10:00")),
            Walk("v2", DeployIntent.Planned, "03T10:00", "03T10:10", DeployResult.Success, ("c2", "03T08:00"), ("c3", "02T20:00")),
            Walk("v3", DeployIntent.Planned, "05T09:00", "05T09:10", DeployResult.Failed, ("c4", "05T07:00")),
            Walk("v2", DeployIntent.Rollback, "05T09:20", "05T09:30", DeployResult.Success),
            v4,
            Walk("v5", DeployIntent.Hotfix, "11T14:00", "11T14:10", DeployResult.Success, ("c6", "11T13:30")),
        ]);
        await DeployFinish.AmendAsync(_deploys.Store, "checkout", "production", v4.Deploy.Id, DeployResult.Failed, At("12T10:00"), CancellationToken.None);
        var window = new DoraWindow(At("01T00:00"), At("15T00:00"));

        var checkout = (await DoraQuery.RunAsync(_deploys.Store, null, "production", window, DoraDefinitions.Recommended, CancellationToken.None)).Services.ShouldHaveSingleItem();
        var fromHistory = (await DoraQuery.RunFromHistoryAsync(_deploys.Store, null, "production", window, DoraDefinitions.Recommended, CancellationToken.None)).Services.ShouldHaveSingleItem();

        (checkout.Deployments, checkout.FailedDeployments).ShouldBe((6, 2), "v3, and v4 marked failed");
        checkout.LeadTimeHours.Samples.ShouldBe(6, "v4 shipped c4 (125.1 h) and c5 (1.1 h) before it was found failed");
        checkout.LeadTimeHours.Median!.Value.ShouldBe(8.1667, 1e-4);
        checkout.LeadTimeHours.P90!.Value.ShouldBe(74.6, 0.05);
        (fromHistory with { Levels = checkout.Levels }).ShouldBe(checkout, "the fast path and the full history agree");
    }
}
