using Tollgate.Canary.Spec;
using Tollgate.Delivery.Deploys;
using Tollgate.Domain.Delivery;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>
/// Tollgate stopped (its token cancelled, as SIGINT and SIGTERM do) during the watch window, and the commands a stopped
/// or refused deploy prints: they carry the ledger and policy options the user gave, so pasted they record in the
/// same ledger.
/// </summary>
public sealed class StoppedWatchTests : IAsyncLifetime
{
    private const string Connection = " --ledger /srv/tollgate/ledger.db --policy ci/tollgate.yaml";
    private static readonly DateTimeOffset T0 = DeployLedger.T0;
    private DeployLedger _deploys = null!;

    public async Task InitializeAsync() => _deploys = await DeployLedger.OpenAsync("tollgate-stoppedwatch-");

    private string File(string name) => Path.Combine(_deploys.WorkingDirectory, name);

    private CanarySpec Spec()
    {
        System.IO.File.WriteAllText(File("slo.yaml"), DeployGateTests.Spec);
        return SpecLoader.Load(File("slo.yaml"));
    }

    private async Task RecordV2Async(DeployResult result)
    {
        var deploy = new Deploy("production/v2", "checkout", "production", "v2", DeployIntent.Planned, T0) { FinishedAt = T0, Result = result };
        await _deploys.Store.RecordAsync([new DeployEvent(deploy.Id, "test", deploy)]);
    }

    [Fact]
    public async Task WatchAsync_StoppedBeforeTheWatchDecided_RecordsHoldLeavesItUnverifiedAndSaysHowToResume()
    {
        // Stopped during the window, no verdict of kind deploy was recorded and nothing said what to run.
        await RecordV2Async(DeployResult.Success);
        const string resume = "tollgate deploy watch checkout --env production --spec slo.yaml --rollback-cmd ./rollback.sh --timeout 10m" + Connection;
        var request = new DeployWatchRequest("checkout", "production", Spec(), TimeSpan.FromSeconds(60))
        {
            RollbackCommand = "touch " + File("rolled-back"), ResumeCommand = resume, Connection = Connection,
        };
        var log = new StringWriter();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1)); // the fake clock stands still: the first look never comes

        await Should.ThrowAsync<OperationCanceledException>(() =>
            new DeployGate(_deploys.Store, new SyntheticPrometheus(T0, 0.05), log).WatchAsync(request, _deploys.Context() with { Cancellation = cancel.Token }));

        log.ToString().ShouldContain($"the watch of v2 of checkout in production was stopped with Tollgate before it decided: v2 is live and unjudged; to judge it (and roll back if it fails), run {resume}; "
            + $"once a later deploy of checkout in production is recorded, v2 can no longer be judged: tollgate deploy watch checkout --env production --close production/v2{Connection} closes its watch (held)\n");
        var verdict = (await _deploys.Ledger.RecentAsync("deploy", 10)).ShouldHaveSingleItem();
        verdict.Verdict.ShouldBe("hold");
        System.IO.File.Exists(File("rolled-back")).ShouldBeFalse();
        var v2 = (await _deploys.Store.DeploysAsync("checkout", "production")).Single(d => d.Version == "v2");
        v2.Watch.ShouldBe(DeployWatch.Watching);
        v2.Verified.ShouldBeFalse("an unjudged deploy is never a verified rollback target");
    }

    [Fact]
    public async Task RunAsync_StoppedWhileTheDeployCommandRuns_ThePrintedCommandsKeepTheLedgerAndPolicy()
    {
        var request = new DeployRunRequest("checkout", "v2", "production", "sleep 30", "./rollback.sh", Spec(), TimeSpan.FromSeconds(60)) { Connection = Connection };
        var log = new StringWriter();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        await Should.ThrowAsync<OperationCanceledException>(() =>
            new DeployGate(_deploys.Store, new SyntheticPrometheus(T0, 0.001), log).RunAsync(request, _deploys.Context() with { Cancellation = cancel.Token }));

        log.ToString().ShouldContain(
            $"tollgate deploy start checkout --version v1 --env production --intent rollback{Connection} && tollgate deploy finish checkout --env production --result success{Connection}\n");
    }

    [Fact]
    public async Task WatchAsync_NewestDeployRecordedFailed_TheRefusalsCommandsKeepTheLedgerAndPolicy()
    {
        await RecordV2Async(DeployResult.Failed);
        var request = new DeployWatchRequest("checkout", "production", Spec(), TimeSpan.FromSeconds(60)) { Connection = Connection };

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() =>
            new DeployGate(_deploys.Store, new SyntheticPrometheus(T0, 0.001), TextWriter.Null).WatchAsync(request, _deploys.Context()));

        error.Message.ShouldEndWith($"tollgate deploy start checkout --version v1 --env production --intent rollback{Connection}, then tollgate deploy finish checkout --env production --result success{Connection}");
    }

    public Task DisposeAsync() => _deploys.DisposeAsync().AsTask();
}
