using CsCheck;
using Tollgate.Canary.Judgement;
using Tollgate.Domain.Verdicts;
using static Tollgate.Canary.Tests.Judgement.Observations;

namespace Tollgate.Canary.Tests.Judgement;

public sealed class CanaryJudgeTests
{
    private static readonly Tollgate.Canary.Spec.CanarySpec RatioSpec = JudgeSpec();

    [Fact]
    public void Judge_IdenticalGroups_NeverFail()
    {
        // Even against the strictest relative bound (no worse than the baseline at all).
        var strict = JudgeSpec(RelativeOnly);
        Gen.Select(Gen.Int[0, 5000], Gen.Int[0, 200], Gen.Int[1, 10]).Sample((requests, errors, steps) =>
        {
            var totals = Enumerable.Repeat((double)requests, steps).ToArray();
            var events = Enumerable.Repeat((double)Math.Min(errors, requests), steps).ToArray();
            var o = new SliceObservation(Tenant("a"), strict.Metrics[0], Fixed(totals, events), Fixed(totals, events));
            return CanaryJudge.Judge(strict, [o], null, []).Verdict != Verdict.Fail;
        }, iter: 400);
    }

    [Fact]
    public void Judge_SwappingGroups_FlipsDirection()
    {
        var random = new Random(3);
        var worse = Counts(random, 5000, 0.02);
        var better = Counts(random, 5000, 0.004);

        var canaryWorse = CanaryJudge.Judge(RatioSpec, [new(Tenant("a"), RatioSpec.Metrics[0], better, worse)], null, []);
        var canaryBetter = CanaryJudge.Judge(RatioSpec, [new(Tenant("a"), RatioSpec.Metrics[0], worse, better)], null, []);

        canaryWorse.Verdict.ShouldBe(Verdict.Fail);
        canaryWorse.Checks[0].Ratio.ShouldBeGreaterThan(2);
        canaryBetter.Verdict.ShouldBe(Verdict.Pass);
        canaryBetter.Checks.ShouldAllBe(c => c.Ratio < 1);
    }

    [Fact]
    public void Judge_TwentyHealthySlices_FalseRollbackRateBelowAlpha()
    {
        var random = new Random(20261126);
        var rollbacks = 0;
        const int canaries = 200;
        for (var run = 0; run < canaries; run++)
        {
            var slices = Enumerable.Range(0, 20)
                .Select(i => new SliceObservation(Tenant($"t{i}"), RatioSpec.Metrics[0], Counts(random, 2000, 0.01), Counts(random, 2000, 0.01)))
                .ToList();
            rollbacks += CanaryJudge.Judge(RatioSpec, slices, null, []).Verdict == Verdict.Fail ? 1 : 0;
        }

        (rollbacks / (double)canaries).ShouldBeLessThanOrEqualTo(0.05);
    }

    [Fact]
    public void Judge_OneBadSliceOfTwenty_RollsBackAndNamesIt()
    {
        var random = new Random(9);
        var slices = Enumerable.Range(0, 20)
            .Select(i => new SliceObservation(Tenant($"t{i:00}"), RatioSpec.Metrics[0], Counts(random, 3000, 0.003), Counts(random, 3000, i == 13 ? 0.012 : 0.003)))
            .ToList();

        var judgement = CanaryJudge.Judge(RatioSpec, slices, null, []);

        judgement.Verdict.ShouldBe(Verdict.Fail);
        judgement.Reason.ShouldStartWith("tenant=t13: error rate ");
        judgement.Slices.Count(s => s.Value == Verdict.Fail).ShouldBe(1);
        judgement.Slices[0].Key.ToString().ShouldBe("tenant=t13");
    }

    [Theory]
    [InlineData(0.0, "no canary traffic", "no-data")]
    [InlineData(double.NaN, "NaN", "no-data")]
    [InlineData(10.0, "< minSamples 200", "min-samples")]
    public void Judge_NotEnoughData_HoldsNeverPassesNorFails(double canaryPerStep, string reason, string rule)
    {
        var random = new Random(1);
        var canary = Counts(random, 10, 0.5);
        for (var i = 0; i < canary.Steps; i++)
        {
            canary.Totals[i] = canaryPerStep;
        }

        canary.NonFinite = double.IsNaN(canaryPerStep) ? "total NaN at 2026-11-01T10:23:00Z in {pod=\"a\"}" : null;
        var o = new SliceObservation(Tenant("a"), RatioSpec.Metrics[0], Counts(random, 3000, 0.01), canary);

        var judgement = CanaryJudge.Judge(RatioSpec, [o], null, []);

        judgement.Verdict.ShouldBe(Verdict.Hold);
        judgement.Checks.Single().Rule.ShouldBe(rule);
        judgement.Reason.ShouldContain(reason);
    }

    [Fact]
    public void Judge_NoSeriesAtAll_Holds()
    {
        var judgement = CanaryJudge.Judge(RatioSpec, [], null, []);

        judgement.Verdict.ShouldBe(Verdict.Hold);
        judgement.Reason.ShouldContain("no data");
    }

