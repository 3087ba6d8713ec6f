using Tollgate.Terraform.Analysis;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Tests.Rules;

public sealed class PlanRulesOnFixturesTests
{
    private static TerraformPlan Fixture(string name) => PlanReader.ReadFile(Path.Combine(AppContext.BaseDirectory, "Fixtures", "plans", name));

    [Fact]
    public void Destroy_DeposedObject_ReportedWithDeposedReason()
    {
        var findings = new PlanGate().Evaluate(Fixture("deposed.json"));

        var deposed = findings.Where(f => f.Rule == "destroy" && f.Evidence["deposed"] is "00000001").ShouldHaveSingleItem();
        deposed.Message.ShouldContain("deposed object");
    }

    [Fact]
    public void Gate_FindingsOrder_HighSeverityFirstDestroysLeading()
    {
        var plan = Fixture("mixed.json");
        var gate = new PlanGate();

        var report = gate.Judge("mixed.json", plan, gate.Evaluate(plan), []);

        report.Findings[0].Rule.ShouldBe("destroy");
        report.Findings[^1].Severity.ShouldBe(Domain.Findings.Severity.Low);
        report.Summary.Select(kv => kv.Key).ShouldBe(["create", "update", "delete", "replace", "forget", "read", "noop"]);
    }
}
