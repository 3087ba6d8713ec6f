using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Judgement;
using Tollgate.Canary.Reporting;
using static Tollgate.Canary.Tests.Judgement.Observations;

namespace Tollgate.Canary.Tests.Judgement;

/// <summary>
/// A check within bounds but only not shown worse says about how many more canary requests would show it within
/// bounds, if the rates stay: the interval's upper half narrows as 1/√n, so n grows by (reach / room)². Before: only a
/// check beyond its bound said how much more traffic it needed (to roll back).
/// </summary>
public sealed class WithinBoundsEstimateTests
{
    private static CheckResult Check(string rule, double estimate, double upper, double bound, long canaryCount) =>
        new(Tenant("a"), "error-rate", rule, CheckStatus.Within, "")
        {
            Ratio = estimate,
            RatioInterval = (0, upper),
            CanaryValue = estimate,
            CanaryInterval = (0, upper),
            Bound = bound,
            CanaryCount = canaryCount,
            Looks = (10, 10),
            Unit = rule == "slo" ? "%" : "",
        };

    [Fact]
    public void More_RelativeIntervalUpToThreeTimesAgainstOneAndAHalf_LogScaleHandComputed()
    {
        // Ratio 1, interval up to 3x, maxRatio 1.5, 1,000 canary requests: reach ln 3 = 1.098612, room ln 1.5 = 0.405465,
        // (1.098612 / 0.405465)² = 7.341451, so 1,000 × 6.341451 = 6,341.45: 6,342 more.
        WithinBoundsEstimate.More(Check("relative", 1, 3, 1.5, 1000)).ShouldBe(6342);
    }

    [Fact]
    public void More_SloIntervalUpToThreePercentAgainstTwo_HandComputed()
    {
        // Rate 1 %, interval up to 3 %, maxValue 2 %, 2,000 canary requests: reach 2 points, room 1, 2² = 4: 2,000 × 3 = 6,000 more.
        WithinBoundsEstimate.More(Check("slo", 0.01, 0.03, 0.02, 2000)).ShouldBe(6000);
    }

    [Fact]
    public void More_SloNoErrorsYet_UpperEndNarrowsAsOneOverN()
    {
        // 0 errors in 400, interval up to 1.5 %, maxValue 1 %: 400 × (1.5 / 1 − 1) = 200 more, where the 1/√n rule would
        // say 400 × (1.5² − 1) = 500.
        WithinBoundsEstimate.More(Check("slo", 0, 0.015, 0.01, 400)).ShouldBe(200);
    }

    [Theory]
    [InlineData(1.5, 3.0)] // the estimate at the bound: no traffic shows it under
    [InlineData(1.0, 1.4)] // already shown within bounds
    [InlineData(1.0, double.PositiveInfinity)] // an unbounded interval does not scale
    public void More_NoEstimate_Null(double ratio, double upper)
    {
        WithinBoundsEstimate.More(Check("relative", ratio, upper, 1.5, 1000)).ShouldBeNull();
    }

    [Fact]
    public void More_CheckBeyondItsBound_Null()
    {
        WithinBoundsEstimate.More(Check("relative", 2, 3, 1.5, 1000) with { Status = CheckStatus.Exceeds }).ShouldBeNull();
    }

    [Fact]
    public void Build_OnlyNotShownWorse_EvidenceAndMessageSayHowManyMore()
    {
        var spec = JudgeSpec("""
              - name: error-rate
                type: ratio
                errors: 'sum by (tenant) (increase(errors{ {{selector}} }[{{interval}}]))'
                total: 'sum by (tenant) (increase(requests{ {{selector}} }[{{interval}}]))'
                maxRatio: 1.5
            """);
        // 0.5 % errors in both groups: a 10 % canary of 1,000 requests a minute against its 90 % baseline.
        var o = new SliceObservation(Tenant("b"), spec.Metrics[0], Reporting.ShownWithinBoundsTests.Steady(900, [4, 5]), Reporting.ShownWithinBoundsTests.Steady(100, [1, 0]));
        var judgement = CanaryJudge.Judge(spec, [o], null, []);
        var check = judgement.Checks.Single();
        var window = EvaluationWindow.Ending(new DateTimeOffset(2026, 12, 7, 10, 30, 0, TimeSpan.Zero), spec.Window, spec.Interval);

        var finding = CanaryReport.Build(spec, judgement, window, "http://prometheus:9090").Findings.Single();

        check.Status.ShouldBe(CheckStatus.Within);
        var (reach, room) = (Math.Log(check.RatioInterval.Upper / check.Ratio), Math.Log(1.5 / check.Ratio));
        var expected = Math.Ceiling(1000 * ((reach / room) * (reach / room) - 1));
        expected.ShouldBeGreaterThan(0);
        finding.Evidence["moreForWithinBounds"].ShouldBe(expected);
        finding.Evidence["shownWithinBounds"].ShouldBe(false);
        // 100 canary requests a minute: the time is the requests at that rate, rounded up to the minute.
        var minutes = Math.Ceiling(expected / 100);
        finding.Message.ShouldEndWith($"; an estimate if the rates stay: ≈{expected.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} more canary requests (≈{Tollgate.Canary.Spec.PromDuration.Format(TimeSpan.FromMinutes(minutes))} at the current rate) would show it within bounds");
    }
}
