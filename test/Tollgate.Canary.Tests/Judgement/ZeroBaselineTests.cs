using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Gate;
using Tollgate.Canary.Judgement;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using static Tollgate.Canary.Tests.Judgement.Observations;

namespace Tollgate.Canary.Tests.Judgement;

/// <summary>
/// A baseline that never returned an error: the ratio printed beside the verdict is the estimate of the interval's own
/// construction (the baseline posterior's mean), finite and inside its interval, whose exact upper end is unbounded;
/// the JSON writes numbers or null only.
/// </summary>
public sealed class ZeroBaselineTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 12, 6, 9, 30, 0, TimeSpan.Zero));

    // The report's scenario: 12 errors in 6,000 canary requests against 0 in 6,000.
    private static CanaryJudgement Judge(double[] canaryErrors)
    {
        var spec = JudgeSpec();
        var totals = Enumerable.Repeat(600.0, 10).ToArray();
        return CanaryJudge.Judge(spec, [new(Tenant("a"), spec.Metrics[0], Fixed(totals, new double[10]), Fixed(totals, canaryErrors))], null, []);
    }

    private static readonly double[] TwelveErrors = [1, 1, 2, 1, 1, 1, 2, 1, 1, 1];

    [Fact]
    public void Judge_BaselineWithoutErrors_RatioFiniteInsideItsIntervalVerdictUnchanged()
    {
        var judgement = Judge(TwelveErrors);

        var relative = judgement.Checks.Single(c => c.Rule == "relative");
        double.IsFinite(relative.Ratio).ShouldBeTrue();
        relative.Ratio.ShouldBe(12, 1e-9);                       // 12/6000 against the posterior mean 1/6000
        relative.Ratio.ShouldBeInRange(relative.RatioInterval.Lower, relative.RatioInterval.Upper);
        relative.RatioInterval.Lower.ShouldBeGreaterThan(1);
        // The roll back stands: 12 errors against none is significant, and the estimate is above maxRatio 2.
        relative.Status.ShouldBe(CheckStatus.Worse);
        judgement.Verdict.ShouldBe(Verdict.Fail);
        judgement.Reason.ShouldStartWith("tenant=a: error rate 12x baseline (0.20% vs 0 errors in 6,000, ");
        // No baseline error bounds how much worse the canary is: the exact upper end is unbounded, the estimate is not.
        double.IsPositiveInfinity(relative.RatioInterval.Upper).ShouldBeTrue();
        judgement.Reason.ShouldEndWith("% CI 2.0x-∞)");
        judgement.Reason.ShouldNotContain("∞x baseline");
    }

    [Fact]
    public void Judge_NeitherGroupHasErrors_RatioZeroInsideItsIntervalPromotes()
    {
        var judgement = Judge(new double[10]);

        var relative = judgement.Checks.Single(c => c.Rule == "relative");
        relative.Ratio.ShouldBe(0);
        relative.Ratio.ShouldBeInRange(relative.RatioInterval.Lower, relative.RatioInterval.Upper);
        judgement.Verdict.ShouldBe(Verdict.Pass);
    }

    [Fact]
    public void Json_BaselineWithoutErrorsAndASliceWithoutData_NumbersOrNullNeverStrings()
    {
        var spec = JudgeSpec();
        var totals = Enumerable.Repeat(600.0, 10).ToArray();
        var judgement = CanaryJudge.Judge(spec,
        [
            new(Tenant("a"), spec.Metrics[0], Fixed(totals, new double[10]), Fixed(totals, TwelveErrors)),
            new(Tenant("new"), spec.Metrics[0], new GroupObservation(10), Fixed(totals, new double[10])),
        ], null, []);
        var report = GatePipeline.Judge(CanaryGate.Evidence(spec, judgement, EvaluationWindow.Ending(Clock.GetUtcNow(), spec.Window, spec.Interval), "test"), Policy.Default, [], Clock);

        using var json = JsonDocument.Parse(ReportJson.Serialize(report));

        var findings = json.RootElement.GetProperty("findings").EnumerateArray().ToList();
        var relative = findings.Single(f => f.GetProperty("rule").GetString() == "relative").GetProperty("evidence");
        relative.GetProperty("ratio").ValueKind.ShouldBe(JsonValueKind.Number);
        // The unbounded upper end (no baseline error) is null, as every unbounded interval end is.
        relative.GetProperty("ratioInterval")[1].ValueKind.ShouldBe(JsonValueKind.Null);
        relative.GetProperty("ratio").GetDouble().ShouldBeGreaterThanOrEqualTo(relative.GetProperty("ratioInterval")[0].GetDouble());
        // A slice without a baseline has no baseline value: null beside the reason, not the string "NaN".
        var noData = findings.Single(f => f.GetProperty("rule").GetString() == "no-data").GetProperty("evidence");
        noData.GetProperty("baseline").GetProperty("value").ValueKind.ShouldBe(JsonValueKind.Null);
        noData.GetProperty("reason").GetString().ShouldBe("no baseline series");
        report.Verdict.ShouldBe(Verdict.Fail);
    }
}
