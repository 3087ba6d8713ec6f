using Tollgate.Domain.Findings;
using Tollgate.Terraform.Graph;
using Tollgate.Terraform.GraphRules;
using Tollgate.Terraform.Running;
using Tollgate.Testing;

namespace Tollgate.Terraform.Tests.Graph;

/// <summary>
/// The code the graph rules suggest, pasted into the configuration, is code the real terraform accepts, and their
/// findings point at the block they are about.
/// </summary>
public sealed class GraphSuggestionTests
{
    private const string Module = """
        variable "dep" {
          default = null
        }

        resource "terraform_data" "inner" {
          input = "inner"
        }
        """;

    [Fact]
    public async Task ModuleDependsOn_TargetsWithCountAndForEach_SuggestInputsTerraformValidatesAtTheModuleBlock()
    {
        using var ws = new TerraformWorkspace("moddep-repeated");
        ws.Write("m/main.tf", Module).Write("main.tf", """
            resource "terraform_data" "counted" {
              count = 2
              input = count.index
            }

            resource "terraform_data" "each" {
              for_each = toset(["a", "b"])
              input    = each.key
            }

            module "by_count" {
              source     = "./m"
              depends_on = [terraform_data.counted]
            }

            module "by_each" {
              source     = "./m"
              for_each   = toset(["x", "y"])
              depends_on = [terraform_data.each]
            }

            module "by_index" {
              source     = "./m"
              depends_on = [terraform_data.counted[0]]
            }
            """).Run(["init", "-input=false", "-no-color"]);

        var findings = await Findings(ws, new ModuleDependsOnRule());

        var byCount = findings.Single(f => f.Address == "module.by_count");
        var byEach = findings.Single(f => f.Address == "module.by_each");
        byCount.Suggestion!.ShouldContain("counted_ids = terraform_data.counted[*].id");
        byEach.Suggestion!.ShouldContain("each_ids = values(terraform_data.each)[*].id");
        findings.Single(f => f.Address == "module.by_index").Suggestion!.ShouldContain("counted_id = terraform_data.counted[0].id\n");
        byEach.Message.ShouldContain("the 1 resource in each instance waits for it");
        byCount.Message.ShouldContain("the 1 resource inside waits for it");
        (byCount.Location!.File, byCount.Location.Line).ShouldBe((ws.PathOf("main.tf"), 11));
        (byEach.Location!.File, byEach.Location.Line).ShouldBe((ws.PathOf("main.tf"), 16));

        // The suggestion pasted in place of the depends_on: terraform accepts it.
        var main = File.ReadAllText(ws.PathOf("main.tf"))
            .Replace("depends_on = [terraform_data.counted]", "dep = terraform_data.counted[*].id", StringComparison.Ordinal)
            .Replace("depends_on = [terraform_data.each]", "dep = values(terraform_data.each)[*].id", StringComparison.Ordinal)
            .Replace("depends_on = [terraform_data.counted[0]]", "dep = terraform_data.counted[0].id", StringComparison.Ordinal);
        ws.Write("main.tf", main).RunRaw(["validate", "-no-color"]).Code.ShouldBe(0);
    }

    [Fact]
    public async Task ModuleDependsOn_ModuleWithADataSource_CountsItApartFromTheResources()
    {
        using var ws = new TerraformWorkspace("moddep-data");
        ws.Write("m/main.tf", Module + "\n\ndata \"terraform_remote_state\" \"rs\" {\n  backend = \"local\"\n  config  = { path = \"other.tfstate\" }\n}\n")
            .Write("main.tf", "resource \"terraform_data\" \"gate\" {\n  input = \"g\"\n}\n\nmodule \"svc\" {\n  source     = \"./m\"\n  depends_on = [terraform_data.gate]\n}\n");

        var finding = (await Findings(ws, new ModuleDependsOnRule())).Single();

        finding.Message.ShouldBe("module.svc has depends_on = [terraform_data.gate]: the 1 resource inside waits for it and its 1 data source is read only at apply time");
        finding.Evidence["resourcesInside"].ShouldBe(1);
    }

    [Fact]
    public async Task ModuleDependsOn_OnAVariableInsideAModule_NamesTheModuleOnce()
    {
        using var ws = new TerraformWorkspace("moddep-var");
        ws.Write("m/main.tf", "variable \"dep\" {}\n\nresource \"terraform_data\" \"inner\" {\n  input      = \"inner\"\n  depends_on = [var.dep]\n}\n")
            .Write("main.tf", "module \"svc\" {\n  source = \"./m\"\n  dep    = \"x\"\n}\n");

        var finding = (await Findings(ws, new ModuleDependsOnRule())).Single();

        finding.Message.ShouldEndWith("an ordering passed in from outside module.svc");
    }

