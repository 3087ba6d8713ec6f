using Tollgate.Canary.Spec;
using Tollgate.Delivery.Deploys;
using Tollgate.Delivery.Watch;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Dora;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>deploy run and deploy watch end to end on a SQLite ledger, real shell commands, a synthetic metric source.</summary>
public sealed class DeployGateTests : IAsyncLifetime
{
    /// <summary>One error-rate metric of <c>app="checkout"</c>, window 5m, interval 1m: what <see cref="SyntheticPrometheus"/> answers.</summary>
    internal const string Spec =
        """
        window: 5m
        interval: 1m
        minSamples: 100
        groups:
          baseline: 'app="checkout", track="stable"'   # not queried by a watch window: its baseline is the canary selector before the deploy
          canary: 'app="checkout"'
        metrics:
          - name: error-rate
            type: ratio
            errors: 'sum(increase(http_requests_total{code=~"5..", {{selector}}}[{{interval}}]))'
            total: 'sum(increase(http_requests_total{ {{selector}} }[{{interval}}]))'
            maxRatio: 2.0
            maxValue: 0.01
        """;

    private static readonly DateTimeOffset T0 = DeployLedger.T0;
    private DeployLedger _deploys = null!;

    public async Task InitializeAsync() => _deploys = await DeployLedger.OpenAsync("tollgate-deploygate-");

    private CanarySpec LoadSpec(string text = Spec)
    {
        var path = Path.Combine(_deploys.WorkingDirectory, "slo.yaml");
        File.WriteAllText(path, text);
        return SpecLoader.Load(path);
    }

    private readonly WatchStartedWriter _progress = new();

    private DeployGate Gate(SyntheticPrometheus source) => new(_deploys.Store, source, _progress);

    private GateContext Context(Policy? policy = null) => _deploys.Context(policy);

    /// <summary>The watch window's looks the ledger recorded (kind <c>canary</c>).</summary>
    private async Task<int> LooksAsync() => (await _deploys.Ledger.RecentAsync("canary", 1000)).Count;

    /// <summary>
    /// Runs <paramref name="work"/> and, once its watch window has begun, moves the fake clock 30 seconds every few
    /// milliseconds so the watch's waits end. The clock stands still at T0 until then: the deploy starts and finishes at
    /// T0 however slowly its shell command runs on a loaded machine.
    /// </summary>
    private async Task<T> WithTimeMoving<T>(Func<Task<T>> work)
    {
        using var stop = new CancellationTokenSource();
        var mover = Task.Run(async () =>
        {
            await Task.WhenAny(_progress.WatchStarted, Task.Delay(Timeout.Infinite, stop.Token));
            while (!stop.IsCancellationRequested)
            {
                _deploys.Clock.Advance(TimeSpan.FromSeconds(30));
                await Task.Delay(2);
            }
        });
        try
        {
            return await work();
        }
        finally
        {
            await stop.CancelAsync();
            await mover;
        }
    }

    private DeployRunRequest Run(string deployCmd, double timeoutSeconds = 20) =>
        new("checkout", "v2", "production", deployCmd, $"echo rolled-back > {Path.Combine(_deploys.WorkingDirectory, "rollback.txt")}", LoadSpec(), TimeSpan.FromSeconds(timeoutSeconds));

    [Fact]
    public async Task RunAsync_HealthyWindow_PromotesAndRecordsASuccessfulDeploy()
    {
        var report = await WithTimeMoving(() => Gate(new SyntheticPrometheus(T0, 0.001)).RunAsync(Run("true"), Context()));

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        report.Reason.ShouldStartWith("promote: the watch window passed: ", customMessage: "a pass never says held, the word of the hold verdict", caseSensitivity: Case.Sensitive);
        File.Exists(Path.Combine(_deploys.WorkingDirectory, "rollback.txt")).ShouldBeFalse();
        var deploys = await _deploys.Store.DeploysAsync("checkout", "production");
        deploys.Select(d => (d.Version, d.Result)).ShouldBe([("v1", DeployResult.Success), ("v2", DeployResult.Success)]);
        (await LooksAsync()).ShouldBe(5);
        (await _deploys.Ledger.RecentAsync("deploy", 10)).ShouldHaveSingleItem().Verdict.ShouldBe("pass");
        report.Digest.ShouldMatch("^sha256:[0-9a-f]{64}$");
        (await _deploys.Ledger.RecentAsync("canary", 10)).ShouldNotContain(e => e.Digest == report.Digest, "the deploy's digest binds the deploy too, not only its last look");
    }

