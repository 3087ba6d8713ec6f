using System.Text.Json;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Graph;

/// <summary>
/// <c>tollgate state-split</c> counts the same references from a real terraform 1.11 plan as from its directory
/// (terraform lists <c>var.subnet_ids[0]</c> with its prefix <c>var.subnet_ids</c>: one reference, not two), and from
/// a plan says how many objects its blocks hold, not only how many blocks; from a directory, how many blocks.
/// </summary>
public sealed class StateSplitCountTests : IDisposable
{
    private readonly TerraformWorkspace _ws = new("split-counts");

    [Fact]
    public async Task StateSplit_PlanOfIndexedModuleInput_CountsEachReferenceOnceAndItsObjects()
    {
        _ws.Write("net/main.tf", """
                resource "terraform_data" "subnet" {
                  count = 20
                  input = "10.0.${count.index}.0/24"
                }

                output "subnet_ids" { value = terraform_data.subnet[*].id }
                """)
            .Write("app/main.tf", """
                variable "subnet_ids" {}

                resource "terraform_data" "svc" {
                  for_each = toset(["a", "b", "c"])
                  input    = var.subnet_ids[0]
                }
                """)
            .Write("main.tf", """
                module "net" { source = "./net" }

                module "app" {
                  source     = "./app"
                  subnet_ids = module.net.subnet_ids
                }
                """)
            .Write("own.yaml", "module.net: netteam\nmodule.app: appteam\n")
            .Apply();
        var plan = _ws.PlanJson();

        var fromPlan = await CliRun.RunAsync(_ws.Directory, "state-split", plan, "--owners", "own.yaml", "--format", "json", "--ledger", _ws.PathOf("l.db"));
        var fromDirectory = await CliRun.RunAsync(_ws.Directory, "state-split", ".", "--owners", "own.yaml", "--format", "json", "--ledger", _ws.PathOf("l.db"));
        var text = await CliRun.RunAsync(_ws.Directory, "state-split", plan, "--owners", "own.yaml", "--ledger", _ws.PathOf("l.db"));

        var planSummary = Summary(fromPlan);
        planSummary.GetProperty("crossingReferences").GetInt32().ShouldBe(1, fromPlan.Out);
        Summary(fromDirectory).GetProperty("crossingReferences").GetInt32().ShouldBe(1, fromDirectory.Out);
        planSummary.GetProperty("resources").GetInt32().ShouldBe(2);
        planSummary.GetProperty("objects").GetInt32().ShouldBe(23);
        Summary(fromDirectory).TryGetProperty("objects", out _).ShouldBeFalse();
        text.Out.ShouldContain("2 resource blocks holding 23 objects after the plan, 2 states, 1 boundary, 1 crossing reference");
    }

    [Fact]
    public async Task StateSplit_DirectoryWithCountAndForEach_SaysResourceBlocksNotResources()
    {
        // Without a plan, count and for_each are not expanded: 2 blocks, whatever objects they will hold.
        _ws.Write("net/main.tf", """
                resource "terraform_data" "subnet" {
                  count = 20
                }

                output "subnet_id" { value = terraform_data.subnet[0].id }
                """)
            .Write("app/main.tf", """
                variable "subnet_id" {}

                resource "terraform_data" "svc" {
                  for_each = toset(["a", "b", "c"])
                  input    = var.subnet_id
                }
                """)
            .Write("main.tf", """
                module "net" { source = "./net" }

                module "app" {
                  source    = "./app"
                  subnet_id = module.net.subnet_id
                }
                """)
            .Write("own.yaml", "module.net: netteam\nmodule.app: appteam\n");

        var text = await CliRun.RunAsync(_ws.Directory, "state-split", ".", "--owners", "own.yaml", "--ledger", _ws.PathOf("l.db"));

        text.Out.Split('\n')[1].ShouldBe("  2 resource blocks, 2 states, 1 boundary, 1 crossing reference; 3 findings", text.Out);
    }

    private static JsonElement Summary(CliRun run) => JsonDocument.Parse(run.Out).RootElement.GetProperty("summary");

    public void Dispose() => _ws.Dispose();
}