    [Fact]
    public async Task DependsOn_TargetWithCount_SuggestsTheReferenceOnAllInstances()
    {
        using var ws = new TerraformWorkspace("dep-count");
        ws.Write("main.tf", """
            resource "terraform_data" "counted" {
              count = 2
              input = count.index
            }

            resource "terraform_data" "app" {
              input      = "app"
              depends_on = [terraform_data.counted]
            }
            """);

        var finding = (await Findings(ws, new DependsOnRule())).Single();

        finding.Message.ShouldContain("the reference terraform_data.counted[*].id would carry the ordering");
        ws.Write("main.tf", File.ReadAllText(ws.PathOf("main.tf")).Replace("input      = \"app\"", "input      = terraform_data.counted[*].id", StringComparison.Ordinal))
            .Run(["init", "-input=false", "-no-color"]);
        ws.RunRaw(["validate", "-no-color"]).Code.ShouldBe(0);
    }

    [Fact]
    public async Task DependsOn_ClosingACycle_SaysToRemoveItRatherThanReferenceTheTarget()
    {
        using var ws = new TerraformWorkspace("dep-cycle");
        ws.Write("main.tf", """
            resource "terraform_data" "b" {
              input      = "b"
              depends_on = [terraform_data.c]
            }

            resource "terraform_data" "c" {
              input = terraform_data.b.output
            }
            """);

        var finding = (await Findings(ws, new DependsOnRule())).Single();

        finding.Message.ShouldBe("terraform_data.b depends_on terraform_data.c, which itself waits for terraform_data.b: the depends_on closes a cycle, and a reference in its place would keep it");
        finding.Suggestion!.ShouldStartWith("remove terraform_data.c from depends_on");
        finding.Suggestion.ShouldNotContain("terraform_data.c.id");
    }

    [Fact]
    public async Task DependsOn_WholeModuleWhoseValuesAreNotUsed_SaysWhatItWaitsForAndHowToWaitForFewer()
    {
        using var ws = new TerraformWorkspace("dep-module");
        ws.Write("m/main.tf", """
            resource "terraform_data" "a" {
              input = "a"
            }

            resource "terraform_data" "b" {
              input = "b"
            }

            output "a_id" {
              value = terraform_data.a.id
            }
            """).Write("main.tf", """
            module "m" {
              source = "./m"
            }

            resource "terraform_data" "waiter" {
              input      = "w"
              depends_on = [module.m]
            }
            """);

        var finding = (await Findings(ws, new DependsOnRule())).Single();

        // No value of the module is used: the advice must not ask for the output "it needs".
        finding.Message.ShouldBe("terraform_data.waiter depends_on module.m without using any of its values: it waits for all 2 resources inside module.m (module.m.terraform_data.a, module.m.terraform_data.b)");
        finding.Suggestion.ShouldBe("keep depends_on = [module.m] if terraform_data.waiter must come after all of them; if only after some, depend on the output of module.m that refers to those instead (module.m.a_id): depends_on = [module.m.a_id] waits only for what that output refers to");
        finding.Suggestion!.ShouldNotContain("<output it needs>");

        // The narrower form the advice names: terraform accepts it and orders the resource after terraform_data.a alone.
        ws.Write("main.tf", File.ReadAllText(ws.PathOf("main.tf")).Replace("depends_on = [module.m]", "depends_on = [module.m.a_id]", StringComparison.Ordinal))
            .Run(["init", "-input=false", "-no-color"]);
        ws.RunRaw(["validate", "-no-color"]).Code.ShouldBe(0);
        var edges = ws.Run(["graph"]).Split('\n').Where(l => l.Contains("->", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
        edges.ShouldBe(["\"terraform_data.waiter\" -> \"module.m.terraform_data.a\";"]);
    }

    private static async Task<IReadOnlyList<Finding>> Findings(TerraformWorkspace ws, IGraphRule rule)
    {
        var loaded = await new GraphLoader(new TerraformCli()).LoadAsync(ws.Directory);
        var analysis = new GraphAnalysis(loaded.Model, ChangeSet.None, new GraphThresholds());
        return SourceLocations.Attach([.. rule.Evaluate(analysis)], loaded.Model, ws.Directory);
    }
}
