using Tollgate.Terraform.Analysis;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Tests.Rules;

/// <summary>A renamed module call is one <c>rename-suspect</c> with one moved block for the module, checked by applying it.</summary>
public sealed class ModuleRenameTests
{
    private const string Nested = """
        variable "in" {}
        resource "terraform_data" "m2r" { input = "m2-${var.in}" }
        module "l3" {
          source = "../m3"
          in     = terraform_data.m2r.output
        }
        """;

    private const string Leaf = """
        variable "in" {}
        resource "terraform_data" "leaf" {
          count = 2
          input = "${var.in}-${count.index}"
        }
        """;

    [Fact]
    public void RenameSuspect_ModuleCallRenamedThreeDeep_OneMovedBlockThatTerraformAppliesAsNoChange()
    {
        using var s = new PlanScenario();
        s.Workspace
            .Write("m1/main.tf", """
                variable "in" {}
                resource "terraform_data" "m1r" { input = "m1-${var.in}" }
                module "l2" {
                  source = "../m2"
                  in     = terraform_data.m1r.output
                }
                """)
            .Write("m2/main.tf", Nested)
            .Write("m3/main.tf", Leaf)
            .Write("main.tf", Root("l1"))
            .Apply();
        s.Workspace.Write("main.tf", Root("net"));

        s.Replan();

        s.Plan.Summary.Delete.ShouldBe(4);
        var rename = s.Rule("rename-suspect").ShouldHaveSingleItem();
        rename.Address.ShouldBe("module.l1");
        rename.Related.ShouldBe(["module.net"]);
        rename.Suggestion.ShouldBe("moved {\n  from = module.l1\n  to   = module.net\n}");
        rename.Message.ShouldStartWith("this looks like a renamed module call: all 4 objects under module.l1 are destroyed while module.net creates the same ones (module.l1.terraform_data.m1r by its inputs: ");
        rename.Evidence["objects"].ShouldBe(4);
        rename.Evidence["similarity"].ShouldBe(1.0, "a number, written as a JSON number");

        s.Workspace.Write("moved.tf", rename.Suggestion!);
        s.Replan();
        s.Plan.Summary.Delete.ShouldBe(0);
        s.Plan.Summary.Create.ShouldBe(0);
        s.Rule("rename-suspect").ShouldBeEmpty();
    }

    [Fact]
    public void RenameSuspect_ModuleKeepsAnObject_EachRenamedResourceOnItsOwn()
    {
        using var moved = new PlanScenario();
        moved.Workspace
            .Write("m/main.tf", """
                resource "terraform_data" "x" { input = "x" }
                resource "terraform_data" "keep" { input = "keep" }
                """)
            .Write("n/main.tf", """resource "terraform_data" "x" { input = "x" }""")
            .Write("main.tf", """
                module "a" {
                  source = "./m"
                }
                """)
            .Apply();
        moved.Workspace
            .Write("m/main.tf", """resource "terraform_data" "keep" { input = "keep" }""")
            .Write("main.tf", """
                module "a" {
                  source = "./m"
                }
                module "b" {
                  source = "./n"
                }
                """);

        moved.Replan();

        moved.Rule("rename-suspect").ShouldHaveSingleItem().Suggestion.ShouldBe("moved {\n  from = module.a.terraform_data.x\n  to   = module.b.terraform_data.x\n}");
    }

    // Fixtures/plans/module-key-changed*.json: terraform 1.11.4, `module "svc" { source = "./m", for_each = toset(["a", "x"]) }`
    // (m: terraform_data a, b, c; c's input is a's output) applied, then the key "a" changed to "b" with the same
    // inputs (partial: m's resource b removed too), `terraform plan -out` and `terraform show -json`.
    [Fact]
    public void RenameSuspect_ModuleInstanceKeyChanged_OneMovedBlockForTheInstance()
    {
        var findings = new PlanGate().Evaluate(Fixture("module-key-changed.json"));

        var rename = findings.Where(f => f.Rule == "rename-suspect").ShouldHaveSingleItem();
        rename.Address.ShouldBe("module.svc[\"a\"]");
        rename.Suggestion.ShouldBe("moved {\n  from = module.svc[\"a\"]\n  to   = module.svc[\"b\"]\n}");
        rename.Evidence["objects"].ShouldBe(3);
    }

    [Fact]
    public void RenameSuspect_ModuleInstanceKeyChangedLosingAResource_EachRenamedResourceOnItsOwn()
    {
        var findings = new PlanGate().Evaluate(Fixture("module-key-changed-partial.json"));

        var rename = findings.Where(f => f.Rule == "rename-suspect").ShouldHaveSingleItem();
        rename.Suggestion.ShouldBe("moved {\n  from = module.svc[\"a\"].terraform_data.a\n  to   = module.svc[\"b\"].terraform_data.a\n}");
    }

    [Fact]
    public void RenameSuspect_ModuleInstanceKeyChanged_TheMovedBlockAppliesAsNoChange()
    {
        using var s = new PlanScenario();
        s.Workspace
            .Write("m/main.tf", """
                variable "name" {}
                resource "terraform_data" "a" { input = "a-${var.name}" }
                resource "terraform_data" "c" { input = terraform_data.a.output }
                """)
            .Write("main.tf", Keys("\"a\", \"x\""))
            .Apply();
        s.Workspace.Write("main.tf", Keys("\"b\", \"x\""));

        s.Replan();

        var rename = s.Rule("rename-suspect").ShouldHaveSingleItem();
        rename.Suggestion.ShouldBe("moved {\n  from = module.svc[\"a\"]\n  to   = module.svc[\"b\"]\n}");
        s.Workspace.Write("moved.tf", rename.Suggestion!);
        s.Replan();
        s.Plan.Summary.Delete.ShouldBe(0);
        s.Plan.Summary.Create.ShouldBe(0);
    }

    private static string Keys(string keys) => $$"""
        module "svc" {
          source   = "./m"
          for_each = toset([{{keys}}])
          name     = each.key == "b" ? "a" : each.key
        }
        """;

    private static TerraformPlan Fixture(string name) => PlanReader.ReadFile(Path.Combine(AppContext.BaseDirectory, "Fixtures", "plans", name));

    private static string Root(string name) => $$"""
        resource "terraform_data" "base" { input = "base" }
        module "{{name}}" {
          source = "./m1"
          in     = terraform_data.base.output
        }
        """;
}
