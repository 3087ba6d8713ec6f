using Tollgate.Terraform.Graph;
using Tollgate.Terraform.GraphRules;
using Tollgate.Terraform.Running;
using Tollgate.Testing;

namespace Tollgate.Terraform.Tests.Graph;

/// <summary>What the graph counts about a node or a change: direct dependents never above transitive ones, touched never below changed.</summary>
public sealed class DependentCountTests
{
    private const string Consumer = """
        variable "in" {}
        resource "terraform_data" "b" { input = var.in }
        """;

    [Fact]
    public async Task FanOut_ValueFedIntoAModule_CountsTheResourceInsideNotTheModuleCall()
    {
        using var ws = new TerraformWorkspace("fan-out-module");
        ws.Write("m/main.tf", Consumer).Write("main.tf", """
            resource "terraform_data" "a" { input = "x" }
            module "m" {
              source = "./m"
              in     = terraform_data.a.output
            }
            """);
        var loaded = await new GraphLoader(new TerraformCli()).LoadAsync(ws.Directory);
        var analysis = new GraphAnalysis(loaded.Model, ChangeSet.None, new GraphThresholds { FanOut = 1 });
        var a = loaded.Model.Graph.IndexOf("terraform_data.a");

        analysis.Dependents(a).ShouldBe(1);
        analysis.DependentsOf(a).Select(d => loaded.Model.Graph.Names[d]).ShouldBe(["module.m.terraform_data.b"]);
        new FanOutRule().Evaluate(analysis).ShouldBeEmpty();
    }

    [Fact]
    public async Task FanOut_ValueFedIntoThreeModules_CountsAsManyDirectAsTransitiveDependents()
    {
        using var ws = new TerraformWorkspace("fan-out-modules");
        ws.Write("m/main.tf", Consumer).Write("main.tf", """
            resource "terraform_data" "a" { input = "x" }
            module "m1" {
              source = "./m"
              in     = terraform_data.a.output
            }
            module "m2" {
              source = "./m"
              in     = terraform_data.a.output
            }
            module "m3" {
              source     = "./m"
              in         = "constant"
              depends_on = [terraform_data.a]
            }
            """);
        var loaded = await new GraphLoader(new TerraformCli()).LoadAsync(ws.Directory);

        var hub = new FanOutRule().Evaluate(new GraphAnalysis(loaded.Model, ChangeSet.None, new GraphThresholds { FanOut = 2 })).ShouldHaveSingleItem();

        hub.Message.ShouldBe("terraform_data.a has 3 direct dependents (3 transitively), over the fan-out threshold of 2");
        hub.Related.ShouldBe(["module.m1.terraform_data.b", "module.m2.terraform_data.b", "module.m3.terraform_data.b"]);
    }

    [Fact]
    public async Task Touched_PlanDestroyingResourcesNoLongerConfigured_CountsThemAsTouched()
    {
        using var ws = new TerraformWorkspace("touched-removed");
        ws.Write("main.tf", """
            resource "terraform_data" "a" { input = "a" }
            resource "terraform_data" "gone" { input = "gone" }
            resource "terraform_data" "cnt" {
              count = 2
              input = terraform_data.a.id
            }
            """).Apply();
        ws.Write("main.tf", """resource "terraform_data" "a" { input = "a2" }""");
        var loaded = await new GraphLoader(new TerraformCli()).LoadAsync(ws.PlanJson());

        var analysis = new GraphAnalysis(loaded.Model, loaded.Changes, new GraphThresholds { MaxChanged = 1 });

        // Objects, as terraform counts them: a, gone and both cnt instances (3 blocks).
        analysis.ChangedCount.ShouldBe(4);
        analysis.TouchedCount.ShouldBe(4);
        new BlastRadiusRule().Evaluate(analysis).ShouldContain(f => f.Message == "4 resources changed (3 resource blocks), over the limit of 1; the change can touch 4 resources in all");
    }
}
