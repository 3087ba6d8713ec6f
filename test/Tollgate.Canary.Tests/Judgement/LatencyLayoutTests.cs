using Tollgate.Canary.Judgement;
using Tollgate.Domain.Statistics;
using Tollgate.Domain.Verdicts;
using static Tollgate.Canary.Tests.Judgement.Observations;

namespace Tollgate.Canary.Tests.Judgement;

/// <summary>
/// Latency quantiles of groups whose histograms have different <c>le</c> sets, and of few requests. Seeded exponential
/// latencies (mean 80 ms: true p99 = 0.08 ln 100 = 368 ms) bucketed per step as a client library would.
/// </summary>
public sealed class LatencyLayoutTests
{
    private static readonly double[] BaselineLe = [0.05, 0.1, 0.25, 0.5, 1];
    private static readonly double[] CanaryLe = [0.1, 0.3, 1];

    private static readonly Tollgate.Canary.Spec.CanarySpec Spec = JudgeSpec("""
          - name: latency-p99
            type: latency
            quantile: 0.99
            buckets: 'sum by (le, tenant) (increase(latency_bucket{ {{selector}} }[{{interval}}]))'
            maxRatio: 1.2
        """);

    private static readonly Tollgate.Canary.Spec.CanarySpec WithSlo = JudgeSpec("""
          - name: latency-p99
            type: latency
            quantile: 0.99
            buckets: 'sum by (le, tenant) (increase(latency_bucket{ {{selector}} }[{{interval}}]))'
            maxRatio: 1.2
            maxValue: 0.8
        """);

    [Fact]
    public void Judge_SameLatencyDifferentBuckets_NeverRollsBack()
    {
        // Before: each layout interpolated on its own gave p99 699 ms vs 454 ms, and every run rolled back (p≈1e-14).
        var random = new Random(4);
        var rollbacks = 0;
        for (var run = 0; run < 100; run++)
        {
            var o = new SliceObservation(Tenant("a"), Spec.Metrics[0], Group(random, 1200, 0.08, BaselineLe), Group(random, 1200, 0.08, CanaryLe));
            rollbacks += CanaryJudge.Judge(Spec, [o], null, []).Verdict == Verdict.Fail ? 1 : 0;
        }

        rollbacks.ShouldBeLessThanOrEqualTo(1);
    }

    [Fact]
    public void Judge_SameLatencyDifferentBuckets_SloReadsTheCanarysOwnBuckets()
    {
        // The SLO is the canary's own question: its buckets put the p99 at ~700 ms (0.3-1 interpolated), inside 800 ms;
        // read on the shared bounds (0.1, 1) it would be ~970 ms, and a rollback.
        var random = new Random(5);
        var o = new SliceObservation(Tenant("a"), WithSlo.Metrics[0], Group(random, 1200, 0.08, BaselineLe), Group(random, 1200, 0.08, CanaryLe));

        var judgement = CanaryJudge.Judge(WithSlo, [o], null, []);

        judgement.Verdict.ShouldBe(Verdict.Pass, judgement.Reason);
        var relative = judgement.Checks.Single(c => c.Rule == "relative");
        relative.Test.ShouldContain("canary and baseline buckets differ (canary le 0.1, 0.3, 1, baseline le 0.05, 0.1, 0.25, 0.5, 1): compared on the shared bounds le 0.1, 1");
        relative.Ratio.ShouldBe(1, 0.05);
        judgement.Checks.Single(c => c.Rule == "slo").CanaryValue.ShouldBeInRange(0.6, 0.78);
    }

    [Fact]
    public void Report_SloFindingWithDifferentBuckets_RatioIsTheCanaryOverTheBaselineItPrints()
    {
        // Before: the SLO finding's values were each group's own quantile while its ratio came from the shared bounds
        // (about 1, against ~700 ms over ~450 ms), so its JSON ratio was not the canary over the baseline it printed.
        var random = new Random(5);
        var o = new SliceObservation(Tenant("a"), WithSlo.Metrics[0], Group(random, 1200, 0.08, BaselineLe), Group(random, 1200, 0.08, CanaryLe));
        var judgement = CanaryJudge.Judge(WithSlo, [o], null, []);
        var window = Tollgate.Canary.Evaluation.EvaluationWindow.Ending(new DateTimeOffset(2026, 11, 1, 10, 30, 0, TimeSpan.Zero), WithSlo.Window, WithSlo.Interval);

        var slo = Tollgate.Canary.Reporting.CanaryReport.Build(WithSlo, judgement, window, "http://prometheus:9090").Findings.Single(f => f.Rule == "slo").Evidence;

        // The evidence as the JSON report writes it.
        var canary = (double)((IReadOnlyDictionary<string, object?>)slo["canary"]!)["value"]!;
        var baseline = (double)((IReadOnlyDictionary<string, object?>)slo["baseline"]!)["value"]!;
        canary.ShouldBeGreaterThan(baseline * 1.2);
        ((double)slo["ratio"]!).ShouldBe(canary / baseline, 1e-9);
        ((double[])slo["ratioInterval"]!)[0].ShouldBeLessThanOrEqualTo(canary / baseline);
    }

