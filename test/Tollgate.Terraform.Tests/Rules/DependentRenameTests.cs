namespace Tollgate.Terraform.Tests.Rules;

/// <summary>
/// <c>count</c> → <c>for_each</c> on a block and on the blocks that follow it: every moved block comes in the first
/// report, and adding them all gives terraform's "no changes" in one round.
/// </summary>
public sealed class DependentRenameTests
{
    private const string Before = """
        locals { names = ["alpha", "beta", "gamma"] }
        resource "terraform_data" "node" {
          count = 3
          input = { name = local.names[count.index], size = "m" }
        }
        resource "terraform_data" "dns" {
          count = 3
          input = terraform_data.node[count.index].id
        }
        resource "terraform_data" "record" {
          count = 3
          input = terraform_data.dns[count.index].id
        }
        resource "terraform_data" "other" {
          count = 3
          input = "other-${count.index}"
        }
        """;

    private const string After = """
        locals { names = ["alpha", "beta", "gamma"] }
        resource "terraform_data" "node" {
          for_each = toset(local.names)
          input = { name = each.key, size = "m" }
        }
        resource "terraform_data" "dns" {
          for_each = terraform_data.node
          input = each.value.id
        }
        resource "terraform_data" "record" {
          for_each = terraform_data.dns
          input = each.value.id
        }
        resource "terraform_data" "other" {
          for_each = toset(local.names)
          input = "other-${each.key}"
        }
        """;

    [Fact]
    public void RenameSuspect_CountToForEachWithDependents_EveryMovedBlockInOneRound()
    {
        using var s = PlanScenario.Of(Before, After);

        var renames = s.Rule("rename-suspect");

        var moves = renames.Select(f => (f.Address, f.Related![0])).ToList();
        string[] keys = ["alpha", "beta", "gamma"];
        string[] blocks = ["node", "dns", "record"];
        moves.ShouldBe(
            blocks.SelectMany(b => keys.Select((k, i) => ($"terraform_data.{b}[{i}]", $"terraform_data.{b}[\"{k}\"]"))),
            ignoreOrder: true);
        var dns = renames.Single(f => f.Address == "terraform_data.dns[1]");
        dns.Suggestion.ShouldBe("moved {\n  from = terraform_data.dns[1]\n  to   = terraform_data.dns[\"beta\"]\n}");
        dns.Message.ShouldContain("its keys change as terraform_data.node's, terraform_data.node[1] -> terraform_data.node[\"beta\"], which it refers to");
        dns.Evidence["followsKeysOf"].ShouldBe("terraform_data.node");
        renames.Single(f => f.Address == "terraform_data.record[2]").Evidence["followsKeysOf"].ShouldBe("terraform_data.dns");
        renames.ShouldNotContain(f => f.Address.StartsWith("terraform_data.other", StringComparison.Ordinal), "other refers to no renamed block: its new inputs differ");

        s.Workspace.Write("moved.tf", string.Join("\n", renames.Select(f => f.Suggestion)));
        s.Replan();

        s.Plan.Summary.Delete.ShouldBe(3, "only other's instances, whose inputs changed");
        s.Plan.Summary.Create.ShouldBe(3);
        s.Plan.Summary.Replace.ShouldBe(0);
        s.Rule("rename-suspect").ShouldBeEmpty();
    }

    [Fact]
    public void RenameSuspect_ModuleOutputFromAMovedResource_SaysTheMoveAlsoKeepsTheReplacedObject()
    {
        using var s = new PlanScenario();
        s.Workspace
            .Write("infra/main.tf", """
                resource "terraform_data" "cache" { input = { size = "large", engine = "redis" } }
                output "cache" { value = terraform_data.cache.output }
                """)
            .Write("main.tf", """
                resource "terraform_data" "cache" { input = { size = "large", engine = "redis" } }
                resource "terraform_data" "web" {
                  input            = "web"
                  triggers_replace = [terraform_data.cache.output]
                }
                """)
            .Apply();
        s.Workspace.Write("main.tf", """
            module "infra" { source = "./infra" }
            resource "terraform_data" "web" {
              input            = "web"
              triggers_replace = [module.infra.cache]
            }
            """);

        s.Replan();

        var rename = s.Rule("rename-suspect").ShouldHaveSingleItem();
        rename.Related.ShouldBe(["module.infra.terraform_data.cache", "terraform_data.web"]);
        rename.Message.ShouldEndWith("; it also keeps terraform_data.web from being replaced (its triggers_replace refers to module.infra.cache, which this create leaves unknown until apply)");
        rename.Evidence["avoidsReplacing"].ShouldBe(new List<string> { "terraform_data.web" });

        s.Workspace.Write("moved.tf", rename.Suggestion!);
        s.Replan();
        s.Plan.Summary.Replace.ShouldBe(0, "the moved block is all it takes to keep web too");
        s.Plan.Summary.Delete.ShouldBe(0);
    }
}
