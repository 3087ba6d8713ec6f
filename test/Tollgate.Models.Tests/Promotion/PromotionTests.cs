using System.Globalization;
using System.Text;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Verdicts;
using Tollgate.Models.Promotion;
using Tollgate.Models.Registry;
using Tollgate.Testing;

namespace Tollgate.Models.Tests.Promotion;

/// <summary>Register, promote on the KPI, roll back and drill, on a real SQLite ledger and real shell hooks.</summary>
public sealed class PromotionTests
{
    private const string Spec = ModelFixtures.KpiSpec;

    private static async Task RegisterAsync(ModelLedger m, string version)
    {
        m.Write($"model-{version}.bin", "weights " + version);
        m.Write("train.csv", "x\n1\n");
        var report = await new RegisterGate(m.Registry).RunAsync(new RegisterRequest("fraud", version, $"model-{version}.bin", ["train.csv"]), m.Context());
        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
    }

    /// <summary>A log of <paramref name="perArm"/> requests per model and region with Bernoulli conversions.</summary>
    private static string Log(ModelLedger m, int seed, int perArm, double live, double candidate, double euCandidate = double.NaN)
    {
        var random = new Random(seed);
        var text = new StringBuilder("request_id,model_version,region,prediction,converted\n");
        var id = 0;
        foreach (var region in new[] { "eu", "us" })
        {
            foreach (var (version, rate) in new[] { ("1", live), ("2", region == "eu" && !double.IsNaN(euCandidate) ? euCandidate : candidate) })
            {
                for (var i = 0; i < perArm; i++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"r{id++},{version},{region},{random.NextDouble():0.###},{(random.NextDouble() < rate ? 1 : 0)}\n");
                }
            }
        }

