using Tollgate.Terraform.Plan;
using Tollgate.Terraform.Plan.Checks;

namespace Tollgate.Terraform.Tests.Plan;

public sealed class CheckResultsTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "plans", name);

    [Fact]
    public void ReadFile_Checks_KeepsEveryInstanceThatDidNotPass()
    {
        var plan = PlanReader.ReadFile(Fixture("checks.json"));

        plan.Checks.Select(c => (c.Address, c.Kind, c.Status)).ShouldBe(
        [
            ("check.health", CheckKind.CheckBlock, "fail"),
            ("module.net.terraform_data.node[1]", CheckKind.ResourceCondition, "fail"),
            ("terraform_data.db", CheckKind.ResourceCondition, "unknown"),
            ("var.size", CheckKind.VariableValidation, "error"),
        ]);
        plan.Checks[1].Problems.ShouldBe(["node 1 needs an even size", "node 1 needs a zone"]);
        plan.Checks[1].Module.ShouldBe("module.net");
        plan.Checks[1].ConfigAddress.ShouldBe("module.net.terraform_data.node");
    }

    [Fact]
    public void ReadFile_ConditionResultsOfTerraform12_FalseAndUnknownKept()
    {
        var plan = PlanReader.ReadFile(Fixture("condition-results.json"));

        plan.Checks.Select(c => (c.Address, c.Kind, c.Status)).ShouldBe(
        [
            ("terraform_data.app", CheckKind.ResourcePrecondition, "fail"),
            ("terraform_data.app", CheckKind.ResourcePostcondition, "unknown"),
        ]);
        plan.Checks[0].Problems.ShouldBe(["app needs a version"]);
    }
}
