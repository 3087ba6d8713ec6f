using Tollgate.Canary.Judgement;
using Tollgate.Domain.Statistics;
using Tollgate.Domain.Verdicts;
using static Tollgate.Canary.Tests.Judgement.Observations;

namespace Tollgate.Canary.Tests.Judgement;

/// <summary>
/// A watch that keeps holding after its window (a look past the planned last one): α was spent over the window's
/// looks, so such a look spends nothing new and reuses the last look's boundary; the evidence still says which look it was.
/// </summary>
public sealed class LookAfterWindowTests
{
    [Fact]
    public void Judge_LookAfterTheWindow_ReusesTheLastBoundary()
    {
        // Look 12 of a 10-look plan (window 10m, interval 1m), the canary at three times the baseline's error rate.
        var spec = JudgeSpec();
        var random = new Random(31);
        var slice = new SliceObservation(SliceKey.Whole, spec.Metrics[0], Counts(random, 2000, 0.002, steps: 12), Counts(random, 2000, 0.006, steps: 12));

        var judgement = CanaryJudge.Judge(spec, [slice], null, []);

        var check = judgement.Checks.First(c => c.Rule == "relative");
        check.Looks.ShouldBe((12, 10));
        check.DecisionPValue.ShouldBe(GroupSequential.LookAdjustedPValue(check.MemberPValue, 10, 10));
        check.Level.ShouldBe(GroupSequential.NominalLevel(1 - spec.Confidence, 10, 10));
        check.Level.ShouldBeLessThan(1 - spec.Confidence);
        judgement.Verdict.ShouldBe(Verdict.Fail, judgement.Reason);
    }
}
