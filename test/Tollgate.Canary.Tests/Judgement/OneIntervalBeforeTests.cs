using Tollgate.Canary.Judgement;
using Tollgate.Domain.Verdicts;
using static Tollgate.Canary.Tests.Judgement.Observations;

namespace Tollgate.Canary.Tests.Judgement;

/// <summary>
/// A deploy watch of a service with sparse traffic before the deploy (report 6d): one minute with requests before, every
/// minute after. The SLO bound needs nothing before the deploy, so it is judged; the relative rule still holds.
/// </summary>
public sealed class OneIntervalBeforeTests
{
    private static readonly Tollgate.Canary.Spec.CanarySpec Watch = JudgeSpec() with { OverTime = true };

    [Fact]
    public void Judge_OneIntervalBeforeAndHalfTheRequestsFailingAfter_RollsBack()
    {
        // The fifth look of the watch: five minutes after the deploy against the five before it, one of which had requests.
        var random = new Random(21);
        var judgement = CanaryJudge.Judge(Watch, [Sparse(random, afterRate: 0.5)], CanaryJudge.NotMeasured, []);

        judgement.Verdict.ShouldBe(Verdict.Fail, judgement.Reason);
        var slo = judgement.Checks.Single(c => c.Rule == "slo");
        slo.Status.ShouldBe(CheckStatus.Worse);
        slo.Test.ShouldContain("one interval before, so the SLO bound alone on the intervals after");
        judgement.Checks.ShouldNotContain(c => c.Rule == "relative");
        judgement.Checks.Single(c => c.Rule == "min-samples").Detail.ShouldStartWith(
            "one interval with requests before (after: 5 intervals): the SLO bound (maxValue) is judged on the intervals after; the relative rule (maxRatio) holds:");
    }

    [Fact]
    public void Judge_OneIntervalBeforeAndAGoodDeployAfter_HoldsForTheRelativeRule()
    {
        var random = new Random(22);
        var judgement = CanaryJudge.Judge(Watch, [Sparse(random, afterRate: 0.002)], CanaryJudge.NotMeasured, []);

        judgement.Verdict.ShouldBe(Verdict.Hold, judgement.Reason);
        judgement.Reason.ShouldStartWith("not enough data: 1 with one interval");
        judgement.Checks.Single(c => c.Rule == "slo").Status.ShouldBe(CheckStatus.Within);
        judgement.Checks.Single(c => c.Rule == "min-samples").Detail.ShouldContain("the relative rule (maxRatio) holds");
    }

    [Fact]
    public void Judge_OneIntervalBeforeAndABurstAfter_LeavesTheBurstOutOfTheSloTest()
    {
        // A dependency's minute at 30 % errors among good minutes after: a burst, not the deploy's rate.
        var random = new Random(23);
        var slice = Sparse(random, afterRate: 0.002);
        slice.Canary.Events[2] = 240;

        var judgement = CanaryJudge.Judge(Watch, [slice], CanaryJudge.NotMeasured, []);

        judgement.Verdict.ShouldBe(Verdict.Hold, judgement.Reason);
        judgement.Checks.Single(c => c.Rule == "slo").LeftOut.Canary.ShouldBe(2);
    }

    [Fact]
    public void RatioJudge_SloOnlySlice_NamesTheSloTestAtItsSource()
    {
        // The error-rate judge itself, not a rewrite of its words afterwards, says what an SLO-only slice was judged on.
        var sloOnly = OverTime.SloOnly(Sparse(new Random(24), afterRate: 0.002), dispersion: 1)!;
        var level = new SliceLevel(0.01, 0.001, 0.001, 0.5, 0.5, false, 5, 10);

        var slo = RatioJudge.Checks(sloOnly, Watch, BaselinePool.Of([sloOnly]), level, 0.5).Single();

        slo.Rule.ShouldBe("slo");
        slo.Test.ShouldContain("; before and after: one interval before, so the SLO bound alone on the intervals after (a burst left out of them), counts divided by the baseline's dispersion over time (1)");
        slo.Test.ShouldNotContain("either group");
    }

    /// <summary>Five minutes before the deploy with requests in the third only, five after with requests in each.</summary>
    private static SliceObservation Sparse(Random random, double afterRate)
    {
        var before = new GroupObservation(5) { Present = true };
        before.Totals[2] = 800;
        before.Events[2] = 2;
        return new SliceObservation(SliceKey.Whole, Watch.Metrics[0], before, Counts(random, 800, afterRate, steps: 5));
    }
}
