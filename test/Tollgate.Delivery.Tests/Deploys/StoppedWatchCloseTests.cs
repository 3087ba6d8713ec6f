using Tollgate.Delivery.Watch;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>
/// A deploy whose watch was stopped and that a later deploy replaced (report 11 #9): <c>deploy watch --close ID</c>
/// records its watch held, so it no longer stays open (out of DORA's failure rate) for good; the newest is not closed.
/// </summary>
public sealed class StoppedWatchCloseTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DeployLedger.T0;
    private DeployLedger _deploys = null!;

    public async Task InitializeAsync()
    {
        _deploys = await DeployLedger.OpenAsync("tollgate-close-");
        var stopped = new Deploy("v2", "checkout", "production", "v2", DeployIntent.Planned, T0) { FinishedAt = T0.AddSeconds(5), Result = DeployResult.Success };
        var later = new Deploy("v3", "checkout", "production", "v3", DeployIntent.Planned, T0.AddMinutes(2)) { FinishedAt = T0.AddMinutes(2), Result = DeployResult.Success };
        await _deploys.Store.RecordAsync([
            new DeployEvent("v2", "test", stopped), new DeployWatchEvent("watch-v2", "test", "v2", DeployWatch.Watching, T0.AddSeconds(5)),
            new DeployEvent("v3", "test", later), new DeployWatchEvent("watch-v3", "test", "v3", DeployWatch.Watching, T0.AddMinutes(2)),
        ]);
    }

    public Task DisposeAsync() => _deploys.DisposeAsync().AsTask();

    [Fact]
    public async Task CloseAsync_StoppedWatchReplacedByALaterDeploy_RecordedHeld()
    {
        var line = await StoppedWatchClose.CloseAsync(_deploys.Store, "checkout", "production", "v2", T0.AddMinutes(5), CancellationToken.None);

        line.ShouldStartWith("closed the watch of v2 of checkout in production unjudged: v3 replaced it at 2026-03-02T12:02:00Z; recorded held");
        var deploys = await _deploys.Store.DeploysAsync("checkout", "production");
        deploys.Single(d => d.Id == "v2").Watch.ShouldBe(DeployWatch.Held);
        deploys.Single(d => d.Id == "v3").Watch.ShouldBe(DeployWatch.Watching, "only the deploy named is closed");
    }

    [Fact]
    public async Task CloseAsync_TheNewestDeploy_RefusedItCanStillBeWatched()
    {
        var error = await Should.ThrowAsync<InvalidInputException>(() => StoppedWatchClose.CloseAsync(_deploys.Store, "checkout", "production", "v3", T0.AddMinutes(5), CancellationToken.None));

        error.Message.ShouldBe("--close v3: v3 is the newest deploy of checkout in production, so its watch can still judge it: run deploy watch without --close; nothing was recorded");
        (await _deploys.Store.DeploysAsync("checkout", "production")).Single(d => d.Id == "v3").Watch.ShouldBe(DeployWatch.Watching);
    }

    [Fact]
    public async Task CloseAsync_ManyDeploysOfTheService_ReadsTheDeployByItsKeyNotTheHistory()
    {
        var store = new InterleavingStore(_deploys.Store);

        var line = await StoppedWatchClose.CloseAsync(store, "checkout", "production", "v2", T0.AddMinutes(5), CancellationToken.None);
        var otherTarget = await Should.ThrowAsync<InvalidInputException>(() => StoppedWatchClose.CloseAsync(store, "checkout", "staging", "v3", T0.AddMinutes(5), CancellationToken.None));

        line.ShouldStartWith("closed the watch of v2 of checkout in production unjudged: v3 replaced it at 2026-03-02T12:02:00Z");
        otherTarget.Message.ShouldBe("--close v3: no deploy of checkout in staging has that id (the key deploy start and the stop's line print); nothing was recorded");
        store.HistoryReads.ShouldBe(0);
    }
}
