using Microsoft.Extensions.Time.Testing;
using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Gate;
using Tollgate.Canary.Judgement;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Verdicts;
using static Tollgate.Canary.Tests.Judgement.Observations;

namespace Tollgate.Canary.Tests.Gate;

/// <summary><c>canary --policy</c>: the judge's checks go through the same policy step as a plan's findings.</summary>
public sealed class CanaryGatePolicyTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    private static (Tollgate.Canary.Spec.CanarySpec Spec, CanaryJudgement Judgement, EvaluationWindow Window) WorseCanary()
    {
        var spec = JudgeSpec();
        var random = new Random(3);
        var judgement = CanaryJudge.Judge(spec, [new(Tenant("a"), spec.Metrics[0], Counts(random, 5000, 0.004), Counts(random, 5000, 0.02))], null, []);
        return (spec, judgement, EvaluationWindow.Ending(Clock.GetUtcNow(), spec.Window, spec.Interval));
    }

    private static Domain.Reports.Report Judge(Policy policy)
    {
        var (spec, judgement, window) = WorseCanary();
        return GatePipeline.Judge(CanaryGate.Evidence(spec, judgement, window, "test"), policy, [], Clock);
    }

    [Fact]
    public void Judge_DefaultPolicy_RollsBackWithTheJudgesReason()
    {
        var (_, judgement, _) = WorseCanary();

        var report = Judge(Policy.Default);

        judgement.Verdict.ShouldBe(Verdict.Fail);
        report.Verdict.ShouldBe(Verdict.Fail);
        report.Reason.ShouldBe(judgement.Reason);
        report.Facts.ShouldContain(new KeyValuePair<string, string>("policy", "defaults"));
    }

    [Fact]
    public void Judge_SeverityOverrideBelowFailOn_HoldsNeverPromotes()
    {
        var policy = Policy.Default with
        {
            Rules = new Dictionary<string, RuleSettings> { ["relative"] = new() { Severity = Severity.Medium }, ["slo"] = new() { Severity = Severity.Medium } },
        };

        var report = Judge(policy);

        report.Verdict.ShouldBe(Verdict.Hold);
        report.Findings.Where(f => f.Rule is "relative" or "slo").ShouldAllBe(f => f.Severity <= Severity.Medium);
        report.Reason.ShouldStartWith("the checks that would roll back do not fail under the policy (lowered below failOn, disabled or excepted)");
        report.Findings.Where(f => f.Evidence["status"] is "within").ShouldAllBe(f => f.Severity == Severity.Info);
    }

    [Fact]
    public void Judge_SeverityOverrideAboveHigh_RaisesTheChecksThatRollBackOnly()
    {
        // Raising slo to critical made every check within its SLO critical: a healthy canary would have failed.
        var policy = Policy.Default with
        {
            Rules = new Dictionary<string, RuleSettings> { ["relative"] = new() { Severity = Severity.Critical }, ["slo"] = new() { Severity = Severity.Critical } },
        };
        var (spec, _, window) = WorseCanary();
        var random = new Random(5);
        var healthy = CanaryJudge.Judge(spec, [new(Tenant("a"), spec.Metrics[0], Counts(random, 5000, 0.004), Counts(random, 5000, 0.004))], null, []);

        var worse = Judge(policy);
        var same = GatePipeline.Judge(CanaryGate.Evidence(spec, healthy, window, "test"), policy, [], Clock);

        worse.Verdict.ShouldBe(Verdict.Fail);
        worse.Findings.Where(f => f.Evidence["status"] is "worse").ShouldAllBe(f => f.Severity == Severity.Critical);
        worse.Findings.Where(f => f.Evidence["status"] is not "worse").ShouldAllBe(f => f.Severity < Severity.High);
        healthy.Verdict.ShouldBe(Verdict.Pass);
        same.Verdict.ShouldBe(Verdict.Pass);
        same.Findings.ShouldAllBe(f => f.Severity == Severity.Info);
    }

    [Fact]
    public void Judge_LiveExceptionOnTheSlice_IsReportedWithItsOwner()
    {
        var policy = Policy.Default with
        {
            Exceptions = [new PolicyException("*", "tenant=a", "known noisy tenant, ticket OPS-9", "sre", new DateOnly(2027, 1, 31))],
        };

        var report = Judge(policy);

        report.Verdict.ShouldBe(Verdict.Hold);
        report.Findings.Where(f => f.Address == "tenant=a").ShouldAllBe(f => f.Suppression != null && f.Suppression.Owner == "sre");
    }
}
