using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Judgement;
using Tollgate.Canary.Reporting;
using Tollgate.Domain.Verdicts;
using static Tollgate.Canary.Tests.Judgement.Observations;

namespace Tollgate.Canary.Tests.Reporting;

/// <summary>
/// A promote says what was shown: a slice whose interval ends under maxRatio is shown within bounds; one whose interval
/// still reaches past it (a 10 % canary weight's few requests) was only not shown worse, and the reason, its finding,
/// the JSON evidence and the text all say so. Before, both read "held error-rate within bounds".
/// </summary>
public sealed class ShownWithinBoundsTests
{
    private const string Metric = """
          - name: error-rate
            type: ratio
            errors: 'sum by (tenant) (increase(errors{ {{selector}} }[{{interval}}]))'
            total: 'sum by (tenant) (increase(requests{ {{selector}} }[{{interval}}]))'
            maxRatio: 1.5
        """;

    private static readonly Tollgate.Canary.Spec.CanarySpec Spec = JudgeSpec(Metric);

    // 0.5 % errors in both groups. Narrow: 9,000 requests a minute each. Wide: a 10 % canary of 1,000 a minute (100 a
    // minute, 5 errors in the window) against its 90 % baseline.
    private static SliceObservation Narrow(string tenant) =>
        new(Tenant(tenant), Spec.Metrics[0], Steady(9000, [45]), Steady(9000, [45]));

    private static SliceObservation Wide(string tenant) =>
        new(Tenant(tenant), Spec.Metrics[0], Steady(900, [4, 5]), Steady(100, [1, 0]));

    [Fact]
    public void Judge_NarrowInterval_PromotesShownWithinBounds()
    {
        var judgement = CanaryJudge.Judge(Spec, [Narrow("a")], null, []);

        judgement.Verdict.ShouldBe(Verdict.Pass);
        judgement.Checks.Single().RatioInterval.Upper.ShouldBeLessThan(1.5);
        judgement.Reason.ShouldBe("1 slice promoted on error-rate over 10m: shown within bounds");
        CanaryJudge.NotShownWithin(judgement.Checks.Single(), Spec.Interval).ShouldBe("");
    }

    [Fact]
    public void Judge_WideInterval_PromotesSayingItWasOnlyNotShownWorse()
    {
        var judgement = CanaryJudge.Judge(Spec, [Narrow("a"), Wide("b")], null, []);

        judgement.Verdict.ShouldBe(Verdict.Pass);
        var wide = judgement.Checks.Single(c => c.Slice.ToString() == "tenant=b");
        wide.RatioInterval.Upper.ShouldBeGreaterThan(1.5);
        judgement.Reason.ShouldBe(
            $"2 slices promoted on error-rate over 10m: 1 shown within bounds, 1 only not shown worse (too little traffic to exclude error-rate above 1.5x baseline: interval reaches {CheckText.Times(wide.RatioInterval.Upper, 1.5)})");
        CanaryJudge.NotShownWithin(wide, Spec.Interval).ShouldStartWith($"; not shown worse, but not shown within bounds either: interval up to {CheckText.Times(wide.RatioInterval.Upper, 1.5)} against maxRatio 1.5x; ");
    }

    [Fact]
    public void Build_WideAndNarrow_EvidenceAndTextSayWhichWasShown()
    {
        var judgement = CanaryJudge.Judge(Spec, [Narrow("a"), Wide("b")], null, []);
        var window = EvaluationWindow.Ending(new DateTimeOffset(2026, 12, 1, 10, 30, 0, TimeSpan.Zero), Spec.Window, Spec.Interval);

        var report = CanaryReport.Build(Spec, judgement, window, "http://prometheus:9090");
        var text = CanaryTextReport.Render(report);

        report.Findings.Single(f => f.Address == "tenant=a").Evidence["shownWithinBounds"].ShouldBe(true);
        var wide = report.Findings.Single(f => f.Address == "tenant=b");
        wide.Evidence["shownWithinBounds"].ShouldBe(false);
        wide.Message.ShouldContain("; not shown worse, but not shown within bounds either: interval up to " + CheckText.Times(judgement.Checks.Single(c => c.Slice.ToString() == "tenant=b").RatioInterval.Upper, 1.5) + " against maxRatio 1.5x; ");
        text.ShouldContain("  not shown  relative     tenant=b: error rate ");
        text.ShouldNotContain("tenant=a:");
        text.ShouldContain("\n  1 check shown within bounds\n");
    }

    [Fact]
    public void Judge_SamplesSloWithoutAnInterval_NotBlamedOnTooLittleTraffic()
    {
        // A samples metric's SLO check has no interval to compare with maxValue: not shown within it, but not for want
        // of traffic, so the reason neither counts it among intervals reaching past a bound nor prints "n/a" as a reach.
        var spec = JudgeSpec("""
              - name: pod-latency
                type: samples
                samples: 'avg by (tenant, pod) (latency{ {{selector}} })'
                maxRatio: 1.2
                maxValue: 0.5
            """);
        var random = new Random(5);
        GroupObservation Group()
        {
            var g = new GroupObservation(10) { Present = true };
            for (var i = 0; i < 3000; i++)
            {
                g.Samples.Add(0.1 + random.NextDouble() * 0.02);
            }

            return g;
        }

        var judgement = CanaryJudge.Judge(spec, [new SliceObservation(Tenant("a"), spec.Metrics[0], Group(), Group())], null, []);

        judgement.Verdict.ShouldBe(Verdict.Pass);
        var slo = judgement.Checks.Single(c => c.Rule == "slo");
        double.IsNaN(CanaryJudge.Reach(slo)).ShouldBeTrue();
        CanaryJudge.ShownWithin(judgement.Checks.Single(c => c.Rule == "relative")).ShouldBeTrue();
        judgement.Reason.ShouldBe("1 slice promoted on pod-latency over 10m: 0 shown within bounds, 1 with a check that has no interval to compare with its bound");
    }

    internal static GroupObservation Steady(double perMinute, double[] errors) =>
        Fixed(Enumerable.Repeat(perMinute, 10).ToArray(), Enumerable.Range(0, 10).Select(i => errors[i % errors.Length]).ToArray());
}
