using Microsoft.Extensions.Time.Testing;
using Tollgate.Delivery.Drills;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Tests.Drills;

public sealed class DrillTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 31, 12, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-drill-").FullName;

    private Task<(Drill Drill, IReadOnlyList<Tollgate.Delivery.Running.CommandResult> Steps)> Drill(string rollback, string forward, string? check = null) =>
        DrillRunner.RunAsync("checkout", rollback, forward, check, TimeSpan.FromSeconds(10), TextWriter.Null, _dir, new FakeTimeProvider(Now), CancellationToken.None);

    [Fact]
    public async Task RunAsync_AllStepsExitZero_IsOkWithEveryStepInTheDetail()
    {
        var (drill, steps) = await Drill("echo back >> log", "echo forward >> log", "test -f log");

        drill.Ok.ShouldBeTrue();
        steps.Count.ShouldBe(4);
        File.ReadAllLines(Path.Combine(_dir, "log")).ShouldBe(["back", "forward"]);
        drill.Detail.ShouldContain("check after forward exited 0");
        drill.At.ShouldBe(Now);
    }

    [Fact]
    public async Task RunAsync_WithTheEnvironmentsVersions_RunsTheRollbackHookAsDeployRunDoes()
    {
        // The drill gave its commands none of the rollback variables and left {version} as it was: the documented hook,
        // drilled, rolled the service back to an empty version and the drill passed.
        var current = new Deploy("v3", "checkout", "production", "v3", DeployIntent.Planned, Now.AddDays(-1)) { FinishedAt = Now.AddDays(-1), Result = DeployResult.Success };

        var (drill, _) = await DrillRunner.RunAsync("checkout", "echo rb={version} \"$TOLLGATE_ROLLBACK_VERSION $TOLLGATE_FAILED_VERSION $TOLLGATE_SERVICE $TOLLGATE_ENVIRONMENT\" >> log",
            "echo \"fw=$TOLLGATE_VERSION $TOLLGATE_SERVICE $TOLLGATE_ENVIRONMENT\" >> log", null, TimeSpan.FromSeconds(10), TextWriter.Null, _dir, new FakeTimeProvider(Now), CancellationToken.None,
            (current, "v2"));

        drill.Ok.ShouldBeTrue(drill.Detail);
        File.ReadAllLines(Path.Combine(_dir, "log")).ShouldBe(["rb=v2 v2 v3 checkout production", "fw=v3 checkout production"]);
    }

    [Fact]
    public async Task RunAsync_VersionPlaceholderWithoutTheEnvironment_RefusedBeforeAnythingRuns()
    {
        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => Drill("touch rolled-back {version}", "touch forwarded"));

        error.Message.ShouldContain("without --env the drill knows no version to roll back to");
        File.Exists(Path.Combine(_dir, "forwarded")).ShouldBeFalse();
        Directory.GetFiles(_dir).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_CheckFailsAfterRollback_FailsButStillRollsForward()
    {
        var (drill, _) = await Drill("true", "touch forwarded", "false");

        drill.Ok.ShouldBeFalse();
        File.Exists(Path.Combine(_dir, "forwarded")).ShouldBeTrue();
    }

    [Fact]
    public void Evaluate_LastOkDrillTooOld_IsDrillStale()
    {
        List<Drill> drills = [new("checkout", true, null, Now.AddDays(-40)), new("checkout", false, null, Now.AddDays(-1))];

        var finding = DrillStaleRule.Evaluate("checkout", drills, Now, 30)!;

        finding.Rule.ShouldBe("drill-stale");
        finding.Message.ShouldContain("40 days ago");
        DrillStaleRule.Evaluate("checkout", drills, Now, 45).ShouldBeNull();
        DrillStaleRule.Evaluate("payments", drills, Now, 45)!.Message.ShouldContain("no successful rollback drill");
    }

    [Fact]
    public async Task RunAsync_StatusOfDrillsAMinuteEitherSideOfTheBound_AgesShowWhichSideTheyAreOn()
    {
        // Both read "30" beside "(policy: at most 30 days)", and only b30 was stale.
        await using var ledger = await LedgerLocation.OpenAsync(Path.Combine(_dir, "ledger.db"), _dir, new FakeTimeProvider(Now));
        var store = DeliveryStore.Of(ledger);
        await store.RecordDrillAsync(new Drill("b30", true, null, Now.AddDays(-30).AddMinutes(-1)));
        await store.RecordDrillAsync(new Drill("a30", true, null, Now.AddDays(-30).AddMinutes(1)));
        await store.RecordDrillAsync(new Drill("old", true, null, Now.AddDays(-31.5)));

        var (report, text) = await DrillStatus.RunAsync(store, new GateContext(new FakeTimeProvider(Now), ledger, Policy.Default, _dir));

        report.Findings.Select(f => f.Address).ShouldBe(["old", "b30"]);
        report.Findings[1].Message.ShouldStartWith("the last successful rollback drill of b30 was 30.001 days ago");
        report.Findings[0].Message.ShouldContain("was 31.5 days ago");
        var ages = text.Split('\n').Skip(3).Take(3).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToDictionary(p => p[0], p => p[3]);
        ages.ShouldBe(new Dictionary<string, string> { ["old"] = "31.5", ["b30"] = "30.001", ["a30"] = "29.999" });
    }

    [Theory]
    [InlineData(30.000694, 30, 30.001)]
    [InlineData(29.999306, 30, 29.999)]
    [InlineData(30, 30, 30)]
    [InlineData(30.055, 30.06, 30.055)] // 30.1 and 30.06 would read over or at a bound it is within
    [InlineData(66.54, 30, 66.5)]
    public void ShownAge_NearAndFarFromTheBound_EnoughDigitsForTheSide(double age, double bound, double shown)
    {
        DrillStaleRule.ShownAge(age, bound).ShouldBe(shown);
    }

    [Fact]
    public async Task RunAsync_Status_StalestFirstPolicyDecidesAndRecorded()
    {
        await using var ledger = await LedgerLocation.OpenAsync(Path.Combine(_dir, "ledger.db"), _dir, new FakeTimeProvider(Now));
        var store = DeliveryStore.Of(ledger);
        await store.RecordDrillAsync(new Drill("fresh", true, TimeSpan.FromSeconds(30), Now.AddDays(-2)));
        await store.RecordDrillAsync(new Drill("old", true, null, Now.AddDays(-20)));
        await store.RecordAsync([new DeployEvent("n1", "test", new Deploy("n1", "never", "production", "v1", DeployIntent.Planned, Now))]);
        var strict = Policy.Default with
        {
            Rules = new Dictionary<string, RuleSettings> { ["drill-stale"] = new() { Severity = Domain.Findings.Severity.High, Thresholds = new Dictionary<string, double> { ["maxDrillAgeDays"] = 14 } } },
        };

        var (lenient, text) = await DrillStatus.RunAsync(store, new GateContext(new FakeTimeProvider(Now), ledger, Policy.Default, _dir));
        var (blocking, _) = await DrillStatus.RunAsync(store, new GateContext(new FakeTimeProvider(Now), ledger, strict, _dir));
        var excepted = strict with { Exceptions = [new PolicyException("drill-stale", "never", "decommissioned next week", "sre", new DateOnly(2026, 4, 30))] };
        var (forgiven, _) = await DrillStatus.RunAsync(store, new GateContext(new FakeTimeProvider(Now), ledger, excepted, _dir));

        lenient.Verdict.ShouldBe(Verdict.Pass);
        lenient.Findings.Select(f => f.Address).ShouldBe(["never"]);
        text.Split('\n').Skip(3).Take(3).Select(l => l.Split(' ')[0]).ShouldBe(["never", "old", "fresh"]);
        blocking.Verdict.ShouldBe(Verdict.Fail);
        blocking.Findings.Select(f => f.Address).ShouldBe(["never", "old"]);
        blocking.Reason.ShouldBe("2 of 3 services without a successful rollback drill within 14 days");
        forgiven.Verdict.ShouldBe(Verdict.Fail, "the exception covers one stale service of two");
        forgiven.Reason.ShouldBe("1 of 3 services without a successful rollback drill within 14 days");
        (await ledger.RecentAsync("drill-status", 10)).Count.ShouldBe(3);
        ApprovalTarget.IsDigest(lenient.Digest).ShouldBeTrue(lenient.Digest);
        blocking.Digest.ShouldNotBe(lenient.Digest, "the allowed age decides which services are stale");
        forgiven.Digest.ShouldBe(blocking.Digest, "same drills, same time, same allowed age");
    }

    [Fact]
    public async Task RunAsync_Status_DigestBindsTheDrillsNotTheTimeOfAsking()
    {
        await using var ledger = await LedgerLocation.OpenAsync(Path.Combine(_dir, "ledger.db"), _dir, new FakeTimeProvider(Now));
        var store = DeliveryStore.Of(ledger);
        await store.RecordDrillAsync(new Drill("checkout", true, null, Now.AddDays(-2)));
        Task<string> DigestAt(DateTimeOffset at) =>
            DrillStatus.RunAsync(store, new GateContext(new FakeTimeProvider(at), ledger, Policy.Default, _dir)).ContinueWith(t => t.Result.Report.Digest, TaskScheduler.Default);

        var today = await DigestAt(Now);
        var tomorrow = await DigestAt(Now.AddDays(1));
        var stale = await DigestAt(Now.AddDays(40));
        await store.RecordDrillAsync(new Drill("checkout", true, null, Now.AddDays(1)));
        var drilledAgain = await DigestAt(Now.AddDays(1));

        today.ShouldMatch("^sha256:[0-9a-f]{64}$");
        tomorrow.ShouldBe(today);
        stale.ShouldNotBe(today, "a service gone stale changes what decided the verdict");
        drilledAgain.ShouldNotBe(today);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