    [Fact]
    public async Task RunAsync_AnotherDeployStartedWhileTheCommandRuns_FinishesItsOwnDeployOnly()
    {
        var other = new Deploy("checkout/production/v3", "checkout", "production", "v3", DeployIntent.Planned, T0.AddMinutes(1));
        var store = new InterleavingStore(_deploys.Store) { AfterRecord = writer => writer.RecordAsync([new DeployEvent(other.Id, "tollgate.deploy.started", other)]) };

        var report = await WithTimeMoving(() => new DeployGate(store, new SyntheticPrometheus(T0, 0.001), _progress).RunAsync(Run("true"), Context()));

        report.Verdict.ShouldBe(Verdict.Hold, report.Reason); // v3 started in v2's watch before it decided: the looks stop at v3's start, v2 undecided
        report.Reason.ShouldStartWith("v2 was superseded by deploy checkout/production/v3 (v3) at ");
        (await _deploys.Store.DeploysAsync("checkout", "production")).Select(d => (d.Version, d.Result, d.Watch))
            .ShouldBe([("v1", DeployResult.Success, DeployWatch.None), ("v2", DeployResult.Success, DeployWatch.Held), ("v3", DeployResult.Running, DeployWatch.None)]);
    }

    [Fact]
    public async Task RunAsync_ErrorsAfterTheDeploy_RollsBackRecordsRemediationAndFeedsDora()
    {
        var source = new SyntheticPrometheus(T0, 0.05);

        var report = await WithTimeMoving(() => Gate(source).RunAsync(Run("true"), Context()));

        report.Verdict.ShouldBe(Verdict.Fail);
        report.ExitCode.ShouldBe(1);
        report.Findings[0].Rule.ShouldBe("watch-window");
        report.Findings[0].Message.ShouldContain("rolled back to v1");
        File.ReadAllText(Path.Combine(_deploys.WorkingDirectory, "rollback.txt")).Trim().ShouldBe("rolled-back");
        var deploys = await _deploys.Store.DeploysAsync("checkout", "production");
        deploys[1].Result.ShouldBe(DeployResult.Failed);
        deploys[2].Intent.ShouldBe(DeployIntent.Rollback);
        deploys[2].Version.ShouldBe("v1");
        deploys[2].Remediates.ShouldBe(deploys[1].Id);
        var dora = DoraCalculator.Compute(deploys, [], new DoraWindow(T0.AddDays(-2), T0.AddDays(1)), "production", DoraDefinitions.Recommended).Services[0];
        dora.FailedDeployments.ShouldBe(1);
        dora.ReworkDeployments.ShouldBe(1);
        dora.RecoveryMinutes.Samples.ShouldBe(1);
        source.Asked.ShouldContain(a => a.End <= T0, "the baseline must be read from before the deploy");
        source.Asked.ShouldNotContain(a => a.Query.Contains(PreDeployBaseline.Marker, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_DeployCommandHangs_IsAFailedDeployRolledBackAndRecorded()
    {
        var report = await WithTimeMoving(() => Gate(new SyntheticPrometheus(T0, 0.001)).RunAsync(Run("sleep 30", timeoutSeconds: 1), Context()));

        report.Verdict.ShouldBe(Verdict.Fail);
        report.Reason.ShouldContain("timeout");
        (await LooksAsync()).ShouldBe(0);
        (await _deploys.Store.DeploysAsync("checkout", "production")).Select(d => (d.Version, d.Result, d.Intent))
            .ShouldBe([("v1", DeployResult.Success, DeployIntent.Planned), ("v2", DeployResult.Failed, DeployIntent.Planned), ("v1", DeployResult.Success, DeployIntent.Rollback)]);
    }

    [Fact]
    public async Task RunAsync_RollbackCommandFails_SaysSoAndDoraSeesNoRecovery()
    {
        var request = Run("exit 4") with { RollbackCommand = "echo cannot reach the cluster; exit 5" };

        var report = await Gate(new SyntheticPrometheus(T0, 0.001)).RunAsync(request, Context());

        report.Verdict.ShouldBe(Verdict.Fail);
        report.Findings[0].Message.ShouldMatch(
            @"^v2 of checkout failed in production: the deploy command exited 4 in [0-9.]+ s; the rollback to v1 failed \(exited 5 in [0-9.]+ s\), so v2 may still be live: roll back by hand$");
        report.Summary.ShouldContain(new KeyValuePair<string, long>("rolledBack", 0));
        var deploys = await _deploys.Store.DeploysAsync("checkout", "production");
        deploys.Select(d => (d.Version, d.Result, d.Intent))
            .ShouldBe([("v1", DeployResult.Success, DeployIntent.Planned), ("v2", DeployResult.Failed, DeployIntent.Planned), ("v1", DeployResult.Failed, DeployIntent.Rollback)]);
        var dora = DoraCalculator.Compute(deploys, [], new DoraWindow(T0.AddDays(-2), T0.AddDays(1)), "production", DoraDefinitions.Recommended).Services[0];
        dora.RecoveryMinutes.Samples.ShouldBe(0, "a rollback that failed recovered nothing");
        dora.Unrecovered.ShouldBe(2);
    }

    [Fact]
    public async Task RunAsync_StaleDrillWithHighSeverityPolicy_RefusesBeforeDeploying()
    {
        var policy = Policy.Default with
        {
            Rules = new Dictionary<string, RuleSettings> { ["drill-stale"] = new() { Severity = Domain.Findings.Severity.High, Thresholds = new Dictionary<string, double> { ["maxDrillAgeDays"] = 7 } } },
        };
        await _deploys.Store.RecordDrillAsync(new Drill("checkout", true, null, T0.AddDays(-10)));

        var report = await Gate(new SyntheticPrometheus(T0, 0.001)).RunAsync(Run("touch " + Path.Combine(_deploys.WorkingDirectory, "deployed")), Context(policy));

        report.Verdict.ShouldBe(Verdict.Fail);
        report.Findings.ShouldHaveSingleItem().Rule.ShouldBe("drill-stale");
        File.Exists(Path.Combine(_deploys.WorkingDirectory, "deployed")).ShouldBeFalse();
        (await _deploys.Store.DeploysAsync("checkout", null)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_StaleDrillUnderReviewOn_AsksForReviewBeforeDeployingThenDeploysOnceApproved()
    {
        var policy = Policy.Default with
        {
            ReviewOn = ["drill-stale"],
            Rules = new Dictionary<string, RuleSettings> { ["drill-stale"] = new() { Severity = Domain.Findings.Severity.High, Thresholds = new Dictionary<string, double> { ["maxDrillAgeDays"] = 7 } } },
        };
        await _deploys.Store.RecordDrillAsync(new Drill("checkout", true, null, T0.AddDays(-10)));
        var marker = Path.Combine(_deploys.WorkingDirectory, "deployed");

        var asked = await Gate(new SyntheticPrometheus(T0, 0.001)).RunAsync(Run("touch " + marker), Context(policy));

        asked.Verdict.ShouldBe(Verdict.Review, asked.Reason);
        asked.ExitCode.ShouldBe(2);
        File.Exists(marker).ShouldBeFalse("a review the policy asks for is asked before the deploy command runs");
        (await _deploys.Store.DeploysAsync("checkout", null)).Count.ShouldBe(1);

        await _deploys.Ledger.ApproveAsync(new Approval(asked.Digest, "alice", "drill booked for Monday", T0, asked.Subject));
        var approved = await WithTimeMoving(() => Gate(new SyntheticPrometheus(T0, 0.001)).RunAsync(Run("touch " + marker), Context(policy)));

        File.Exists(marker).ShouldBeTrue();
        approved.Verdict.ShouldBe(Verdict.Pass, approved.Reason);
        var drill = approved.Findings.Single(f => f.Rule == "drill-stale"); // the deploy's own report shows it shipped on a stale drill, and on whose word
        drill.Suppression.ShouldNotBeNull().Describe().ShouldBe($"deployed on an approved stale drill: approved by alice at 2026-03-02 12:00Z (drill booked for Monday), review {asked.Digest}");
    }

    [Theory]
    [InlineData("30s", null, "--window 30s must be a whole number of the spec's interval (1m)")]
    [InlineData(null, "30s", "--max-wait 30s is shorter than the window (5m)")]
    [InlineData("5m", "4m", "--max-wait 4m is shorter than the window (5m)")]
    [InlineData(null, "5m30s", "--max-wait 5m30s must be a whole number of the spec's interval (1m)")]
    public async Task RunAsync_WatchThatCannotBeKept_RefusedBeforeAnythingRunsOrIsRecorded(string? window, string? maxWait, string message)
    {
        var request = Run("touch " + Path.Combine(_deploys.WorkingDirectory, "deployed")) with
        {
            Window = window is null ? null : PromDuration.Parse(window, "--window"),
            MaxWait = maxWait is null ? null : PromDuration.Parse(maxWait, "--max-wait"),
        };

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => Gate(new SyntheticPrometheus(T0, 0.001)).RunAsync(request, Context()));

        error.Message.ShouldStartWith(message);
        File.Exists(Path.Combine(_deploys.WorkingDirectory, "deployed")).ShouldBeFalse("the deploy command must not run");
        (await _deploys.Store.DeploysAsync("checkout", null)).Select(d => d.Id).ShouldBe(["v1"]);
        (await _deploys.Ledger.RecentAsync("deploy", 10)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_NoDecisionByMaxWait_HoldsWithItsLastLookAtTheDeadline()
    {
        var request = Run("true") with { Spec = LoadSpec(Spec.Replace("minSamples: 100", "minSamples: 100000000", StringComparison.Ordinal)), MaxWait = TimeSpan.FromMinutes(7) };
        var source = new SyntheticPrometheus(T0, 0.001);

        var report = await WithTimeMoving(() => Gate(source).RunAsync(request, Context()));

        report.Verdict.ShouldBe(Verdict.Hold, report.Reason);
        _progress.ToString().ShouldContain("gives up at 12:07:00Z");
        (await LooksAsync()).ShouldBe(7);
        source.Asked.Max(a => a.End).ShouldBe(T0.AddMinutes(7), "the last look is the one at the deadline, not an interval after it");
    }

    [Fact]
    public async Task RunAsync_LooksPastTheWindow_BaselineNeverReadsAfterTheDeploy()
    {
        // Looks 6 and 7 shifted the baseline back by the 5m window only: it read 1 and 2 minutes of the new version's
        // traffic, so the baseline drifted towards the regression it was meant to measure.
        var request = Run("true") with { Spec = LoadSpec(Spec.Replace("minSamples: 100", "minSamples: 100000000", StringComparison.Ordinal)), MaxWait = TimeSpan.FromMinutes(7) };
        var source = new SyntheticPrometheus(T0, 0.03);

        var report = await WithTimeMoving(() => Gate(source).RunAsync(request, Context()));

        report.Verdict.ShouldBe(Verdict.Hold, report.Reason);
        source.Asked.ShouldAllBe(a => a.Start >= T0 || a.End <= T0, "a query is of the deploy's span or of the baseline before it, never across the deploy");
        // The first point of a span is one interval after its start (increase over the interval before it).
        source.Asked.Where(a => a.End <= T0).Min(a => a.Start).ShouldBe(T0.AddMinutes(-6), "the last look's baseline is as long as its 7 minutes");
    }

    [Fact]
    public async Task RunAsync_FirstDeployOfTheServiceFailsItsWatch_NothingToRollBackToAndNoRollbackRecorded()
    {
        var marker = Path.Combine(_deploys.WorkingDirectory, "rollback.txt");
        var request = Run("true") with { Environment = "staging" };

        var report = await WithTimeMoving(() => Gate(new SyntheticPrometheus(T0, 0.05)).RunAsync(request, Context()));

        report.Verdict.ShouldBe(Verdict.Fail);
        report.Findings[0].Rule.ShouldBe("watch-window");
        report.Findings[0].Message.ShouldContain("nothing to roll back to: no earlier successful deploy of another version of checkout in staging");
        report.Summary.ShouldContain(new KeyValuePair<string, long>("rolledBack", 0));
        File.Exists(marker).ShouldBeFalse("with no earlier version the rollback command has nothing to roll back to");
        (await _deploys.Store.DeploysAsync("checkout", "staging")).Select(d => (d.Version, d.Result, d.Intent)).ShouldBe([("v2", DeployResult.Failed, DeployIntent.Planned)]);
    }

    [Fact]
    public async Task RunAsync_RefusedBeforeDeploying_SameChangeSameDigestOtherVersionAnother()
    {
        var policy = Policy.Default with { Rules = new Dictionary<string, RuleSettings> { ["drill-stale"] = new() { Severity = Domain.Findings.Severity.High } } };
        var gate = Gate(new SyntheticPrometheus(T0, 0.001));

        var first = await gate.RunAsync(Run("true"), Context(policy));
        _deploys.Clock.Advance(TimeSpan.FromMinutes(5));
        var again = await gate.RunAsync(Run("true"), Context(policy));
        var other = await gate.RunAsync(Run("true") with { Version = "v3" }, Context(policy));

        first.Verdict.ShouldBe(Verdict.Fail);
        first.Digest.ShouldMatch("^sha256:[0-9a-f]{64}$");
        again.Digest.ShouldBe(first.Digest, "an approval of a refused change must still match when it is asked again");
        other.Digest.ShouldNotBe(first.Digest);
    }

    [Fact]
    public async Task WatchAsync_RecordedDeployWithErrors_FailsAndRecordsRollbackWithoutACommand()
    {
        var deploy = new Deploy("v2", "checkout", "production", "v2", DeployIntent.Planned, T0) { FinishedAt = T0, Result = DeployResult.Success };
        await _deploys.Store.RecordAsync([new DeployEvent("v2", "test", deploy)]);
        _deploys.Clock.Advance(TimeSpan.FromHours(1)); // the window is already over: judged without waiting

        var report = await Gate(new SyntheticPrometheus(T0, 0.05)).WatchAsync(new DeployWatchRequest("checkout", "production", LoadSpec(), TimeSpan.FromSeconds(5)), Context());

        report.Verdict.ShouldBe(Verdict.Fail);
        report.Findings[0].Message.ShouldContain("no rollback command given");
        (await _deploys.Store.DeploysAsync("checkout", "production"))[^1].Remediates.ShouldBe("v2");
    }

    [Fact]
    public async Task RunAsync_ErrorsExceptedByPolicy_HoldsInsteadOfRollingBack()
    {
        var policy = Policy.Default with { Exceptions = [new PolicyException("*", "*", "known noisy dependency during the migration", "payments", new DateOnly(2026, 4, 1))] };

        var report = await WithTimeMoving(() => Gate(new SyntheticPrometheus(T0, 0.05)).RunAsync(Run("true"), Context(policy)));

        report.Verdict.ShouldBe(Verdict.Hold, report.Reason);
        report.Reason.ShouldContain("do not fail under the policy (lowered below failOn, disabled or excepted)");
        File.Exists(Path.Combine(_deploys.WorkingDirectory, "rollback.txt")).ShouldBeFalse("an excepted failure is never a silent promote, and never a rollback either");
        (await _deploys.Store.DeploysAsync("checkout", "production")).Select(d => d.Intent).ShouldNotContain(DeployIntent.Rollback);
    }

    [Fact]
    public async Task RunAsync_WatchWindowSeverityRaisedByPolicy_SameFailureSameRollback()
    {
        var policy = Policy.Default with { Rules = new Dictionary<string, RuleSettings> { ["relative"] = new() { Severity = Domain.Findings.Severity.Critical } } };

        var report = await WithTimeMoving(() => Gate(new SyntheticPrometheus(T0, 0.05)).RunAsync(Run("true"), Context(policy)));

        report.Verdict.ShouldBe(Verdict.Fail);
        report.Findings.ShouldContain(f => f.Rule == "relative" && f.Severity == Domain.Findings.Severity.Critical);
        (await _deploys.Ledger.RecentAsync("canary", 100)).ShouldAllBe(e => e.Verdict != "pass");
    }

    public Task DisposeAsync() => _deploys.DisposeAsync().AsTask();

    /// <summary>The gate's progress log; completes <see cref="WatchStarted"/> when the watch window announces itself.</summary>
    private sealed class WatchStartedWriter : StringWriter
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task WatchStarted => _started.Task;

        public override Task WriteLineAsync(string? value)
        {
            if (value?.StartsWith("watching ", StringComparison.Ordinal) == true)
            {
                _started.TrySetResult();
            }

            return base.WriteLineAsync(value);
        }
    }
}
