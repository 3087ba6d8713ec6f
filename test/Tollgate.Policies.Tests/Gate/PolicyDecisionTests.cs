using Tollgate.Domain.Findings;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Policies.Tests.Gate;

public sealed class PolicyDecisionTests
{
    private static readonly DateTimeOffset At = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Decide_FailAndReviewTogether_FailWins()
    {
        Finding[] findings = [new("destroy", Severity.High, "a.b", "gone"), new("policy/x", Severity.Critical, "a.c", "no")];

        var decision = PolicyDecision.Decide(Policy.Default, findings, [new Approval("d", "alice", "ok", At, "s")], "s", "d");

        decision.Verdict.ShouldBe(Verdict.Fail);
    }

    [Fact]
    public void Decide_SameApproverTwice_CountsOnce()
    {
        var policy = Policy.Default with { RequireApprovals = 2 };
        Finding[] findings = [new("destroy", Severity.High, "a.b", "gone")];

        var decision = PolicyDecision.Decide(policy, findings, [new Approval("d", "alice", "ok", At, "s"), new Approval("d", "alice", "again", At, "s")], "s", "d");

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

        var byAlice = PolicyDecision.Decide(policy, findings, [new Approval("d", "alice", "ok", At, "s")], "s", "d");
        var byDba = PolicyDecision.Decide(policy, findings, [new Approval("d", "dba", "ok", At, "s")], "s", "d");

        byAlice.Verdict.ShouldBe(Verdict.Review);
        byDba.Verdict.ShouldBe(Verdict.Pass);
    }

    [Theory]
    [InlineData("terraform_data.legacy_*", "terraform_data.legacy_queue", true)]
    [InlineData("terraform_data.legacy_*", "terraform_data.app", false)]
    [InlineData("module.db.*", "module.db.aws_db_instance.main[\"a.b\"]", true)]
    [InlineData("aws_subnet.a[\"eu-1?\"]", "aws_subnet.a[\"eu-1a\"]", true)]
    [InlineData("scanner/*", "destroy", false)]
    public void Glob_Patterns_MatchAddresses(string pattern, string text, bool expected) =>
        Glob.Matches(pattern, text).ShouldBe(expected);
}
