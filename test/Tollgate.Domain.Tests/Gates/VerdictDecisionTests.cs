using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Rules;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Domain.Tests.Gates;

public sealed class VerdictDecisionTests
{
    private static readonly DateTimeOffset At = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Decide_FailAndReviewTogether_FailWins()
    {
        Finding[] findings = [new("destroy", Severity.High, "a.b", "gone"), new("policy/x", Severity.Critical, "a.c", "no")];

        var decision = VerdictDecision.Decide(Policy.Default, [], findings, [new Approval("d", "alice", "ok", At, "s")], "s", "d");

        decision.Verdict.ShouldBe(Verdict.Fail);
    }

    [Fact]
    public void Decide_SameApproverTwice_CountsOnce()
    {
        var policy = Policy.Default with { RequireApprovals = 2 };
        Finding[] findings = [new("destroy", Severity.High, "a.b", "gone")];

        var decision = VerdictDecision.Decide(policy, [], findings, [new Approval("d", "alice", "ok", At, "s"), new Approval("d", "alice", "again", At, "s")], "s", "d");

        decision.Verdict.ShouldBe(Verdict.Review);
        decision.Reviews.Single().Missing.ShouldBe(1);
    }

    [Fact]
    public void Decide_ApproverRuleByModule_LastMatchWins()
    {
        var policy = Policy.Default with
        {
            Approvers = [new ApproverRule(["alice"]) { Module = "module.*" }, new ApproverRule(["dba"]) { Module = "module.db" }],
        };
        Finding[] findings = [new("destroy", Severity.High, "module.db.x.y", "gone") { Module = "module.db" }];

        var byAlice = VerdictDecision.Decide(policy, [], findings, [new Approval("d", "alice", "ok", At, "s")], "s", "d");
        var byDba = VerdictDecision.Decide(policy, [], findings, [new Approval("d", "dba", "ok", At, "s")], "s", "d");

        byAlice.Verdict.ShouldBe(Verdict.Review);
        byDba.Verdict.ShouldBe(Verdict.Pass);
    }

    [Fact]
    public void Decide_OverLimitFindingOfAReviewRule_AsksForReviewUnderAnyGate()
    {
        RuleInfo[] rules = [new("blast-radius", Severity.Info, "reach") { AtFailOn = RuleOutcome.Review }, new("cycle", Severity.Critical, "cycle")];
        Finding[] overLimit = [new("blast-radius", Severity.High, "a.b", "over the limit")];

        var unapproved = VerdictDecision.Decide(Policy.Default, rules, overLimit, [], "s", "d");
        var approved = VerdictDecision.Decide(Policy.Default, rules, overLimit, [new Approval("d", "alice", "ok", At, "s")], "s", "d");
        var cycle = VerdictDecision.Decide(Policy.Default, rules, [new Finding("cycle", Severity.Critical, "a.b", "loop")], [new Approval("d", "alice", "ok", At, "s")], "s", "d");

        unapproved.Verdict.ShouldBe(Verdict.Review);
        approved.Verdict.ShouldBe(Verdict.Pass);
        approved.Cause.ShouldBe(DecisionCause.Approved);
        cycle.Verdict.ShouldBe(Verdict.Fail);
    }

    [Fact]
    public void Decide_PendingEvidence_HoldsUnlessSomethingFails()
    {
        Finding[] failing = [new("policy/x", Severity.Critical, "a.c", "no")];

        VerdictDecision.Decide(Policy.Default, [], [], [], "s", "d", pending: "no data").Verdict.ShouldBe(Verdict.Hold);
        VerdictDecision.Decide(Policy.Default, [], failing, [], "s", "d", pending: "no data").Verdict.ShouldBe(Verdict.Fail);
        VerdictDecision.Decide(Policy.Default, [], [], [], "s", "d").Verdict.ShouldBe(Verdict.Pass);
    }

