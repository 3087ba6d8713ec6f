using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Policies.Tests.Gate;

/// <summary>An approval counts for the review question it was given for, by the people the policy counts.</summary>
public sealed class ApprovalQuestionTests(PolicyPlanFixture fixture) : IClassFixture<PolicyPlanFixture>
{
    private const string NewQuestion = """
        reviewOn: [destroy, replace, forget, "policy/*"]
        custom:
          - name: app-change
            severity: high
            message: "a change to app needs a second look"
            when: 'change.name == "app"'
        """;

    [Fact]
    public async Task Judge_CustomRuleUnderReviewAfterApproval_AsksAgainUnderAnotherDigest()
    {
        var plan = fixture.Plan;
        var before = await PolicyGateRun.JudgeAsync(plan, "", [PolicyGateRun.By("alice", plan)]);

        var after = await PolicyGateRun.JudgeAsync(plan, NewQuestion, [PolicyGateRun.By("alice", plan)]);
        var approvedAgain = await PolicyGateRun.JudgeAsync(plan, NewQuestion, [new Approval(after.Digest, "alice", "seen app", PolicyGateRun.Today, "plan.json")]);

        before.Verdict.ShouldBe(Verdict.Pass);
        before.Digest.ShouldBe(plan.Digest);
        after.Verdict.ShouldBe(Verdict.Review);
        after.Digest.ShouldNotBe(plan.Digest);
        after.Reason.ShouldStartWith($"3 resources to review: needs 1 more approval of digest {after.Digest}");
        approvedAgain.Verdict.ShouldBe(Verdict.Pass);
    }

    [Fact]
    public async Task Judge_ApproverNamesDifferingInCase_CountAsOnePerson()
    {
        var plan = fixture.Plan;
        const string allowedAlice = "approvers:\n  - address: \"*\"\n    allowed: [alice]\n";

        var twice = await PolicyGateRun.JudgeAsync(plan, "requireApprovals: 2\n", [PolicyGateRun.By("alice", plan), PolicyGateRun.By("Alice", plan)]);
        var allowed = await PolicyGateRun.JudgeAsync(plan, allowedAlice, [PolicyGateRun.By("ALICE", plan)]);

        twice.Verdict.ShouldBe(Verdict.Review);
        twice.Reason.ShouldContain("needs 1 more approval");
        allowed.Verdict.ShouldBe(Verdict.Pass);
        allowed.Reason.ShouldContain("approved by ALICE");
    }

    [Fact]
    public async Task Judge_MoreThanThreeRestrictedResources_SaysHowManyMore()
    {
        const string yaml = """
            reviewOn: [destroy, "policy/*"]
            custom:
              - {name: any, severity: low, message: "look", when: "true"}
            approvers:
              - address: "*"
                allowed: [alice]
            """;

        var report = await PolicyGateRun.JudgeAsync(fixture.Plan, yaml);

        report.Verdict.ShouldBe(Verdict.Review);
        report.Reason.ShouldStartWith("4 resources");
        report.Reason.ShouldEndWith("; and 1 more)");
    }
}