        return m.Write("log.csv", text.ToString());
    }

    private static async Task<ModelLedger> WithLiveVersionOneAsync()
    {
        var m = await ModelLedger.OpenAsync();
        await RegisterAsync(m, "1");
        await RegisterAsync(m, "2");
        var first = await new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@1") { Initial = true }, m.Context());
        first.Verdict.ShouldBe(Verdict.Pass, first.Reason);
        m.Clock.Advance(TimeSpan.FromDays(1));
        await m.Drills.RecordDrillAsync(new Drill("model:fraud", true, TimeSpan.FromSeconds(3), m.Clock.GetUtcNow()));
        m.Write("kpi.yaml", Spec);
        return m;
    }

    [Fact]
    public async Task Promote_EqualConversion_PromotesAndRetiresTheLiveVersion()
    {
        await using var m = await WithLiveVersionOneAsync();
        Log(m, 1, 40000, 0.10, 0.10);

        var report = await new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@2") { Kpi = "kpi.yaml", Predictions = "log.csv" }, m.Context());

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        var stages = await m.Registry.StagesAsync("fraud");
        ModelStages.LiveAt(stages, m.Clock.GetUtcNow()).ShouldBe("2");
        ProductionLine.StageOf(stages, "1").ShouldBe(ModelStages.Retired);
    }

    [Fact]
    public async Task Promote_NotYetNonInferior_PrintsTheIntervalTheTestInverts()
    {
        await using var m = await WithLiveVersionOneAsync();
        Log(m, 3, 10000, 0.10, 0.10);

        var report = await new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@2") { Kpi = "kpi.yaml", Predictions = "log.csv" }, m.Context());

        // 10,000 requests a region: a fixed 95% interval (±0.0083) would clear the allowed loss of 0.01, the anytime-valid test does not yet.
        report.Verdict.ShouldBe(Verdict.Hold, report.Reason);
        foreach (var region in new[] { "region=eu", "region=us" })
        {
            var line = report.Facts.Single(f => f.Key == "slice " + region).Value;
            line.ShouldContain("(95% anytime-valid)");
            var interval = line[(line.IndexOf('[', StringComparison.Ordinal) + 1)..line.IndexOf(']', StringComparison.Ordinal)].Split(", ");
            var (low, high) = (double.Parse(interval[0], CultureInfo.InvariantCulture), double.Parse(interval[1], CultureInfo.InvariantCulture));
            low.ShouldBeLessThan(-0.01, line);
            high.ShouldBeGreaterThan(-0.01, line);
            (high - low).ShouldBeGreaterThan(2 * 1.96 * Math.Sqrt(2 * 0.09 / 10000), line);
        }
    }

    [Fact]
    public void Compare_IntervalAndDecisionsAgree_WhereAFixedIntervalWouldNot()
    {
        var spec = new KpiSpec("conversion", "converted") { MaxDropAbsolute = 0.01, Alpha = 0.05, MinSamples = 200 };

        var slice = KpiJudge.Compare("(all)", (10000, 0.1, 0.09), (10000, 0.1, 0.09), spec);

        (1.96 * slice.StandardError).ShouldBeLessThan(0.01);
        slice.NonInferiorityP.ShouldBeGreaterThan(spec.Alpha);
        slice.Interval.Low.ShouldBeLessThan(-0.01);

        var clear = KpiJudge.Compare("(all)", (40000, 0.1, 0.09), (40000, 0.1, 0.09), spec);
        clear.NonInferiorityP.ShouldBeLessThan(spec.Alpha);
        clear.Interval.Low.ShouldBeGreaterThan(-0.01);
    }

    [Fact]
    public async Task Promote_RowsWithoutAKpiValue_AreNotCountedButSaidPerVersion()
    {
        await using var m = await WithLiveVersionOneAsync();
        (await new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@2") { To = "canary" }, m.Context())).Verdict.ShouldBe(Verdict.Pass);
        var log = Log(m, 2, 40000, 0.10, 0.10);
        File.AppendAllText(log, string.Concat(Enumerable.Range(0, 300).Select(i => $"x{i},2,eu,0.5,\n")) + "y1,1,us,0.5,\n");

        var report = await new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@2") { Kpi = "kpi.yaml", Predictions = "log.csv" }, m.Context());

        report.Facts.ShouldContain(new KeyValuePair<string, string>("without a KPI value", "300 rows of fraud@2, 1 of fraud@1 (not counted)"));
        report.Summary.Single(s => s.Key == "candidateRequests").Value.ShouldBe(80000);
    }

    [Theory]
    [InlineData(0.1234567, "0.1235")]
    [InlineData(0.0004, "4e-4")]
    [InlineData(123456789, "123456789")]
    [InlineData(1234567890123, "1.2346e12")]
    [InlineData(1e308, "1e308")]
    [InlineData(double.NaN, "n/a")]
    public void Figure_TinyAndHugeInScientificNotation(double value, string written) => PromoteGate.F(value).ShouldBe(written);

    [Fact]
    public async Task Promote_ToCanaryWithAKpi_IsAnInputErrorNotAKpiSilentlyUnjudged()
    {
        await using var m = await WithLiveVersionOneAsync();

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@2") { To = "canary", Kpi = "kpi.yaml", Predictions = "log.csv" }, m.Context()));

        error.Message.ShouldBe("--kpi, --predictions: promote --to canary judges lineage and a fresh drill, not the KPI; leave them out, or judge the KPI with --to production");
        ProductionLine.StageOf(await m.Registry.StagesAsync("fraud"), "2").ShouldBeNull();
    }

    [Fact]
    public async Task Promote_RegressionInOneSlice_FailsKpiRegressionAndRollsTheCanaryBack()
    {
        await using var m = await WithLiveVersionOneAsync();
        (await new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@2") { To = "canary" }, m.Context())).Verdict.ShouldBe(Verdict.Pass);
        Log(m, 2, 40000, 0.10, 0.10, euCandidate: 0.07);

        var report = await new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@2") { Kpi = "kpi.yaml", Predictions = "log.csv" }, m.Context());

        report.Verdict.ShouldBe(Verdict.Fail);
        report.Findings.Where(f => f.Rule == "kpi-regression").Select(f => f.Evidence["slice"]).ShouldContain("region=eu");
        report.Findings.Where(f => f.Rule == "kpi-regression").Select(f => f.Evidence["slice"]).ShouldNotContain("region=us");
        var stages = await m.Registry.StagesAsync("fraud");
        ProductionLine.StageOf(stages, "2").ShouldBe(ModelStages.Retired);
        ModelStages.LiveAt(stages, m.Clock.GetUtcNow()).ShouldBe("1");
    }

    [Fact]
    public async Task Promote_RegressionExceptedByPolicy_HoldsNeverPromotes()
    {
        await using var m = await WithLiveVersionOneAsync();
        Log(m, 2, 40000, 0.10, 0.10, euCandidate: 0.07);
        var policy = Policy.Default with { Exceptions = [new PolicyException("kpi-regression", "fraud@2", "eu promo week", "ml", new DateOnly(2027, 1, 1))] };

        var report = await new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@2") { Kpi = "kpi.yaml", Predictions = "log.csv" }, m.Context(policy));

        report.Verdict.ShouldNotBe(Verdict.Pass);
        ModelStages.LiveAt(await m.Registry.StagesAsync("fraud"), m.Clock.GetUtcNow()).ShouldBe("1");
    }

    [Fact]
    public async Task Promote_SeverityOverrideOfKpiRegressionToLow_DoesNotFail()
    {
        await using var m = await WithLiveVersionOneAsync();
        Log(m, 2, 40000, 0.10, 0.10, euCandidate: 0.07);
        var policy = Policy.Default with { Rules = new Dictionary<string, RuleSettings> { ["kpi-regression"] = new() { Severity = Severity.Low } } };

        var report = await new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@2") { Kpi = "kpi.yaml", Predictions = "log.csv" }, m.Context(policy));

        report.Verdict.ShouldNotBe(Verdict.Fail, report.Reason);
        report.Findings.ShouldContain(f => f.Rule == "kpi-regression" && f.Severity == Severity.Low);
    }

    [Fact]
    public async Task Promote_TooFewRequests_HoldsAndPutsTheCandidateInCanary()
    {
        await using var m = await WithLiveVersionOneAsync();
        Log(m, 3, 300, 0.10, 0.10);

        var report = await new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@2") { Kpi = "kpi.yaml", Predictions = "log.csv" }, m.Context());

        report.Verdict.ShouldBe(Verdict.Hold, report.Reason);
        report.ExitCode.ShouldBe(2);
        report.Reason.ShouldContain("too few");
        ProductionLine.StageOf(await m.Registry.StagesAsync("fraud"), "2").ShouldBe(ModelStages.Canary);
    }

    [Fact]
    public async Task Promote_LastDrillOlderThanPolicyAllows_FindsDrillStale()
    {
        await using var m = await WithLiveVersionOneAsync();
        Log(m, 1, 40000, 0.10, 0.10);
        m.Clock.Advance(TimeSpan.FromDays(40));
        var strict = Policy.Default with { Rules = new Dictionary<string, RuleSettings> { ["drill-stale"] = new() { Severity = Severity.High } } };

        var report = await new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@2") { Kpi = "kpi.yaml", Predictions = "log.csv" }, m.Context(strict));

        report.Verdict.ShouldBe(Verdict.Fail);
        report.Findings.ShouldHaveSingleItem().Rule.ShouldBe("drill-stale");
        ModelStages.LiveAt(await m.Registry.StagesAsync("fraud"), m.Clock.GetUtcNow()).ShouldBe("1");
    }

    [Fact]
    public async Task Promote_InitialWhileAVersionIsLive_IsAnInputErrorNamingTheLiveVersion()
    {
        await using var m = await WithLiveVersionOneAsync();

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@2") { Initial = true }, m.Context()));

        error.Message.ShouldStartWith("--initial is only for a model with no production version, and fraud@1 is in production");
        error.Message.ShouldNotContain("needs --kpi");
        ProductionLine.StageOf(await m.Registry.StagesAsync("fraud"), "2").ShouldBeNull();
        (await m.Ledger.RecentAsync(PromoteGate.Kind, 10)).ShouldHaveSingleItem().Subject.ShouldBe("fraud@1 → production");
    }

    [Fact]
    public async Task Promote_WithoutLiveVersionOrInitial_Holds()
    {
        await using var m = await ModelLedger.OpenAsync();
        await RegisterAsync(m, "1");
        var report = await new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@1"), m.Context());
        report.Verdict.ShouldBe(Verdict.Hold);
        report.Reason.ShouldContain("--initial");
    }

    [Fact]
    public async Task Rollback_AfterPromotion_RunsTheHookWithThePreviousVersionAndRecordsIt()
    {
        await using var m = await WithLiveVersionOneAsync();
        Log(m, 1, 40000, 0.10, 0.10);
        await new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@2") { Kpi = "kpi.yaml", Predictions = "log.csv" }, m.Context());
        m.Clock.Advance(TimeSpan.FromHours(1));

        var report = await new ModelRollback(m.Registry).RunAsync("fraud", null, "echo serving {version} > served.txt", TimeSpan.FromSeconds(30), TextWriter.Null, m.Context());

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        File.ReadAllText(m.Dir.File("served.txt")).Trim().ShouldBe("serving 1");
        var stages = await m.Registry.StagesAsync("fraud");
        ModelStages.LiveAt(stages, m.Clock.GetUtcNow()).ShouldBe("1");
        ModelStages.LiveAt(stages, m.Clock.GetUtcNow().AddMinutes(-30)).ShouldBe("2");
        (await m.Ledger.RecentAsync("model-rollback", 1)).ShouldHaveSingleItem().Verdict.ShouldBe("pass");
    }

    [Fact]
    public async Task Rollback_Twice_TheSecondIsRefused_NotBackToTheVersionJustLeft()
    {
        // A retried rollback (a CI job run again) served the version just rolled back from: 2 → 1, then 1 → 2.
        await using var m = await WithLiveVersionOneAsync();
        Log(m, 1, 40000, 0.10, 0.10);
        await new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@2") { Kpi = "kpi.yaml", Predictions = "log.csv" }, m.Context());
        var rollback = new ModelRollback(m.Registry);
        (await rollback.RunAsync("fraud", null, null, TimeSpan.FromSeconds(30), TextWriter.Null, m.Context())).Verdict.ShouldBe(Verdict.Pass);
        m.Clock.Advance(TimeSpan.FromMinutes(5));

        var again = await Should.ThrowAsync<Domain.InvalidInputException>(() =>
            rollback.RunAsync("fraud", null, "echo serving {version} > served.txt", TimeSpan.FromSeconds(30), TextWriter.Null, m.Context()));

        again.Message.ShouldBe("fraud@1 is the first version on its production line (every version promoted after it was rolled back from): nothing to roll back to (name one with --to)");
        File.Exists(m.Dir.File("served.txt")).ShouldBeFalse();
        ModelStages.LiveAt(await m.Registry.StagesAsync("fraud"), m.Clock.GetUtcNow()).ShouldBe("1");
        var named = await rollback.RunAsync("fraud", "2", null, TimeSpan.FromSeconds(30), TextWriter.Null, m.Context());
        named.Verdict.ShouldBe(Verdict.Pass, named.Reason); // --to still goes wherever it is told
    }

    [Fact]
    public async Task Rollback_ToAVersionNeverInProduction_RefusedAsAPromotionWithoutItsGate()
    {
        // --to 2 with 2 registered only put it in production, "serving again", past the KPI gate a promotion enforces.
        await using var m = await WithLiveVersionOneAsync();
        var stages = (await m.Registry.StagesAsync("fraud")).Count;

        var refused = await Should.ThrowAsync<Domain.InvalidInputException>(() =>
            new ModelRollback(m.Registry).RunAsync("fraud", "2", "echo serving {version} > served.txt", TimeSpan.FromSeconds(30), TextWriter.Null, m.Context()));

        refused.Message.ShouldBe("fraud@2 was never in production: a rollback returns to a version that served before; to put it in production, promote it (tollgate model promote fraud@2 --kpi SPEC)");
        File.Exists(m.Dir.File("served.txt")).ShouldBeFalse();
        (await m.Registry.StagesAsync("fraud")).Count.ShouldBe(stages);
        (await m.Ledger.RecentAsync(ModelRollback.Kind, 10)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Rollback_Report_HasADigestOfTheMoveAndTheHook()
    {
        await using var m = await WithLiveVersionOneAsync();
        Log(m, 1, 40000, 0.10, 0.10);
        await new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@2") { Kpi = "kpi.yaml", Predictions = "log.csv" }, m.Context());
        var rollback = new ModelRollback(m.Registry);

        var failed = await rollback.RunAsync("fraud", null, "exit 7", TimeSpan.FromSeconds(30), TextWriter.Null, m.Context());
        var done = await rollback.RunAsync("fraud", null, "true", TimeSpan.FromSeconds(30), TextWriter.Null, m.Context());

        Domain.Gates.ApprovalTarget.IsDigest(failed.Digest).ShouldBeTrue(failed.Digest);
        Domain.Gates.ApprovalTarget.IsDigest(done.Digest).ShouldBeTrue(done.Digest);
        done.Digest.ShouldNotBe(failed.Digest);
        (await m.Ledger.LatestForAsync(done.Digest)).ShouldNotBeNull().Verdict.ShouldBe("pass");
    }

    [Fact]
    public async Task Rollback_HookFails_KeepsTheLiveVersionAndFails()
    {
        await using var m = await WithLiveVersionOneAsync();
        Log(m, 1, 40000, 0.10, 0.10);
        await new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@2") { Kpi = "kpi.yaml", Predictions = "log.csv" }, m.Context());

        var report = await new ModelRollback(m.Registry).RunAsync("fraud", null, "exit 7", TimeSpan.FromSeconds(30), TextWriter.Null, m.Context());

        report.Verdict.ShouldBe(Verdict.Fail);
        report.Reason.ShouldContain("exited 7");
        report.Summary.ShouldContain(new KeyValuePair<string, long>("hookExit", 7));
        ModelStages.LiveAt(await m.Registry.StagesAsync("fraud"), m.Clock.GetUtcNow()).ShouldBe("2");
    }

    [Fact]
    public async Task Rollback_WithoutAHook_ReportsNoHookExit()
    {
        await using var m = await WithLiveVersionOneAsync();
        Log(m, 1, 40000, 0.10, 0.10);
        await new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@2") { Kpi = "kpi.yaml", Predictions = "log.csv" }, m.Context());

        var report = await new ModelRollback(m.Registry).RunAsync("fraud", null, null, TimeSpan.FromSeconds(30), TextWriter.Null, m.Context());

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        report.Summary.ShouldNotContain(s => s.Key == "hookExit");
        report.Reason.ShouldContain("no --exec hook");
    }

    [Fact]
    public async Task Drill_RollsBackChecksAndForward_RecordsAFreshDrillThatClearsDrillStale()
    {
        await using var m = await WithLiveVersionOneAsync();
        Log(m, 1, 40000, 0.10, 0.10);
        await new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@2") { Kpi = "kpi.yaml", Predictions = "log.csv" }, m.Context());
        m.Clock.Advance(TimeSpan.FromDays(60));

        var report = await new ModelDrill(m.Registry).RunAsync("fraud", "echo {version} >> served.txt", "grep -q {version} served.txt", TimeSpan.FromSeconds(30), TextWriter.Null, m.Context());

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        report.Reason.ShouldEndWith(": 1 served and checked, 2 served again and checked");
        File.ReadAllLines(m.Dir.File("served.txt")).ShouldBe(["1", "2"]);
        ModelStages.LiveAt(await m.Registry.StagesAsync("fraud"), m.Clock.GetUtcNow()).ShouldBe("2");
        var drills = await m.Drills.DrillsAsync("model:fraud");
        drills[^1].Ok.ShouldBeTrue();
        drills[^1].At.ShouldBe(m.Clock.GetUtcNow());
        Domain.Gates.ApprovalTarget.IsDigest(report.Digest).ShouldBeTrue(report.Digest);
        (await m.Ledger.LatestForAsync(report.Digest)).ShouldNotBeNull().Kind.ShouldBe(ModelDrill.Kind);
    }

    [Fact]
    public async Task Drill_CheckFailsOnTheOldVersion_FailsButRollsForward()
    {
        await using var m = await WithLiveVersionOneAsync();
        Log(m, 1, 40000, 0.10, 0.10);
        await new PromoteGate(m.Registry, m.Drills).RunAsync(new PromoteRequest("fraud@2") { Kpi = "kpi.yaml", Predictions = "log.csv" }, m.Context());

        var report = await new ModelDrill(m.Registry).RunAsync("fraud", "true", "echo {version} >> checked.txt; test {version} = 2", TimeSpan.FromSeconds(30), TextWriter.Null, m.Context());

        report.Verdict.ShouldBe(Verdict.Fail);
        File.ReadAllLines(m.Dir.File("checked.txt")).ShouldBe(["1", "2"], "the live version served again is checked too");
        report.Reason.ShouldEndWith("; fraud@2 is in production now, served again and checked");
        ModelStages.LiveAt(await m.Registry.StagesAsync("fraud"), m.Clock.GetUtcNow()).ShouldBe("2");
        (await m.Drills.DrillsAsync("model:fraud"))[^1].Ok.ShouldBeFalse();
        var passing = await new ModelDrill(m.Registry).RunAsync("fraud", "true", null, TimeSpan.FromSeconds(30), TextWriter.Null, m.Context());
        passing.Verdict.ShouldBe(Verdict.Pass, passing.Reason);
        passing.Reason.ShouldEndWith(": 1 served, 2 served again (no --check: nothing was asked of either)");
        passing.Digest.ShouldNotBe(report.Digest, "the steps and their ends differ");
    }
}