    [Fact]
    public void Decide_PendingEvidenceAskingForReview_HoldsWithOrWithoutApprovals()
    {
        Finding[] destroy = [new("destroy", Severity.High, "a.b", "gone")];

        var unapproved = VerdictDecision.Decide(Policy.Default, [], destroy, [], "s", "d", pending: "the plan is incomplete");
        var approved = VerdictDecision.Decide(Policy.Default, [], destroy, [new Approval("d", "alice", "ok", At, "s")], "s", "d", pending: "the plan is incomplete");

        unapproved.Verdict.ShouldBe(Verdict.Hold);
        unapproved.Cause.ShouldBe(DecisionCause.Pending);
        unapproved.Reviews.Single().Missing.ShouldBe(1);
        new DefaultWording().Reason(unapproved).ShouldBe("the plan is incomplete");
        approved.Verdict.ShouldBe(Verdict.Hold);
        approved.Cause.ShouldBe(DecisionCause.Pending);
    }

    [Fact]
    public void Decide_ExceptedFailure_DoesNotFail()
    {
        Finding[] findings = [new("policy/x", Severity.Critical, "a.c", "no") { Suppression = new Suppression("external", "accepted") }];

        var decision = VerdictDecision.Decide(Policy.Default, [], findings, [], "s", "d");

        decision.Verdict.ShouldBe(Verdict.Pass);
        decision.Excepted.ShouldBe(1);
        new DefaultWording().Reason(decision).ShouldBe("no finding needs a review (1 excepted by policy)");
    }

    [Fact]
    public void Reason_Failing_NamesEachRuleAndAddressOnceWithItsCount()
    {
        Finding[] findings =
        [
            new("k8s/readiness-probe", Severity.High, "Deployment/shop/checkout", "container app"),
            new("k8s/readiness-probe", Severity.High, "Deployment/shop/checkout", "container envoy"),
            new("k8s/pdb-blocks-eviction", Severity.High, "PodDisruptionBudget/shop/checkout", "blocks"),
        ];

        var decision = VerdictDecision.Decide(Policy.Default, [], findings, [], "s", "d");

        new DefaultWording().Reason(decision).ShouldBe("3 findings at or above high: k8s/readiness-probe on Deployment/shop/checkout (2); k8s/pdb-blocks-eviction on PodDisruptionBudget/shop/checkout");
    }

    [Theory]
    [InlineData("terraform_data.legacy_*", "terraform_data.legacy_queue", true)]
    [InlineData("terraform_data.legacy_*", "terraform_data.app", false)]
    [InlineData("module.db.*", "module.db.aws_db_instance.main[\"a.b\"]", true)]
    [InlineData("aws_subnet.a[\"eu-1?\"]", "aws_subnet.a[\"eu-1a\"]", true)]
    [InlineData("scanner/*", "destroy", false)]
    public void Glob_Patterns_MatchAddresses(string pattern, string text, bool expected) =>
        Glob.Matches(pattern, text).ShouldBe(expected);

    [Fact]
    public void Decide_OutcomeRuleUnderReviewOnGlob_FailsAndAsksNoReview()
    {
        var policy = Policy.Default with { ReviewOn = ["*"] };
        RuleInfo[] rules = [new("relative", Severity.High, "worse than baseline") { IsOutcome = true }];
        Finding[] regressed = [new("relative", Severity.High, "tenant=acme", "4.4x baseline")];
        Finding[] healthy = [new("relative", Severity.Info, "tenant=globex", "within bounds") { KeepsSeverity = true }];

        var rolledBack = VerdictDecision.Decide(policy, rules, regressed, [new Approval("d", "alice", "ok", At, "s")], "s", "d");
        var promoted = VerdictDecision.Decide(policy, rules, healthy, [], "s", "d");

        rolledBack.Verdict.ShouldBe(Verdict.Fail);
        promoted.Verdict.ShouldBe(Verdict.Pass);
        promoted.Reviews.ShouldBeEmpty();
    }
}