    [Fact]
    public void Judge_OneAndAHalfTimesSlowerWithDifferentBuckets_RollsBack()
    {
        // Power on a real shift: layouts sharing 0.05, 0.1, 0.2, 0.4, 0.8; the canary's latency is 1.5x (p99 552 ms vs 368 ms).
        double[] baselineLe = [0.025, 0.05, 0.1, 0.2, 0.4, 0.8];
        double[] canaryLe = [0.05, 0.1, 0.2, 0.3, 0.4, 0.8, 1.6];
        var random = new Random(6);
        var rollbacks = 0;
        for (var run = 0; run < 40; run++)
        {
            var o = new SliceObservation(Tenant("a"), Spec.Metrics[0], Group(random, 1200, 0.08, baselineLe), Group(random, 1200, 0.12, canaryLe));
            rollbacks += CanaryJudge.Judge(Spec, [o], null, []).Verdict == Verdict.Fail ? 1 : 0;
        }

        rollbacks.ShouldBeGreaterThanOrEqualTo(36);
    }

    [Fact]
    public void Judge_BucketsShareNoBound_HoldsNamingBothLayouts()
    {
        var random = new Random(7);
        var o = new SliceObservation(Tenant("a"), Spec.Metrics[0], Group(random, 1200, 0.08, [0.05, 0.5]), Group(random, 1200, 0.08, [0.1, 1]));

        var judgement = CanaryJudge.Judge(Spec, [o], null, []);

        judgement.Verdict.ShouldBe(Verdict.Hold);
        judgement.Reason.ShouldContain("buckets: canary le 0.1, 1, baseline le 0.05, 0.5 share no bound, so their quantiles cannot be compared");
    }

    [Fact]
    public void Judge_P99OfFourHundredRequests_UpperBoundUnboundedAndPrintedSo()
    {
        // 400 requests: the p99's upper bound at 99% needs 528 (SciPy: binom.ppf(0.995, 400, 0.99) + 1 = 401 > 400).
        // Before: clamped to the largest bucket's edge, so the interval, the ratio's and the relative test's threshold were too narrow.
        var random = new Random(8);
        var o = new SliceObservation(Tenant("a"), WithSlo.Metrics[0], Group(random, 40, 0.08, BaselineLe), Group(random, 40, 0.2, BaselineLe));

        var judgement = CanaryJudge.Judge(WithSlo, [o], null, []);

        var relative = judgement.Checks.Single(c => c.Rule == "relative");
        relative.RatioInterval.Lower.ShouldBe(0);
        relative.Ratio.ShouldBeGreaterThan(1.2);
        relative.Status.ShouldBe(CheckStatus.Exceeds);
        relative.Test.ShouldContain("no test yet, the baseline's p99 has no upper bound at 0.99");
        relative.Detail.ShouldStartWith("the baseline's p99 has no upper bound at 0.99 with 400 requests (about 528 bound it)");
        var slo = judgement.Checks.Single(c => c.Rule == "slo");
        slo.CanaryInterval.Upper.ShouldBe(double.PositiveInfinity);
        CheckText.Headline(slo).ShouldEndWith("-∞)");
        judgement.Verdict.ShouldNotBe(Verdict.Pass);
    }

    [Fact]
    public void Checks_UnboundedBaselineDividedByItsDispersion_SaysTheCountTheRuleUses()
    {
        // Before and after, the interval's rule counts requests divided by the dispersion: with 2, 528 × 2 bound it.
        // Before: "about 528", the count without the dispersion, though 528 requests would still leave it unbounded.
        var random = new Random(8);
        var o = new SliceObservation(Tenant("a"), WithSlo.Metrics[0], Group(random, 40, 0.08, BaselineLe), Group(random, 40, 0.2, BaselineLe));

        var relative = LatencyJudge.Checks(o, WithSlo, new SliceLevel(0.01, 0.01, 0.01, 0.5, 0.5, false, 10, 10), 0.5, dispersion: 2).Single(c => c.Rule == "relative");

        relative.Detail.ShouldStartWith("the baseline's p99 has no upper bound at 0.99 with 400 requests (about 1,056 bound it)");
    }

    /// <summary>Per step, <paramref name="perStep"/> exponential latencies of the given mean, counted into cumulative buckets.</summary>
    internal static GroupObservation Group(Random random, int perStep, double mean, double[] bounds)
    {
        var group = new GroupObservation(10) { Present = true };
        for (var t = 0; t < 10; t++)
        {
            var counts = new double[bounds.Length + 1];
            for (var i = 0; i < perStep; i++)
            {
                var latency = -mean * Math.Log(1 - random.NextDouble());
                for (var b = 0; b < bounds.Length; b++)
                {
                    counts[b] += latency <= bounds[b] ? 1 : 0;
                }

                counts[^1]++;
            }

            group.Histograms[t] = new Histogram(bounds.Append(double.PositiveInfinity).Select((le, b) => new HistogramBucket(le, counts[b])));
            group.Totals[t] = perStep;
        }

        return group;
    }
}
