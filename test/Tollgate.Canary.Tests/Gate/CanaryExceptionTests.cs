using Microsoft.Extensions.Time.Testing;
using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Gate;
using Tollgate.Canary.Judgement;
using Tollgate.Canary.Reporting;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using static Tollgate.Canary.Tests.Judgement.Observations;

namespace Tollgate.Canary.Tests.Gate;

/// <summary>
/// A release that adds a slice value (a new tenant or endpoint): its slice has no baseline series and holds. An
/// exception for that <c>no-data</c> check, with owner and expiry, lets the other slices decide; without one it holds
/// for ever, and an excepted check that measured the canary worse still never promotes.
/// </summary>
public sealed class CanaryExceptionTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    private static readonly PolicyException NewTenant = new("no-data", "tenant=new", "new tenant in this release, CHG-7", "shop", new DateOnly(2027, 1, 31));

    private static Report Judge(Policy policy, double errorRateOfA = 0.004, bool withNew = true)
    {
        var spec = JudgeSpec();
        var random = new Random(11);
        List<SliceObservation> observations =
        [
            new(Tenant("a"), spec.Metrics[0], Counts(random, 5000, 0.004), Counts(random, 5000, errorRateOfA)),
            new(Tenant("b"), spec.Metrics[0], Counts(random, 5000, 0.004), Counts(random, 5000, 0.004)),
        ];
        if (withNew)
        {
            observations.Add(new(Tenant("new"), spec.Metrics[0], new GroupObservation(10), Counts(random, 5000, 0.004)));
        }

        var judgement = CanaryJudge.Judge(spec, observations, null, []);
        return Domain.Gates.GatePipeline.Judge(CanaryGate.Evidence(spec, judgement, EvaluationWindow.Ending(Clock.GetUtcNow(), spec.Window, spec.Interval), "test"), policy, [], Clock);
    }

    [Fact]
    public void Judge_NewSliceWithoutException_HoldsNamingIt()
    {
        var report = Judge(Policy.Default);

        Judge(Policy.Default, withNew: false).Verdict.ShouldBe(Verdict.Pass);
        report.Verdict.ShouldBe(Verdict.Hold);
        report.Reason.ShouldBe("not enough data: 1 slice metric without data (first: tenant=new error-rate: no baseline series)");
        CanaryTextReport.Render(report).ShouldNotContain("excepted");
    }

    [Fact]
    public void Judge_NewSliceExcepted_PromotesOnTheOtherSlicesAndShowsTheException()
    {
        var report = Judge(Policy.Default with { Exceptions = [NewTenant] });

        report.Verdict.ShouldBe(Verdict.Pass);
        report.Reason.ShouldBe("2 slices promoted on error-rate over 10m: both shown within bounds; 1 slice metric not judged, excepted by policy (first: tenant=new error-rate: no baseline series)");
        var text = CanaryTextReport.Render(report);
        text.ShouldStartWith("PROMOTE");
        text.ShouldContain("3 slices: 2 promote, 1 hold (excepted by policy), 0 roll back");
        text.ShouldContain("  excepted   no-data      tenant=new: error rate: no baseline series\n");
        text.ShouldContain("excepted: new tenant in this release, CHG-7; owner shop; until 2027-01-31\n");
        report.Findings.Single(f => f.Address == "tenant=new").Suppression.ShouldNotBeNull().Owner.ShouldBe("shop");
    }

    [Fact]
    public void Judge_NewSliceExceptedButAnotherSliceWorse_RollsBackNamingTheWorseSlice()
    {
        var report = Judge(Policy.Default with { Exceptions = [NewTenant] }, errorRateOfA: 0.02);

        report.Verdict.ShouldBe(Verdict.Fail);
        report.Reason.ShouldStartWith("tenant=a: error rate");
    }

    [Fact]
    public void Judge_ExpiredException_HoldsAgain()
    {
        var report = Judge(Policy.Default with { Exceptions = [NewTenant with { Expires = new DateOnly(2026, 11, 1) }] });

        report.Verdict.ShouldBe(Verdict.Hold);
        report.Reason.ShouldContain("tenant=new error-rate: no baseline series");
    }

    [Fact]
    public void Judge_WorseSliceExcepted_HoldsNeverPromotesAndTheReasonSaysItIsExcepted()
    {
        var policy = Policy.Default with { Exceptions = [new PolicyException("*", "tenant=a", "known noisy tenant, OPS-9", "sre", new DateOnly(2027, 1, 31))] };

        var report = Judge(policy, errorRateOfA: 0.02, withNew: false);

        report.Verdict.ShouldBe(Verdict.Hold);
        report.Reason.ShouldStartWith("the checks that would roll back do not fail under the policy (lowered below failOn, disabled or excepted); the rest of the judgement holds: a check the policy excepts measured the canary beyond its bound, which holds, never promotes: tenant=a: error rate");
    }

    [Fact]
    public void Judge_EveryCheckExceptedForWantOfData_HoldsNeverPromotes()
    {
        var spec = JudgeSpec();
        var random = new Random(11);
        var judgement = CanaryJudge.Judge(spec, [new(Tenant("new"), spec.Metrics[0], new GroupObservation(10), Counts(random, 5000, 0.004))], null, []);

        var report = Domain.Gates.GatePipeline.Judge(CanaryGate.Evidence(spec, judgement, EvaluationWindow.Ending(Clock.GetUtcNow(), spec.Window, spec.Interval), "test"),
            Policy.Default with { Exceptions = [NewTenant with { Address = "*" }] }, [], Clock);

        report.Verdict.ShouldBe(Verdict.Hold);
        report.Reason.ShouldStartWith("every check is excepted by policy");
    }

    private const string EarlyLook = "window not over: every slice within bounds for 3m of 10m";

    [Fact]
    public void Judge_EarlyLookHeldOnANewSliceTheExceptionExcepts_HoldsWindowNotOverNeverPromotes()
    {
        // Before: an early look that held on the new slice only was left as it came (window complete), so excepting
        // that slice re-decided it as a promote at 3 minutes of 10.
        var spec = JudgeSpec();
        var random = new Random(11);
        var judgement = CanaryJudge.NotOver(CanaryJudge.Judge(spec,
        [
            new(Tenant("a"), spec.Metrics[0], Counts(random, 5000, 0.004), Counts(random, 5000, 0.004)),
            new(Tenant("new"), spec.Metrics[0], new GroupObservation(10), Counts(random, 5000, 0.004)),
        ], null, []), EarlyLook);

        var report = Domain.Gates.GatePipeline.Judge(CanaryGate.Evidence(spec, judgement, EvaluationWindow.Ending(Clock.GetUtcNow(), spec.Window, spec.Interval), "test"),
            Policy.Default with { Exceptions = [NewTenant] }, [], Clock);

        report.Verdict.ShouldBe(Verdict.Hold);
        report.Reason.ShouldBe(EarlyLook);
    }

    [Fact]
    public void Judge_EarlyLookWithAnExceptedSlice_KeepsTheWindowNotOverReason()
    {
        // Before: the decision again from the bool alone said "the canary had no traffic in the window's first interval".
        var spec = JudgeSpec();
        var random = new Random(11);
        var judgement = CanaryJudge.NotOver(CanaryJudge.Judge(spec,
        [
            new(Tenant("a"), spec.Metrics[0], Counts(random, 5000, 0.004), Counts(random, 5000, 0.004)),
            new(Tenant("b"), spec.Metrics[0], Counts(random, 5000, 0.004), Counts(random, 5000, 0.004)),
        ], null, []), EarlyLook);
        var allOfB = new PolicyException("*", "tenant=b", "tenant b moves next week, OPS-12", "sre", new DateOnly(2027, 1, 31));

        var again = CanaryExceptions.Decide(spec, judgement, c => c.Slice.ToString() == "tenant=b");

        again.ShouldBe((Verdict.Hold, EarlyLook));
        Domain.Gates.GatePipeline.Judge(CanaryGate.Evidence(spec, judgement, EvaluationWindow.Ending(Clock.GetUtcNow(), spec.Window, spec.Interval), "test"),
            Policy.Default with { Exceptions = [allOfB] }, [], Clock).Reason.ShouldBe(EarlyLook);
    }

    [Fact]
    public void Without_NoSeriesWithTheSourcesReason_KeepsTheReasonInTheDecision()
    {
        var spec = JudgeSpec();

        var judgement = CanaryJudge.Judge(spec, [], CanaryJudge.NoFirstInterval(spec), [], noData: "no series of 'http_requests_total' in the last day");

        judgement.Reason.ShouldBe("no data: no series of 'http_requests_total' in the last day");
        judgement.NoData.ShouldBe("no series of 'http_requests_total' in the last day");
    }
}
