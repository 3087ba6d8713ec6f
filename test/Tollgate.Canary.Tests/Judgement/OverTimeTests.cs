using Tollgate.Canary.Judgement;
using Tollgate.Domain.Statistics;
using Tollgate.Domain.Verdicts;
using static Tollgate.Canary.Tests.Judgement.Observations;

namespace Tollgate.Canary.Tests.Judgement;

/// <summary>The before/after judgement of a deploy watch (<see cref="OverTime"/>): bursts left out, dispersion over time.</summary>
public sealed class OverTimeTests
{
    private static readonly Tollgate.Canary.Spec.CanarySpec SideBySide = JudgeSpec();
    private static readonly Tollgate.Canary.Spec.CanarySpec BeforeAfter = SideBySide with { OverTime = true };

    [Fact]
    public void Judge_BurstInOneAfterMinute_RollsBackSideBySideButNotBeforeAndAfter()
    {
        // 20 healthy slices at 0.2%, 800 requests a minute; one slice has a dependency's burst of 40 errors in minute 4.
        var random = new Random(5);
        var slices = HealthySlices(random, 20);
        slices[3].Canary.Events[4] += 40;

        var sideBySide = CanaryJudge.Judge(SideBySide, slices, null, []);
        var beforeAfter = CanaryJudge.Judge(BeforeAfter, slices, null, []);

        sideBySide.Verdict.ShouldBe(Verdict.Fail);
        sideBySide.Slices[0].Key.ToString().ShouldBe("tenant=t03");
        beforeAfter.Verdict.ShouldBe(Verdict.Pass);
        var check = beforeAfter.Checks.Single(c => c.Slice.ToString() == "tenant=t03" && c.Rule == "relative");
        check.LeftOut.Canary.ShouldBe(4);
        check.CanaryEvents!.Value.ShouldBeLessThan(40); // the printed counts are the ones judged, the burst left out
        check.Test.ShouldContain("burst interval left out");
    }

    [Fact]
    public void Judge_SteadyRegression_StillRollsBackBeforeAndAfter()
    {
        // A 4× regression is in every minute: no minute is a burst among its own, so nothing is left out.
        var random = new Random(6);
        var slices = HealthySlices(random, 20);
        slices[7] = slices[7] with { Canary = Counts(random, 800, 0.008) };

        var judgement = CanaryJudge.Judge(BeforeAfter, slices, null, []);

        judgement.Verdict.ShouldBe(Verdict.Fail);
        judgement.Slices[0].Key.ToString().ShouldBe("tenant=t07");
        judgement.Checks.First(c => c.Slice.ToString() == "tenant=t07").LeftOut.Canary.ShouldBeNull();
    }

    [Fact]
    public void Judge_BurstBeforeTheDeploy_DoesNotHideARegression()
    {
        // The baseline's burst would lift its rate to 2.5× its own; left out, a 4× slice still rolls back.
        var random = new Random(7);
        var slices = HealthySlices(random, 20);
        slices[2] = slices[2] with { Canary = Counts(random, 800, 0.008) };
        slices[2].Baseline.Events[1] += 40;

        var judgement = CanaryJudge.Judge(BeforeAfter, slices, null, []);

        judgement.Verdict.ShouldBe(Verdict.Fail);
        judgement.Checks.First(c => c.Slice.ToString() == "tenant=t02").LeftOut.Baseline.ShouldBe(1);
    }

    [Fact]
    public void Judge_OneInterval_HoldsBeforeAndAfter()
    {
        // At the first look each side has one minute: whether its errors are a burst or a rate cannot be told.
        var random = new Random(8);
        var slices = Enumerable.Range(0, 5)
            .Select(i => new SliceObservation(Tenant($"t{i}"), BeforeAfter.Metrics[0], Counts(random, 800, 0.002, steps: 1), Counts(random, 800, 0.05, steps: 1)))
            .ToList();

        var judgement = CanaryJudge.Judge(BeforeAfter, slices, CanaryJudge.NotMeasured, []);

        judgement.Verdict.ShouldBe(Verdict.Hold);
        judgement.Reason.ShouldContain("5 with one interval");
        judgement.Checks[0].Detail.ShouldStartWith("one interval with requests before and after:");
        judgement.Checks[0].Detail.ShouldContain("two are needed on each side");
    }

    [Fact]
    public void Judge_OneIntervalOnOneSide_HoldNamesTheShortSideAndBothCounts()
    {
        // Sparse traffic before the deploy (one minute of ten), after it every minute; and the other way round.
        var random = new Random(11);
        var beforeShort = Counts(random, 800, 0.002);
        var afterShort = Counts(random, 800, 0.002);
        for (var t = 1; t < 10; t++)
        {
            beforeShort.Totals[t] = beforeShort.Events[t] = 0;
            afterShort.Totals[t] = afterShort.Events[t] = 0;
        }

        var slices = new List<SliceObservation>
        {
            new(Tenant("sparse-before"), BeforeAfter.Metrics[0], beforeShort, Counts(random, 800, 0.002)),
            new(Tenant("sparse-after"), BeforeAfter.Metrics[0], Counts(random, 800, 0.002), afterShort),
        };

        var judgement = CanaryJudge.Judge(BeforeAfter, slices, CanaryJudge.NotMeasured, []);

        judgement.Verdict.ShouldBe(Verdict.Hold);
        judgement.Checks.Single(c => c.Slice.ToString() == "tenant=sparse-before" && c.Rule == "min-samples").Detail
            .ShouldStartWith("one interval with requests before (after: 10 intervals):");
        judgement.Checks.Single(c => c.Slice.ToString() == "tenant=sparse-after").Detail
            .ShouldStartWith("one interval with requests after (before: 10 intervals):");
    }

