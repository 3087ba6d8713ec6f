using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Judgement;
using Tollgate.Canary.Reporting;
using Tollgate.Domain.Statistics;
using static Tollgate.Canary.Tests.Judgement.Observations;

namespace Tollgate.Canary.Tests.Judgement;

/// <summary>
/// A check within bounds but only not shown worse says about how many more canary requests would show it within
/// bounds, if the rates stay: every count grown by the same factor, the check's own interval recomputed at the window's
/// last look's level (the level the traffic needed to roll back uses). Before: a 1/√n rule at this look's level, which
/// at an early look asked for about twice the traffic the last look needs, and at the last look fell short of the bound.
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

    // An interval whose upper end comes down to the estimate as 1/f: (upper − estimate) / f + estimate.
    private static Func<double, double> Narrowing(double estimate, double upper) => f => estimate + (upper - estimate) / f;

    [Fact]
    public void More_UpperEndHalvingWithTwiceTheTraffic_FirstScaleAtTheBound()
    {
        // 1 % with an upper end of 3 % against 2 %: the reach halves at f = 2, so 2,000 canary requests need 2,000 more.
        var more = WithinBoundsEstimate.More(Check("slo", 0.01, 0.03, 0.02, 2000), Narrowing(0.01, 0.03));

        more.ShouldNotBeNull();
        more.Value.ShouldBeInRange(2000, 2004); // the search stops within 0.1 % of the scale, rounded up
    }

    [Theory]
    [InlineData(1.5, 3.0)] // the estimate at the bound: no traffic shows it under
    [InlineData(1.0, 1.4)] // already shown within bounds
    [InlineData(1.0, double.PositiveInfinity)] // an unbounded interval does not scale
    public void More_NoEstimate_Null(double ratio, double upper)
    {
        WithinBoundsEstimate.More(Check("relative", ratio, upper, 1.5, 1000), Narrowing(ratio, upper)).ShouldBeNull();
    }

    [Fact]
    public void More_CheckBeyondItsBound_Null()
    {
        WithinBoundsEstimate.More(Check("relative", 2, 3, 1.5, 1000) with { Status = CheckStatus.Exceeds }, Narrowing(2, 3)).ShouldBeNull();
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
        var expected = check.MoreForWithinBounds!.Value;
        expected.ShouldBeGreaterThan(0);
        // That traffic at the same rates shows it within bounds at the window's last look; nine tenths of it does not.
        Upper(Grown(spec, o, 1 + expected / 1000)).ShouldBeLessThanOrEqualTo(1.5);
        Upper(Grown(spec, o, 1 + 0.9 * expected / 1000)).ShouldBeGreaterThan(1.5);
        finding.Evidence["moreForWithinBounds"].ShouldBe(expected);
        finding.Evidence["shownWithinBounds"].ShouldBe(false);
        // 100 canary requests a minute: the time is the requests at that rate, rounded up to the minute.
        var minutes = Math.Ceiling(expected / 100);
        finding.Message.ShouldEndWith($"; an estimate if the rates stay: ≈{expected.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} more canary requests (≈{Tollgate.Canary.Spec.PromDuration.Format(TimeSpan.FromMinutes(minutes))} at the current rate) would show it within bounds");
    }

    [Fact]
    public void More_EarlyLook_TheLastLooksLevelNotThisOnes()
    {
        var spec = JudgeSpec("""
              - name: error-rate
                type: ratio
                errors: 'sum by (tenant) (increase(errors{ {{selector}} }[{{interval}}]))'
                total: 'sum by (tenant) (increase(requests{ {{selector}} }[{{interval}}]))'
                maxRatio: 1.5
            """);
        // Look 5 of 10: 1 % errors in both groups, 100 canary requests a minute against 900.
        var o = new SliceObservation(Tenant("b"), spec.Metrics[0], Fixed([.. Enumerable.Repeat(900.0, 5)], [9, 9, 9, 9, 9]), Fixed([.. Enumerable.Repeat(100.0, 5)], [1, 1, 1, 1, 1]));
        var check = CanaryJudge.Judge(spec, [o], null, []).Checks.Single();
        check.Looks.ShouldBe((5, 10));
        var more = check.MoreForWithinBounds!.Value;

        // At the last look (the traffic added by then) it is shown within bounds, and with nine tenths of it not: the
        // estimate is the last look's. At this look's stricter level the same traffic is not enough.
        Upper(Grown(spec, o, 1 + more / 500)).ShouldBeLessThanOrEqualTo(1.5);
        Upper(Grown(spec, o, 1 + 0.9 * more / 500)).ShouldBeGreaterThan(1.5);
        Upper(Grown(spec, o, 1 + more / 500, steps: 5)).ShouldBeGreaterThan(1.5);
    }

    [Theory]
    [InlineData("maxValue: 0.32")]
    [InlineData("maxRatio: 1.2")]
    public void More_Latency_ThatTrafficShowsItWithinBoundsAtTheLastLook(string bound)
    {
        var spec = JudgeSpec($$$"""
              - name: latency-p90
                type: latency
                quantile: 0.9
                buckets: 'sum by (le, tenant) (increase(latency_bucket{ {{selector}} }[{{interval}}]))'
                {{{bound}}}
            """);
        double[] le = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.6];
        var random = new Random(7);
        var o = new SliceObservation(Tenant("c"), spec.Metrics[0], LatencyLayoutTests.Group(random, 360, 0.12, le), LatencyLayoutTests.Group(random, 20, 0.12, le));
        var check = CanaryJudge.Judge(spec, [o], null, []).Checks.Single();
        check.Status.ShouldBe(CheckStatus.Within);
        var more = check.MoreForWithinBounds!.Value;
        more.ShouldBeGreaterThan(0);

        // At the bound within a count's rounding (the histogram's interval moves by a hair with it), and not before.
        Upper(Grown(spec, o, 1 + more / 200)).ShouldBeLessThanOrEqualTo(check.Bound * 1.01);
        Upper(Grown(spec, o, 1 + 0.9 * more / 200)).ShouldBeGreaterThan(check.Bound);
    }

    private static double Upper(CheckResult c) => c.Rule == "slo" ? c.CanaryInterval.Upper : c.RatioInterval.Upper;

    /// <summary>The slice's one check judged on both groups' counts times f, as <paramref name="steps"/> steps of a 10-step window (10: its last look).</summary>
    private static CheckResult Grown(Tollgate.Canary.Spec.CanarySpec spec, SliceObservation o, double f, int steps = 10) =>
        CanaryJudge.Judge(spec, [o with { Baseline = Scaled(o.Baseline, f, steps), Canary = Scaled(o.Canary, f, steps) }], null, []).Checks.Single();

    // The group's steps, the added traffic (the counts times f − 1) in the last of `steps` steps.
    private static GroupObservation Scaled(GroupObservation g, double f, int steps)
    {
        var grown = new GroupObservation(steps) { Present = true };
        for (var t = 0; t < g.Steps; t++)
        {
            grown.Totals[t] = g.Totals[t];
            grown.Events[t] = g.Events[t];
            grown.Histograms[t] = g.Histograms[t];
        }

        grown.Totals[^1] += g.Totals.Sum() * (f - 1);
        grown.Events[^1] += g.Events.Sum() * (f - 1);
        if (g.Cumulative() is { } h)
        {
            var added = new Histogram(h.Buckets.Select(b => b with { CumulativeCount = b.CumulativeCount * (f - 1) }));
            grown.Histograms[^1] = grown.Histograms[^1] is { } last ? Histogram.Sum(last, added) : added;
        }

        return grown;
    }
}
