using Tollgate.Domain.Verdicts;

namespace Tollgate.Policies.Tests.Gate;

public sealed class ExamplePolicyTests(PolicyPlanFixture fixture) : IClassFixture<PolicyPlanFixture>
{
    private static string Example(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Examples", name));

    [Fact]
    public async Task OwnerTag_ResourceWithoutOwner_IsTheOnlyFinding()
    {
        var report = await PolicyGateRun.JudgeAsync(fixture.Plan, Example("owner-tag.yaml"));

        report.Findings.Where(f => f.Rule == "policy/owner-tag").Select(f => f.Address).ShouldBe(["terraform_data.web"]);
        report.Verdict.ShouldBe(Verdict.Fail);
    }

    [Fact]
    public async Task MaxChanges_SmallPlan_NoFindingButLowerLimitFiresOnce()
    {
        var example = await PolicyGateRun.JudgeAsync(fixture.Plan, Example("max-changes.yaml"));
        var lower = await PolicyGateRun.JudgeAsync(fixture.Plan, Example("max-changes.yaml").Replace("plan.changes > 20", "plan.changes > 3", StringComparison.Ordinal));

        example.Findings.ShouldNotContain(f => f.Rule == "policy/max-changes");
        lower.Findings.Where(f => f.Rule == "policy/max-changes").Select(f => f.Address).ShouldBe(["plan"]);
        lower.Verdict.ShouldBe(Verdict.Fail);
    }

    [Fact]
    public async Task NoDbDelete_TerraformDataPlan_DoesNotFireOnOtherTypes()
    {
        var report = await PolicyGateRun.JudgeAsync(fixture.Plan, Example("no-db-delete.yaml"));

        report.Findings.ShouldNotContain(f => f.Rule == "policy/no-db-delete");
        report.Verdict.ShouldBe(Verdict.Review);
    }
}
