using Tollgate.Domain.Findings;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Verdicts;
using Tollgate.Models.Drift;
using Tollgate.Models.Trends;

namespace Tollgate.Models.Tests.Gates;

/// <summary>The model gates decide through the pipeline, so <c>--policy</c> applies to them as to every pillar.</summary>
public sealed class ModelPolicyTests
{
    [Fact]
    public async Task Drift_SeverityOverrideToMedium_PassesWithTheFindingKept()
    {
        using var dir = new TempDirectory();
        var request = new DriftRequest([FeatureTables.WriteCsv(dir.File("ref.csv"), 5000, 1)], FeatureTables.WriteCsv(dir.File("cur.csv"), 3000, 2, euIncomeShift: 5)) { SliceBy = ["region"] };
        var policy = Policy.Default with { Rules = new Dictionary<string, RuleSettings> { ["drift"] = new() { Severity = Severity.Medium } } };

        var strict = await Judged.DriftAsync(request);
        var relaxed = await Judged.DriftAsync(request, policy);

        strict.Verdict.ShouldBe(Verdict.Fail);
        relaxed.Verdict.ShouldBe(Verdict.Pass, relaxed.Reason);
        relaxed.Findings.ShouldNotBeEmpty();
        relaxed.Findings.ShouldAllBe(f => f.Severity == Severity.Medium);
    }

    [Fact]
    public async Task Drift_ExceptionForTheFeature_PassesAndMarksTheFindingSuppressed()
    {
        using var dir = new TempDirectory();
        var request = new DriftRequest([FeatureTables.WriteCsv(dir.File("ref.csv"), 5000, 1)], FeatureTables.WriteCsv(dir.File("cur.csv"), 3000, 2, euIncomeShift: 5)) { SliceBy = ["region"] };
        var policy = Policy.Default with { Exceptions = [new PolicyException("drift", "income", "new pricing, retrain planned", "ml-team", new DateOnly(2027, 1, 31))] };

        var report = await Judged.DriftAsync(request, policy);

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        report.Findings.ShouldAllBe(f => f.Suppression != null);
    }

    [Fact]
    public void Trend_ExpiredException_StillFails()
    {
        using var dir = new TempDirectory();
        var series = Trends.TrendGateTests.Write(dir, Trends.TrendGateTests.Kpi(5, 60, i => i < 30 ? 0 : -0.004 * (i - 29)));
        var expired = Policy.Default with { Exceptions = [new PolicyException("trend", "*", "old", "ml-team", new DateOnly(2026, 1, 1))] };
        var live = Policy.Default with { Exceptions = [new PolicyException("trend", "*", "seasonal dip", "ml-team", new DateOnly(2027, 1, 1))] };

        Judged.Trend(new TrendRequest(series), expired).Verdict.ShouldBe(Verdict.Fail);
        Judged.Trend(new TrendRequest(series), live).Verdict.ShouldBe(Verdict.Pass);
    }

    [Fact]
    public async Task Drift_TooSmallWindowWithFailOnLow_StillHolds()
    {
        using var dir = new TempDirectory();
        var request = new DriftRequest([FeatureTables.WriteCsv(dir.File("ref.csv"), 5000, 1)], FeatureTables.WriteCsv(dir.File("cur.csv"), 40, 2));
        var report = await Judged.DriftAsync(request, Policy.Default with { FailOn = Severity.Low });
        report.Verdict.ShouldBe(Verdict.Hold, report.Reason);
    }
}
