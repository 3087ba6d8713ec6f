using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Judgement;
using Tollgate.Canary.Reporting;
using static Tollgate.Canary.Tests.Judgement.Observations;

namespace Tollgate.Canary.Tests.Judgement;

/// <summary>
/// The latency ratio's interval printed beside a verdict is the one the decision used. The relative rule tests the
/// canary's count of requests slower than T = the baseline quantile's upper bound at <c>confidence</c>, exactly, at
/// this look's level ν; so the ratio's interval is the canary's interval at 1 − 2ν over the baseline's bounds at
/// <c>confidence</c> (its lower end over T): above 1 exactly when that test crossed.
/// </summary>
public sealed class LatencyIntervalTests
{
    private static readonly double[] Le = [0.025, 0.05, 0.1, 0.2, 0.3, 0.4, 0.6, 0.8, 1.6];

    private static readonly Tollgate.Canary.Spec.CanarySpec Spec = JudgeSpec("""
          - name: latency-p99
            type: latency
            quantile: 0.99
            buckets: 'sum by (le, tenant) (increase(latency_bucket{ {{selector}} }[{{interval}}]))'
            maxRatio: 1.2
        """);

    [Theory]
    [InlineData(0.08, CheckStatus.Within)]
    [InlineData(0.12, CheckStatus.Worse)]
    public void Report_LatencyRelative_RatioIntervalIsTheDecisions(double canaryMean, CheckStatus expected)
    {
        var random = new Random(11);
        var o = new SliceObservation(Tenant("a"), Spec.Metrics[0], LatencyLayoutTests.Group(random, 1200, 0.08, Le), LatencyLayoutTests.Group(random, 1200, canaryMean, Le));
        var judgement = CanaryJudge.Judge(Spec, [o], null, []);
        var relative = judgement.Checks.Single(c => c.Rule == "relative");
        var window = EvaluationWindow.Ending(new DateTimeOffset(2026, 12, 7, 10, 30, 0, TimeSpan.Zero), Spec.Window, Spec.Interval);
        var evidence = CanaryReport.Build(Spec, judgement, window, "http://prometheus:9090").Findings.Single(f => f.Rule == "relative").Evidence;

        // The decision's interval, computed from the histograms: the test's threshold is the baseline's upper bound at
        // confidence; the canary's interval is at the level ν the verdict used.
        var nu = (double)evidence["nominalLevel"]!;
        var (baselineLow, threshold) = o.Baseline.Cumulative()!.QuantileInterval(0.99, Spec.Confidence);
        var (canaryLow, canaryHigh) = o.Canary.Cumulative()!.QuantileInterval(0.99, 1 - 2 * nu);
        double[] decision = [canaryLow / threshold, canaryHigh / baselineLow];

        relative.Status.ShouldBe(expected, judgement.Reason);
        relative.Test.ShouldContain($"binomial test of requests slower than {threshold:0.####}s");
        ((double[])evidence["ratioInterval"]!).ShouldBe(decision);
        (relative.RatioInterval.Lower, relative.RatioInterval.Upper).ShouldBe((decision[0], decision[1]));
        (decision[0] > 1).ShouldBe(relative.Status == CheckStatus.Worse, "the lower end is above 1 exactly when the test crossed");
        CheckText.Headline(relative).ShouldContain($"{CheckText.Level(nu)} CI {CheckText.Times(decision[0], 1)}-{CheckText.Times(decision[1], 1.2)})");
    }
}