    [Fact]
    public void Dispersion_PoissonCounts_NearOne_OverdispersedCounts_AboutTheirs()
    {
        // Poisson counts: X²/df about 1 on 180 df, its upper 90% bound about 1.15.
        var random = new Random(9);
        var poisson = OverTime.Dispersion(HealthySlices(random, 20));
        poisson.ShouldBeGreaterThanOrEqualTo(1);
        poisson.ShouldBeLessThan(1.3);

        // Each minute's rate multiplied by 0.5 or 1.5 at random: variance μ + μ²·Var(factor) = μ (1 + 1.6 × 0.25), a
        // dispersion of 1.4 at 1.6 errors a minute.
        var slices = Enumerable.Range(0, 20).Select(i =>
        {
            var baseline = new GroupObservation(10) { Present = true };
            for (var t = 0; t < 10; t++)
            {
                baseline.Totals[t] = 800;
                baseline.Events[t] = Poisson(random, 1.6 * (random.Next(2) == 0 ? 0.5 : 1.5));
            }

            return new SliceObservation(Tenant($"t{i}"), BeforeAfter.Metrics[0], baseline, baseline);
        }).ToList();
        var dispersion = OverTime.Dispersion(slices);
        dispersion.ShouldBeGreaterThan(1.2);
        dispersion.ShouldBeLessThan(2.0);
    }

    [Fact]
    public void Judge_Overdispersed_DividesTheTestsCountsButPrintsTheMeasuredOnes()
    {
        var random = new Random(10);
        var slices = HealthySlices(random, 20);
        foreach (var o in slices)
        {
            for (var t = 0; t < 10; t += 2)
            {
                o.Baseline.Events[t] += 3;
                o.Baseline.Events[t + 1] = Math.Max(0, o.Baseline.Events[t + 1] - 1);
            }
        }

        var judgement = CanaryJudge.Judge(BeforeAfter, slices, null, []);
        var check = judgement.Checks.First(c => c.Rule == "relative" && c.LeftOut.Baseline is null);

        check.Dispersion.ShouldBeGreaterThan(1);
        check.Test.ShouldContain($"dispersion over time ({check.Dispersion:0.##})");
        check.BaselineEvents.ShouldBe((long)Math.Round(slices.Single(o => o.Slice == check.Slice).Baseline.Events.Sum()));
        CanaryJudge.Judge(SideBySide, slices, null, []).Checks.First(c => c.Rule == "relative").Dispersion.ShouldBe(1);
    }

    private static List<SliceObservation> HealthySlices(Random random, int count) =>
        Enumerable.Range(0, count)
            .Select(i => new SliceObservation(Tenant($"t{i:00}"), SideBySide.Metrics[0], Counts(random, 800, 0.002), Counts(random, 800, 0.002)))
            .ToList();
}

/// <summary>The same defences for a latency quantile: a pause is a minute with many requests slower than the baseline's quantile.</summary>
public sealed class OverTimeLatencyTests
{
    private static readonly double[] Bounds = [0.05, 0.1, 0.25, 0.5, 1, 2.5, double.PositiveInfinity];
    private static readonly double[] Normal = [100, 400, 720, 795, 800, 800, 800];
    private static readonly double[] Paused = [10, 50, 200, 400, 650, 790, 800];
    private static readonly double[] Slower = [20, 100, 400, 700, 790, 800, 800];

    private static readonly Tollgate.Canary.Spec.CanarySpec SideBySide = JudgeSpec("""
          - name: latency-p99
            type: latency
            quantile: 0.99
            buckets: 'sum by (le, tenant) (increase(latency_bucket{ {{selector}} }[{{interval}}]))'
            maxRatio: 1.5
        """);

    private static readonly Tollgate.Canary.Spec.CanarySpec BeforeAfter = SideBySide with { OverTime = true };

    [Fact]
    public void Judge_OnePausedMinuteAfter_RollsBackSideBySideButNotBeforeAndAfter()
    {
        var slices = Slices(canary: (slice, step) => slice == 3 && step == 6 ? Paused : Normal);

        CanaryJudge.Judge(SideBySide, slices, null, []).Verdict.ShouldBe(Verdict.Fail);
        var beforeAfter = CanaryJudge.Judge(BeforeAfter, slices, null, []);
        beforeAfter.Verdict.ShouldBe(Verdict.Pass, beforeAfter.Reason);
        beforeAfter.Checks.Single(c => c.Slice.ToString() == "tenant=t03").LeftOut.Canary.ShouldBe(6);
    }

    [Fact]
    public void Judge_SteadilySlower_RollsBackBeforeAndAfter()
    {
        var judgement = CanaryJudge.Judge(BeforeAfter, Slices(canary: (slice, _) => slice == 5 ? Slower : Normal), null, []);

        judgement.Verdict.ShouldBe(Verdict.Fail, judgement.Reason);
        judgement.Slices[0].Key.ToString().ShouldBe("tenant=t05");
        judgement.Checks.First(c => c.Slice.ToString() == "tenant=t05").LeftOut.Canary.ShouldBeNull();
    }

    private static List<SliceObservation> Slices(Func<int, int, double[]> canary) =>
        Enumerable.Range(0, 20).Select(s => new SliceObservation(Tenant($"t{s:00}"), SideBySide.Metrics[0], Group(_ => Normal), Group(t => canary(s, t)))).ToList();

    private static GroupObservation Group(Func<int, double[]> cumulative)
    {
        var group = new GroupObservation(10) { Present = true };
        for (var t = 0; t < 10; t++)
        {
            var counts = cumulative(t);
            group.Histograms[t] = new Histogram(Bounds.Select((le, b) => new HistogramBucket(le, counts[b])));
            group.Totals[t] = counts[^1];
        }

        return group;
    }
}
