using System.Diagnostics;
using Tollgate.Delivery.Deploys;
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

    private async Task RecordV2Async(DeployWatch watch, DeployLease? lease = null)
    {
        var deploy = new Deploy("v2", "checkout", "production", "v2", DeployIntent.Planned, T0) { FinishedAt = T0.AddSeconds(5), Result = DeployResult.Success, Lease = lease?.Text };
        await _deploys.Store.RecordAsync([new DeployEvent("v2", "test", deploy), new DeployWatchEvent("watch-v2", "test", "v2", watch, T0.AddSeconds(5))]);
    }

    private Task CheckAsync(DateTimeOffset now, DateTimeOffset? starting = null, string? judge = null) =>
        WatchUnderWay.CheckAsync(_deploys.Store, _deploys.Ledger, "checkout", "production", now, TimeSpan.FromMinutes(4), CancellationToken.None, starting, judge);

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
    public async Task CheckAsync_WatcherKilledOutright_RefusedSayingItIsGoneAndNamingTheDeployWatchThatJudgesItNow()
    {
        // Report 18 #1: a deploy run SIGKILLed mid-watch was "being watched", "stop its watch", for up to --max-wait.
        using var run = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        var lease = new DeployLease(run.Id, new DateTimeOffset(run.StartTime.ToUniversalTime(), TimeSpan.Zero), T0.AddMinutes(4), Environment.MachineName);
        run.Kill(); // SIGKILL
        await run.WaitForExitAsync();
        await RecordV2Async(DeployWatch.Watching, lease);

        var error = await Should.ThrowAsync<InvalidInputException>(() => CheckAsync(T0.AddMinutes(1), judge: "tollgate deploy watch checkout --env production --spec slo.yaml --rollback-cmd ./rollback.sh"));
        var unnamed = await Should.ThrowAsync<InvalidInputException>(() => CheckAsync(T0.AddMinutes(1)));

        error.Message.ShouldBe($"v2 of checkout in production was being watched by tollgate, pid {run.Id} on {Environment.MachineName}, which is gone (killed before its watch decided; deployed 12:00:05Z): "
            + "no verdict is coming and there is no watch to stop, and a deploy now would be judged on its traffic and it on this one's; judge it now "
            + "(tollgate deploy watch checkout --env production --spec slo.yaml --rollback-cmd ./rollback.sh: it records its verdict, and rolls it back if it fails) "
            + "and run this again, or wait until 12:04:05Z (its --max-wait); nothing was deployed or recorded");
        unnamed.Message.ShouldContain("judge it now (tollgate deploy watch checkout --env production --spec SLO.yaml --rollback-cmd CMD: it records");
    }

    [Fact]
    public async Task CheckAsync_WatcherAlive_RefusedNamingItsProcess()
    {
        await RecordV2Async(DeployWatch.Watching, DeployLease.Current(T0, TimeSpan.FromMinutes(4)));

        var error = await Should.ThrowAsync<InvalidInputException>(() => CheckAsync(T0.AddMinutes(1)));

        error.Message.ShouldStartWith($"v2 of checkout in production is being watched by tollgate, pid {Environment.ProcessId} on {Environment.MachineName} (deployed 12:00:05Z; "
            + "its watch ends by 12:04:05Z at the latest): a deploy now would be judged on its traffic and it on this one's; wait for its verdict");
    }

    [Fact]
    public async Task CheckAsync_WatcherOnAnotherHost_RefusedUntilTheDeadlineNamingThatHostAndPid()
    {
        await RecordV2Async(DeployWatch.Watching, new DeployLease(4242, T0.AddHours(-1), T0.AddMinutes(4), "build-runner-7"));

        var error = await Should.ThrowAsync<InvalidInputException>(() => CheckAsync(T0.AddMinutes(1)));
        await CheckAsync(T0.AddMinutes(5));

        error.Message.ShouldStartWith($"v2 of checkout in production is being watched by tollgate, pid 4242 on build-runner-7 (not this host, {Environment.MachineName}: "
            + "whether it still runs cannot be seen from here, check on build-runner-7) (deployed 12:00:05Z; its watch ends by 12:04:05Z at the latest): ");
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
