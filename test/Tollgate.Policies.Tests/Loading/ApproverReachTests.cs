using Tollgate.Cli.Hosting;
using Tollgate.Domain;
using Tollgate.Policies.Loading;

namespace Tollgate.Policies.Tests.Loading;

public sealed class ApproverReachTests
{
    private static string ErrorOf(string yaml) => Should.Throw<InvalidInputException>(() => PolicyReader.Parse(yaml, "unsat.yaml", Pillars.Vocabulary)).Message;

    [Fact]
    public void Parse_RequireApprovalsAboveAllowedPeople_RefusedAtItsValue()
    {
        const string yaml = "approvers:\n  - address: \"*\"\n    allowed: [alice]\n    requireApprovals: 2\n";

        ErrorOf(yaml).ShouldBe("unsat.yaml:4:23: requireApprovals 2 but allowed names only 1 approver (alice): each person counts once, so this can never be met; name more people, or require fewer approvals");
    }

    [Fact]
    public void Parse_FileRequireApprovalsInheritedByTooFewPeople_RefusedAtAllowed()
    {
        const string yaml = "approvers:\n  - module: shop\n    allowed: [alice, Alice, bob]\nrequireApprovals: 3\n";

        ErrorOf(yaml).ShouldStartWith("unsat.yaml:3:14: requireApprovals 3 (the file's requireApprovals) but allowed names only 2 approvers (alice, bob)");
    }

    [Fact]
    public void Parse_EnoughAllowedPeople_Accepted()
    {
        const string yaml = "requireApprovals: 2\napprovers:\n  - address: \"*\"\n    allowed: [alice, bob]\n";

        PolicyReader.Parse(yaml, "ok.yaml", Pillars.Vocabulary).Approvers.Single().Allowed.ShouldBe(["alice", "bob"]);
    }

    [Theory]
    [InlineData("relative", "canary")]
    [InlineData("slo", "canary")]
    [InlineData("kpi-regression", "models")]
    [InlineData("deploy-failed", "deploys")]
    [InlineData("watch-window", "deploys")]
    public void Parse_ReviewOnOutcomeRule_Refused(string rule, string gate)
    {
        ErrorOf($"reviewOn: [destroy, {rule}]\n").ShouldBe($"unsat.yaml:1:21: reviewOn entry '{rule}' is an outcome of the {gate} gate, which no approval settles (what fails rolls back whatever is approved): leave it out of reviewOn");
    }

    [Fact]
    public void Parse_ReviewOnGlobOverOutcomeRules_Accepted()
    {
        PolicyReader.Parse("reviewOn: [\"*\", drift]\n", "ok.yaml", Pillars.Vocabulary).ReviewOn.ShouldBe(["*", "drift"]);
    }
}
