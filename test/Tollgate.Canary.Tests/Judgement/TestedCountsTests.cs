using Tollgate.Canary.Judgement;
using static Tollgate.Canary.Tests.Judgement.Observations;

namespace Tollgate.Canary.Tests.Judgement;

/// <summary>
/// Before and after a change the error counts are divided by the baseline's dispersion over time and rounded to whole
/// errors for the exact tests; the rates and the ratio printed beside the verdict (and compared with the bound) are those
/// of the counts tested (report 18, finding 4: bad7's globex look printed 9.2x from the raw 46/2,498 and 5/2,490, while
/// the test counted 13 against 1 after dividing by 3.454).
/// </summary>
public sealed class TestedCountsTests
{
    private static readonly Tollgate.Canary.Spec.CanarySpec Watch = JudgeSpec() with { OverTime = true };

    [Fact]
    public void RatioJudge_CountsDividedByTheDispersion_PrintsTheRatesAndRatioTheTestUsed()
    {
        const double dispersion = 3.454;
        var slice = new SliceObservation(Tenant("globex"), Watch.Metrics[0], Fixed([2490], [5]), Fixed([2498], [46]));
        var level = new SliceLevel(0.01, 0.001, 0.001, 0.5, 0.5, true, 5, 10);

        var checks = RatioJudge.Checks(slice, Watch, BaselinePool.Of([slice], dispersion), level, 0.5).ToList();

        var relative = checks.Single(c => c.Rule == "relative");
        relative.CanaryValue.ShouldBe(13 / (2498 / dispersion), 1e-12, "46 / 3.454 = 13.3: 13 errors tested");
        relative.BaselineValue.ShouldBe(1 / (2490 / dispersion), 1e-12, "5 / 3.454 = 1.45: 1 error tested");
        relative.Ratio.ShouldBe(13.0 * 2490 / 2498, 1e-9);
        CheckText.Headline(relative).ShouldStartWith("tenant=globex: error rate 13x baseline (1.80% vs 0.14%, ");
        checks.Single(c => c.Rule == "slo").CanaryValue.ShouldBe(relative.CanaryValue, "the SLO test counts the same 13 errors");
        (relative.CanaryEvents, relative.BaselineEvents).ShouldBe((46L, 5L), "the raw counts stay in the evidence");
    }

    [Fact]
    public void RatioJudge_SideBySide_PrintsTheRawRates()
    {
        var slice = new SliceObservation(Tenant("globex"), Watch.Metrics[0], Fixed([2490], [5]), Fixed([2498], [46]));
        var level = new SliceLevel(0.01, 0.001, 0.001, 0.5, 0.5, true, 5, 10);

        var relative = RatioJudge.Checks(slice, Watch, BaselinePool.Of([slice]), level, 0.5).Single(c => c.Rule == "relative");

        (relative.CanaryValue, relative.BaselineValue).ShouldBe((46 / 2498.0, 5 / 2490.0));
    }
}
