using Tollgate.Domain.Findings;
using Tollgate.Domain.Verdicts;
using Tollgate.Terraform.Analysis;
using Tollgate.Terraform.Plan;
using Tollgate.Testing;

namespace Tollgate.Terraform.Tests.Rules;

/// <summary>
/// <c>check-failed</c> on plans real terraform 1.11 wrote. Which failures reach a gate: a failed <c>check</c> block
/// assertion is a warning (the plan is written, applyable); a postcondition of an object still to be created is
/// unknown until apply; a failed precondition stops a normal plan (errored: refused by the reader) but is only a
/// warning in a refresh-only plan of unchanged resources.
/// </summary>
public sealed class CheckFailedRuleTests : IDisposable
{
    private const string Config = """
        variable "size" { default = 2 }

        resource "terraform_data" "a" {
          input = "x"
          lifecycle {
            precondition {
              condition     = var.size % 2 == 0
              error_message = "size must be even"
            }
          }
        }

        resource "terraform_data" "b" {
          input = "y"
          lifecycle {
            postcondition {
              condition     = self.output == "y"
              error_message = "b must echo y"
            }
          }
        }

        check "health" {
          assert {
            condition     = terraform_data.a.input == "z"
            error_message = "a runs x, expected z"
          }
        }
        """;

    private readonly TerraformWorkspace _ws = new("checks");

    [Fact]
    public void FailingCheckBlockAndUnknownPostcondition_AreFindings_CheckFailsTheGate()
    {
        _ws.Write("main.tf", Config);
        var plan = PlanReader.ReadFile(_ws.PlanJson()) with { ConfigurationDirectory = _ws.Directory };

        var findings = Evaluate(plan);

        var check = findings.Single(f => f.Address == "check.health");
        check.Severity.ShouldBe(Severity.High);
        check.Message.ShouldBe("check block of check.health failed: a runs x, expected z");
        check.Evidence["file"].ShouldBe("main.tf");
        check.Evidence["line"].ShouldBe(23);
        var unknown = findings.Single(f => f.Address == "terraform_data.b");
        unknown.Severity.ShouldBe(Severity.Medium);
        unknown.Evidence["status"].ShouldBe("unknown");
        unknown.Evidence["line"].ShouldBe(13);
        findings.ShouldNotContain(f => f.Address == "terraform_data.a");
        new PlanGate().Judge("checks", plan, findings, []).Verdict.ShouldBe(Verdict.Fail);
    }

    [Fact]
    public void FailingPreconditionOfUnchangedResource_NormalPlanErrors_RefreshOnlyPlanReachesTheGate()
    {
        _ws.Write("main.tf", Config).Apply();

        var normal = _ws.RunRaw(["plan", "-input=false", "-no-color", "-var=size=3"]);
        var plan = PlanReader.ReadFile(_ws.PlanJson("refresh.json", "-refresh-only", "-var=size=3"));
        var findings = Evaluate(plan);

        normal.Code.ShouldBe(1);
        normal.Stderr.ShouldContain("Resource precondition failed");
        plan.Summary.Delete.ShouldBe(0);
        var precondition = findings.Single(f => f.Address == "terraform_data.a");
        precondition.Severity.ShouldBe(Severity.High);
        precondition.Message.ShouldBe("resource precondition or postcondition of terraform_data.a failed: size must be even");
        precondition.Evidence.ShouldContainKey("file");
        precondition.Evidence["file"].ShouldBeNull();
        findings.ShouldContain(f => f.Address == "check.health" && f.Severity == Severity.High);
    }

    private static List<Finding> Evaluate(TerraformPlan plan) =>
        new PlanGate().Evaluate(plan).Where(f => f.Rule == "check-failed").ToList();

    public void Dispose() => _ws.Dispose();
}
