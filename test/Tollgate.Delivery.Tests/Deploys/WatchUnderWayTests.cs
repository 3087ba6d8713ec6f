using Tollgate.Delivery.Watch;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>
/// A second <c>deploy run</c> of a service and environment whose newest deploy is still being watched (report 11 #4):
/// refused, one line naming the version watched and until when, so neither watch judges the other's traffic; allowed
/// once that watch ended, or past the deadline any watch of it could last.
/// </summary>
public sealed class WatchUnderWayTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DeployLedger.T0;
    private DeployLedger _deploys = null!;

    public async Task InitializeAsync() => _deploys = await DeployLedger.OpenAsync("tollgate-underway-");

    public Task DisposeAsync() => _deploys.DisposeAsync().AsTask();

    private async Task RecordV2Async(DeployWatch watch)
    {
        var deploy = new Deploy("v2", "checkout", "production", "v2", DeployIntent.Planned, T0) { FinishedAt = T0.AddSeconds(5), Result = DeployResult.Success };
        await _deploys.Store.RecordAsync([new DeployEvent("v2", "test", deploy), new DeployWatchEvent("watch-v2", "test", "v2", watch, T0.AddSeconds(5))]);
    }

    private Task CheckAsync(DateTimeOffset now, DateTimeOffset? starting = null) =>
        WatchUnderWay.CheckAsync(_deploys.Store, _deploys.Ledger, "checkout", "production", now, TimeSpan.FromMinutes(4), CancellationToken.None, starting);

    private Task RecordRunningV2Async() =>
        _deploys.Store.RecordAsync([new DeployEvent("v2", "test", new Deploy("v2", "checkout", "production", "v2", DeployIntent.Planned, T0))]);

    [Fact]
    public async Task CheckAsync_NewestDeployWatchedAndNoVerdict_RefusedNamingIt()
    {
        await RecordV2Async(DeployWatch.Watching);

        var error = await Should.ThrowAsync<InvalidInputException>(() => CheckAsync(T0.AddMinutes(1)));

        error.Message.ShouldBe("v2 of checkout in production is being watched (deployed 12:00:05Z; its watch ends by 12:04:05Z at the latest): "
            + "a deploy now would be judged on its traffic and it on this one's; wait for its verdict (or stop its watch, which records its hold) and run this again; nothing was deployed or recorded");
    }

    [Fact]
    public async Task CheckAsync_WatchEnded_Allowed()
    {
        await RecordV2Async(DeployWatch.Passed);

        await CheckAsync(T0.AddMinutes(1));
    }

    [Fact]
    public async Task CheckAsync_PastTheLongestWatch_Allowed()
    {
        await RecordV2Async(DeployWatch.Watching);

        await CheckAsync(T0.AddMinutes(5));
    }

    [Fact]
    public async Task CheckAsync_StoppedWatchsHoldBehindMoreThanAHundredOtherDeployVerdicts_Allowed()
    {
        await RecordV2Async(DeployWatch.Watching);
        _deploys.Clock.Advance(TimeSpan.FromMinutes(1));
        await _deploys.Ledger.RecordAsync(new Report("deploy", "checkout@production v2", "sha256:stopped", Verdict.Hold, [], []));
        for (var i = 0; i < 150; i++)
        {
            await _deploys.Ledger.RecordAsync(new Report("deploy", $"svc{i}@production v1", "sha256:" + i, Verdict.Pass, [], []));
        }

        await CheckAsync(T0.AddMinutes(2));
    }

    [Fact]
    public async Task CheckAsync_RunningDeployNotYetWatched_AllowedAsDeployStartRecordsSecondStarts()
    {
        await RecordRunningV2Async();

        await CheckAsync(T0.AddMinutes(1));
    }

    [Fact]
    public async Task CheckAsync_BackfillStartingBeforeTheWatchedDeploy_Allowed()
    {
        await RecordV2Async(DeployWatch.Watching);

        await CheckAsync(T0.AddMinutes(1), starting: T0.AddHours(-2));
    }
}
