using Tollgate.Canary.Spec;
using Tollgate.Delivery.Deploys;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Dora;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger.Delivery;
using Tollgate.Testing;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>
/// The edges of the watch → rollback unit on each engine's ledger (SQLite, real PostgreSQL) with real shell hooks: a deploy superseded while it was
/// judged, what the rollback command is told, and a Tollgate stopped (its token cancelled, as SIGINT does) while the
/// rollback or the deploy command runs. v1 of checkout (production) succeeded the day before; each watch is an hour
/// after its deploy, every look judged without waiting.
/// </summary>
public abstract class RollbackEdgeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DeployLedger.T0;
    private DeployLedger _deploys = null!;

    /// <summary>The <c>--ledger</c> of the engine under test: null for SQLite, a fresh PostgreSQL database.</summary>
    protected abstract Task<string?> ConnectionAsync();

    public async Task InitializeAsync() => _deploys = await DeployLedger.OpenAsync("tollgate-rollbackedge-", await ConnectionAsync());

    private string File(string name) => Path.Combine(_deploys.WorkingDirectory, name);

    private CanarySpec Spec()
    {
        System.IO.File.WriteAllText(File("slo.yaml"), DeployGateTests.Spec);
        return SpecLoader.Load(File("slo.yaml"));
    }

    private async Task RecordAsync(string version, DateTimeOffset at, DeployResult result = DeployResult.Success, DeployWatch? watch = null)
    {
        var deploy = new Deploy($"production/{version}", "checkout", "production", version, DeployIntent.Planned, at) { FinishedAt = at, Result = result };
        await _deploys.Store.RecordAsync([new DeployEvent(deploy.Id, "test", deploy)]);
        if (watch is { } w)
        {
            await _deploys.Store.RecordAsync([new DeployWatchEvent($"w:{deploy.Id}", "test", deploy.Id, w, at)]);
        }
    }

    /// <summary>Watches v2 (deployed at T0, its errors at 5 %: the watch fails) with <paramref name="rollback"/> on <paramref name="store"/>.</summary>
    private async Task<(Report Report, string Log)> WatchFailingV2Async(string rollback, IDeliveryStore? store = null, CancellationToken cancellationToken = default)
    {
        await RecordAsync("v2", T0);
        _deploys.Clock.SetUtcNow(T0.AddHours(1));
        var request = new DeployWatchRequest("checkout", "production", Spec(), TimeSpan.FromSeconds(60)) { RollbackCommand = rollback, MaxWait = TimeSpan.FromMinutes(20) };
        var log = new StringWriter();
        var gate = new DeployGate(store ?? _deploys.Store, new SyntheticPrometheus(T0, 0.05), log);
        try
        {
            return (await gate.WatchAsync(request, _deploys.Context() with { Cancellation = cancellationToken }), log.ToString());
        }
        finally
        {
            Log = log.ToString();
        }
    }

    private string Log { get; set; } = "";

    private async Task<IReadOnlyList<(string Version, DeployResult Result, DeployIntent Intent)>> DeploysAsync() =>
        [.. (await _deploys.Store.DeploysAsync("checkout", "production")).Select(d => (d.Version, d.Result, d.Intent))];

    /// <summary>A token cancelled once <paramref name="marker"/> exists: the hook that writes it has started.</summary>
    private CancellationTokenSource CancelOnceWritten(string marker)
    {
        var cancel = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            while (!System.IO.File.Exists(File(marker)))
            {
                await Task.Delay(20);
            }

            await cancel.CancelAsync();
        });
        return cancel;
    }

    [Fact]
    public async Task RunAsync_RollbackCommandTakesTime_TheRollbackIsRecordedFromItsStartToItsEnd()
    {
        // The rollback row started when its command ended: every rollback looked instant in the ledger.
        await RecordAsync("v2", T0, DeployResult.Failed);
        var v2 = (await _deploys.Store.DeploysAsync("checkout", "production")).Single(d => d.Version == "v2");
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(T0.AddMinutes(5)) { AutoAdvanceAmount = TimeSpan.FromSeconds(6) };

        var outcome = await Rollback.RunAsync(_deploys.Store, v2, "true", TimeSpan.FromSeconds(30), TextWriter.Null, _deploys.WorkingDirectory, clock, "during its watch", CancellationToken.None);

        outcome.Command!.Succeeded.ShouldBeTrue();
        var rollback = (await _deploys.Store.DeploysAsync("checkout", "production")).Single(d => d.Intent == DeployIntent.Rollback);
        (rollback.FinishedAt - rollback.StartedAt).ShouldBe(TimeSpan.FromSeconds(6), "each reading of the clock moves it 6 s: the command's start, then its end");
    }

    [Fact]
    public async Task WatchAsync_LaterDeployStartedDuringTheWatch_MarksItFailedWithoutRollingBack()
    {
        var v3 = new Deploy("production/v3", "checkout", "production", "v3", DeployIntent.Planned, T0.AddMinutes(30));
        // the watch's first record ("watching") is followed by another pipeline's deploy of v3
        var store = new InterleavingStore(_deploys.Store) { AfterRecord = other => other.RecordAsync([new DeployEvent(v3.Id, "ci", v3)]) };

        var (report, log) = await WatchFailingV2Async($"touch {File("rolled-back")}", store);

        report.Verdict.ShouldBe(Verdict.Fail, report.Reason);
        log.ShouldContain("v3 superseded v2 of checkout in production during its watch: not rolling back\n");
        log.ShouldNotContain("rolling back checkout");
        System.IO.File.Exists(File("rolled-back")).ShouldBeFalse("the hook would take production from the live v3 back to v1");
        var finding = report.Findings.First(f => f.Rule == "watch-window");
        finding.Message.ShouldEndWith("; not rolled back: v3 superseded it (production/v3), so the rollback command was not run and no rollback is recorded");
        finding.Evidence["supersededBy"].ShouldBe("production/v3");
        report.Summary.ShouldContain(new KeyValuePair<string, long>("rolledBack", 0));
        (await DeploysAsync()).ShouldBe([("v1", DeployResult.Success, DeployIntent.Planned), ("v2", DeployResult.Failed, DeployIntent.Planned), ("v3", DeployResult.Running, DeployIntent.Planned)]);
    }

    [Fact]
    public async Task RunAsync_LaterDeployStartedWhileTheDeployCommandRan_FailedWithoutRollingBack()
    {
        var v3 = new Deploy("production/v3", "checkout", "production", "v3", DeployIntent.Planned, T0.AddMinutes(1));
        var store = new InterleavingStore(_deploys.Store) { AfterRecord = other => other.RecordAsync([new DeployEvent(v3.Id, "ci", v3)]) };
        var request = new DeployRunRequest("checkout", "v2", "production", "exit 4", $"touch {File("rolled-back")}", Spec(), TimeSpan.FromSeconds(20));
        var log = new StringWriter();

        var report = await new DeployGate(store, new SyntheticPrometheus(T0, 0.001), log).RunAsync(request, _deploys.Context());

        report.Verdict.ShouldBe(Verdict.Fail);
        log.ToString().ShouldContain("v3 superseded v2 of checkout in production while its deploy command ran: not rolling back\n");
        System.IO.File.Exists(File("rolled-back")).ShouldBeFalse();
        (await DeploysAsync()).ShouldBe([("v1", DeployResult.Success, DeployIntent.Planned), ("v2", DeployResult.Failed, DeployIntent.Planned), ("v3", DeployResult.Running, DeployIntent.Planned)]);
    }

    [Fact]
    public async Task WatchAsync_RollbackCommand_IsToldTheVersionChosenPassingOverAnUnverifiedOne()
    {
        await RecordAsync("v1b", T0.AddHours(-2), watch: DeployWatch.Held); // newer than v1, but its watch held: passed over
        var hook = $"printf '%s|%s|%s|%s|%s\\n' \"$TOLLGATE_ROLLBACK_VERSION\" \"$TOLLGATE_FAILED_VERSION\" \"$TOLLGATE_SERVICE\" \"$TOLLGATE_ENVIRONMENT\" {{version}} > {File("hook.txt")}";

        var (report, log) = await WatchFailingV2Async(hook);

        report.Verdict.ShouldBe(Verdict.Fail, report.Reason);
        log.ShouldContain("rolling back checkout in production to v1 (v1b is passed over: its watch held and never verified it): ");
        System.IO.File.ReadAllText(File("hook.txt")).ShouldBe("v1|v2|checkout|production|v1\n");
        (await DeploysAsync())[^1].ShouldBe(("v1", DeployResult.Success, DeployIntent.Rollback));
    }

    [Fact]
    public async Task RunAsync_DeployCommand_IsToldTheVersionServiceAndEnvironment()
    {
        var deploy = $"printf '%s|%s|%s\\n' \"$TOLLGATE_VERSION\" \"$TOLLGATE_SERVICE\" \"$TOLLGATE_ENVIRONMENT\" > {File("deploy.txt")}; exit 4";
        var request = new DeployRunRequest("checkout", "v2", "production", deploy, "true", Spec(), TimeSpan.FromSeconds(20));

        await new DeployGate(_deploys.Store, new SyntheticPrometheus(T0, 0.001), new StringWriter()).RunAsync(request, _deploys.Context());

        System.IO.File.ReadAllText(File("deploy.txt")).ShouldBe("v2|checkout|production\n");
    }

    [Fact]
    public async Task WatchAsync_VersionWithShellText_ReachesTheHookAsData()
    {
        await RecordAsync("v1$(touch pwned)'\"", T0.AddHours(-2));

        await WatchFailingV2Async($"printf '%s\\n' {{version}} > {File("hook.txt")}; echo 'v={{version}}' >> {File("hook.txt")}");

        System.IO.File.ReadAllText(File("hook.txt")).ShouldBe("v1$(touch pwned)'\"\nv=v1$(touch pwned)'\"\n");
        System.IO.File.Exists(File("pwned")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("eval {version}", "where the shell would run the version as shell code")]
    [InlineData("source {version}", "pass it as an argument, e.g. './rollback.sh {version}'")]
    [InlineData("echo $(({version} + 1))", "in arithmetic")]
    [InlineData("ssh deploy@host ./undo.sh {version}", "e.g. 'printf \"%s\\n\" {version} | ssh host ./rollback.sh'")]
    public void Checked_VersionWhereItWouldNotBeData_IsBadInput(string command, string why)
    {
        Should.Throw<InvalidInputException>(() => RollbackHook.Checked(command)).Message.ShouldStartWith($"--rollback-cmd '{command}' has {{version}} ");
        Should.Throw<InvalidInputException>(() => RollbackHook.Checked(command)).Message.ShouldContain(why);
    }

    [Fact]
    public void Checked_CommandWithoutPlaceholder_IsKeptAsGiven() =>
        RollbackHook.Checked("kubectl rollout undo deploy/checkout").ShouldBe("kubectl rollout undo deploy/checkout");

    [Fact]
    public async Task WatchAsync_StoppedWhileTheRollbackCommandRuns_RecordsTheFailureAndAFailedRollback()
    {
        using var cancel = CancelOnceWritten("started");

        await Should.ThrowAsync<OperationCanceledException>(() => WatchFailingV2Async($"touch {File("started")}; sleep 30; touch {File("finished")}", cancellationToken: cancel.Token));

        System.IO.File.Exists(File("finished")).ShouldBeFalse("the hook is stopped with Tollgate");
        Log.ShouldContain("the rollback of checkout in production to v1 was stopped with Tollgate: recorded as failed; v2 is recorded failed and may still be live: roll back by hand\n");
        var deploys = await _deploys.Store.DeploysAsync("checkout", "production");
        deploys.Select(d => (d.Version, d.Result, d.Intent, d.Remediates))
            .ShouldBe([("v1", DeployResult.Success, DeployIntent.Planned, null), ("v2", DeployResult.Failed, DeployIntent.Planned, null), ("v1", DeployResult.Failed, DeployIntent.Rollback, "production/v2")]);
        var verdicts = await _deploys.Ledger.RecentAsync("deploy", 10);
        verdicts.Select(v => v.Verdict).ShouldBe(["fail", "fail"], "as the rollback command started (report 18 #3), and the decision, recorded though Tollgate was stopped");
        verdicts[1].Findings.ShouldContain("its command is under way");
        verdicts[0].Findings.ShouldContain("may still be live: roll back by hand");
        var dora = DoraCalculator.Compute(deploys, [], new DoraWindow(T0.AddDays(-2), T0.AddDays(1)), "production", DoraDefinitions.Recommended).Services[0];
        dora.FailedDeployments.ShouldBe(2, "v2 and its rollback cut short, as a timed-out rollback counts");
        dora.Unrecovered.ShouldBe(2);
        dora.RecoveryMinutes.Samples.ShouldBe(0, "a rollback cut short recovered nothing");
    }

    [Fact]
    public async Task RunAsync_StoppedWhileTheDeployCommandRuns_RecordsAFailedDeployAndSaysHowToRollBack()
    {
        using var cancel = CancelOnceWritten("started");
        var request = new DeployRunRequest("checkout", "v2", "production", $"touch {File("started")}; sleep 30; touch {File("deployed")}", $"./rollback.sh {{version}}", Spec(), TimeSpan.FromSeconds(60));
        var log = new StringWriter();

        await Should.ThrowAsync<OperationCanceledException>(() =>
            new DeployGate(_deploys.Store, new SyntheticPrometheus(T0, 0.001), log).RunAsync(request, _deploys.Context() with { Cancellation = cancel.Token }));

        System.IO.File.Exists(File("deployed")).ShouldBeFalse("the deploy command is stopped with Tollgate");
        log.ToString().ShouldContain(
            "the deploy command was stopped with Tollgate: v2 of checkout is recorded failed in production and not rolled back; to roll back to v1, run "
            + "TOLLGATE_ROLLBACK_VERSION='v1' TOLLGATE_FAILED_VERSION='v2' TOLLGATE_SERVICE='checkout' TOLLGATE_ENVIRONMENT='production' ./rollback.sh \"${TOLLGATE_ROLLBACK_VERSION}\", then record it: "
            + "tollgate deploy start checkout --version v1 --env production --intent rollback && tollgate deploy finish checkout --env production --result success\n");
        (await DeploysAsync()).ShouldBe([("v1", DeployResult.Success, DeployIntent.Planned), ("v2", DeployResult.Failed, DeployIntent.Planned)]);
        var verdict = (await _deploys.Ledger.RecentAsync("deploy", 10)).ShouldHaveSingleItem();
        verdict.Verdict.ShouldBe("fail");
    }

    public Task DisposeAsync() => _deploys.DisposeAsync().AsTask();
}

public sealed class SqliteRollbackEdgeTests : RollbackEdgeTests
{
    protected override Task<string?> ConnectionAsync() => Task.FromResult<string?>(null);
}

public sealed class PostgresRollbackEdgeTests : RollbackEdgeTests
{
    protected override async Task<string?> ConnectionAsync() => await PostgresServer.Shared.CreateDatabaseAsync();
}
