using Tollgate.Domain;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Verdicts;
using Tollgate.Terraform.Analysis;
using Tollgate.Terraform.Plan;
using Tollgate.Testing;

namespace Tollgate.Terraform.Tests.Rules;

/// <summary>
/// Plans real terraform 1.11 makes of only part of a configuration or state: <c>-target</c> plans (<c>complete:
/// false</c> without deferred changes), destroy plans (checks not evaluated), and a plan JSON whose deletes were cut.
/// </summary>
public sealed class PartialPlanTests : IDisposable
{
    private const string Config = """
        variable "gen" { default = 1 }
        resource "terraform_data" "a" { input = var.gen }
        resource "terraform_data" "b" { input = "b" }
        resource "terraform_data" "c" {
          input = "c"
          lifecycle {
            postcondition {
              condition     = self.output == "c"
              error_message = "c must echo c"
            }
          }
        }
        check "ok" {
          assert {
            condition     = terraform_data.b.input == "b"
            error_message = "b is not b"
          }
        }
        """;

    private readonly TerraformWorkspace _ws = new("partial");

    [Fact]
    public void Judge_TargetPlanWithADestroy_IsReviewedAndApprovable_NotHeld()
    {
        _ws.Write("main.tf", Config).Apply();
        var plan = PlanReader.ReadFile(_ws.PlanJson("target.json", "-destroy", "-target=terraform_data.a"));
        var gate = new PlanGate();
        var findings = gate.Evaluate(plan);

        plan.Complete.ShouldBe(false);
        plan.DeferredChanges.ShouldBe(0);
        plan.Summary.Delete.ShouldBe(1);
        findings.ShouldNotContain(f => f.Rule == "check-failed");
        var report = gate.Judge("target", plan, findings, []);
        report.Verdict.ShouldBe(Verdict.Review);
        report.Facts.ShouldContain(f => f.Key == "complete" && f.Value.StartsWith("false: planned with -target", StringComparison.Ordinal));
        report.Facts.ShouldContain(f => f.Key == "checksNotEvaluated" && f.Value.StartsWith("2 (check.ok, terraform_data.c)", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_DestroyPlan_ChecksTerraformNeverEvaluates_AreNoFindings()
    {
        _ws.Write("main.tf", Config).Apply();
        var plan = PlanReader.ReadFile(_ws.PlanJson("destroy.json", "-destroy"));

        var findings = new PlanGate().Evaluate(plan);

        plan.Summary.Delete.ShouldBe(3);
        plan.Checks.Count.ShouldBe(2);
        plan.Checks.ShouldAllBe(c => c.NotEvaluated);
        findings.ShouldNotContain(f => f.Rule == "check-failed");
        findings.Count(f => f.Rule == "destroy").ShouldBe(3);
    }

    [Fact]
    public void Evaluate_NewResourcePostcondition_StillKnownOnlyAfterApply()
    {
        _ws.Write("main.tf", Config);
        var plan = PlanReader.ReadFile(_ws.PlanJson());

        var unknown = new PlanGate().Evaluate(plan).Single(f => f.Rule == "check-failed");

        unknown.Address.ShouldBe("terraform_data.c");
        unknown.Severity.ShouldBe(Severity.Medium);
        unknown.Message.ShouldContain("known only after apply");
    }

    [Fact]
    public void Read_PlanWithItsDeletesCut_IsRefusedCountingTheUnlistedResources()
    {
        _ws.Write("main.tf", Config).Apply();
        _ws.Write("main.tf", Config.Replace("resource \"terraform_data\" \"b\" { input = \"b\" }", "", StringComparison.Ordinal)
            .Replace("terraform_data.b.input == \"b\"", "terraform_data.c.input == \"c\"", StringComparison.Ordinal));
        var path = _ws.PlanJson("plan.json", "-var=gen=2");
        var whole = PlanReader.ReadFile(path);
        var json = File.ReadAllText(path);
        var start = json.IndexOf("{\"address\":\"terraform_data.b\"", StringComparison.Ordinal);
        var end = json.IndexOf("{\"address\":\"terraform_data.c\"", start, StringComparison.Ordinal);
        File.WriteAllText(_ws.PathOf("cut.json"), json[..start] + json[end..]);

        var error = Should.Throw<InvalidInputException>(() => PlanReader.ReadFile(_ws.PathOf("cut.json")));

        whole.Summary.Delete.ShouldBe(1);
        whole.Summary.Update.ShouldBe(1);
        error.Message.ShouldContain("its prior_state holds 3 managed resources and resource_changes lists 2 of them: 1 is missing");
    }

    [Fact]
    public void Read_TargetPlan_ListsOnlyItsTargets_IsRead()
    {
        _ws.Write("main.tf", Config).Apply();

        var plan = PlanReader.ReadFile(_ws.PlanJson("target.json", "-var=gen=2", "-target=terraform_data.a"));

        plan.Summary.Update.ShouldBe(1);
        plan.Summary.NoOp.ShouldBe(0);
    }

    [Fact]
    public void Evidence_PlanThatImportsAndMoves_SaysSoInTheHeadlineAndSummary()
    {
        _ws.Write("main.tf", "resource \"terraform_data\" \"old\" { input = \"x\" }\n").Apply();
        _ws.Write("main.tf", """
            resource "terraform_data" "new" { input = "x" }
            moved {
              from = terraform_data.old
              to   = terraform_data.new
            }
            resource "terraform_data" "imp" {}
            import {
              to = terraform_data.imp
              id = "some-id"
            }
            """);
        var plan = PlanReader.ReadFile(_ws.PlanJson());

        var evidence = PlanGate.Evidence("p.json", plan, []);

        evidence.Headline.ShouldEndWith("unchanged; 1 imported; 1 moved");
        evidence.Summary.ShouldContain(new KeyValuePair<string, long>("import", 1));
        evidence.Summary.ShouldContain(new KeyValuePair<string, long>("move", 1));
    }

    public void Dispose() => _ws.Dispose();
}