    [Fact]
    public void Judge_HealthyButCanaryLateInTheWindow_HoldsAndNoSliceCountsAsPromoted()
    {
        // Before: "window not over" for a window that is over, and the summary counted the slice as promoted beside HOLD.
        var random = new Random(2);
        var o = new SliceObservation(Tenant("a"), RatioSpec.Metrics[0], Counts(random, 3000, 0.01), Counts(random, 3000, 0.01));

        var judgement = CanaryJudge.Judge(RatioSpec, [o], CanaryJudge.NoFirstInterval(RatioSpec), []);

        judgement.Verdict.ShouldBe(Verdict.Hold);
        judgement.Reason.ShouldBe("window not complete: the canary had no traffic in the window's first interval (1m), so it has not held for the whole 10m; every slice is within bounds so far");
        judgement.Slices.ShouldHaveSingleItem().Value.ShouldBe(Verdict.Hold);
    }

    [Fact]
    public void Judge_AboveTheSlo_FailsWithRuleSlo()
    {
        var random = new Random(4);
        var o = new SliceObservation(Tenant("a"), RatioSpec.Metrics[0], Counts(random, 3000, 0.08), Counts(random, 3000, 0.1));

        var judgement = CanaryJudge.Judge(RatioSpec, [o], null, []);

        judgement.Verdict.ShouldBe(Verdict.Fail);
        judgement.Checks[0].Rule.ShouldBe("slo");
        judgement.Checks.Single(c => c.Rule == "relative").Status.ShouldBe(CheckStatus.Within);
    }

    [Fact]
    public void Judge_SamplesClearlySlower_FailsOnlyOnTheFinalLook()
    {
        var spec = JudgeSpec(Samples);
        var random = new Random(5);
        GroupObservation Group(double scale)
        {
            var g = new GroupObservation(10) { Present = true };
            for (var i = 0; i < 300; i++)
            {
                g.Samples.Add(scale * (0.1 + random.NextDouble() * 0.02));
            }

            return g;
        }

        var o = new SliceObservation(Tenant("a"), spec.Metrics[0], Group(1), Group(1.5));

        CanaryJudge.Judge(spec, [o], null, []).Verdict.ShouldBe(Verdict.Fail);
        CanaryJudge.Judge(spec, [o], CanaryJudge.NotMeasured, []).Verdict.ShouldBe(Verdict.Hold);
        CanaryJudge.Judge(spec, [o], null, []).Checks[0].Ratio.ShouldBe(1.5, 0.05);
    }

    [Fact]
    public void Judge_BeyondTheBoundWithoutEvidence_HoldsAndSaysHowManyMoreRequests()
    {
        // 2.5x the baseline's errors on 3,000 requests: 15 against 6, far from significant at 1% with ten looks.
        var totals = Enumerable.Repeat(300.0, 10).ToArray();
        var o = new SliceObservation(Tenant("a"), RatioSpec.Metrics[0],
            Fixed(totals, [1, 0, 1, 0, 1, 1, 0, 1, 0, 1]), Fixed(totals, [2, 1, 2, 1, 2, 1, 2, 1, 2, 1]));

        var judgement = CanaryJudge.Judge(RatioSpec, [o], null, []);

        judgement.Verdict.ShouldBe(Verdict.Hold);
        var relative = judgement.Checks.Single(c => c.Rule == "relative");
        relative.Status.ShouldBe(CheckStatus.Exceeds);
        relative.MoreCanaryRequests!.Value.ShouldBeInRange(300, 30_000);
        judgement.Reason.ShouldContain("more canary requests");
        relative.RatioInterval.Lower.ShouldBeLessThan(1);
    }

    [Fact]
    public void Judge_PrintedIntervals_AgreeWithTheVerdict()
    {
        // Consistency (issue 9): a relative check rolls back exactly when its printed interval lies above 1 and its
        // estimate above maxRatio, within the slice's crossing; no interval above the bound stands beside a hold.
        Gen.Select(Gen.Int[0, 60], Gen.Int[0, 60], Gen.Int[1, 4], Gen.Int[1, 10]).Sample((bad, base_, slices, look) =>
        {
            var observations = Enumerable.Range(0, slices).Select(i => new SliceObservation(Tenant($"t{i}"), RatioSpec.Metrics[0],
                Fixed(Enumerable.Repeat(800.0, look).ToArray(), Spread(base_, look)),
                Fixed(Enumerable.Repeat(800.0, look).ToArray(), Spread(i == 0 ? bad : base_, look)))).ToList();
            var judgement = CanaryJudge.Judge(RatioSpec, observations, look == 10 ? null : CanaryJudge.NotMeasured, []);
            return judgement.Checks.Where(c => c.Rule == "relative" && c.Judged).All(c =>
                c.Status == CheckStatus.Worse
                    ? c.RatioInterval.Lower > 1 && c.Ratio > c.Bound && c.AdjustedPValue < 0.01
                    : !(c.RatioInterval.Lower > 1 && c.Ratio > c.Bound && c.AdjustedPValue < 0.01));
        }, iter: 300);
    }

    private static double[] Spread(int total, int steps) =>
        Enumerable.Range(0, steps).Select(i => (double)(total * (i + 1) / steps - total * i / steps)).ToArray();
}
