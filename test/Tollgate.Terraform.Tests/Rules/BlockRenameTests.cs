using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Tests.Rules;

/// <summary>
/// A renamed <c>count</c> or <c>for_each</c> block: one <c>moved</c> block for the resource when every instance moves
/// to the same key of the new block, one per instance when only some do. Planned and applied with the real terraform.
/// </summary>
public sealed class BlockRenameTests
{
    [Fact]
    public void RenameSuspect_CountBlockRenamedWhole_OneMovedBlockForTheResourceThatTerraformTakes()
    {
        using var s = PlanScenario.Of(
            """
            resource "terraform_data" "old" {
              count = 3
              input = "v-${count.index}"
            }
            """,
            """
            resource "terraform_data" "new" {
              count = 3
              input = "v-${count.index}"
            }
            """);

        var rename = s.Rule("rename-suspect").ShouldHaveSingleItem();
        rename.Address.ShouldBe("terraform_data.old");
        rename.Suggestion.ShouldBe("moved {\n  from = terraform_data.old\n  to   = terraform_data.new\n}");
        rename.Message.ShouldBe("this looks like a renamed resource: all 3 instances of terraform_data.old ([0], [1], [2]) are destroyed while terraform_data.new of the same type "
            + "creates the same keys (each by its inputs; the least alike: 1 of 1 inputs match); add one moved block for the resource to keep them all");
        rename.Related.ShouldBe(["terraform_data.new", "terraform_data.old[0]", "terraform_data.old[1]", "terraform_data.old[2]"]);
        rename.Evidence["objects"].ShouldBe(3);

        // The suggestion pasted in: terraform moves all three and plans nothing else.
        s.Workspace.Write("main.tf", File.ReadAllText(s.Workspace.PathOf("main.tf")) + "\n" + rename.Suggestion + "\n");
        s.Replan();
        s.Findings.ShouldBeEmpty();
        s.Plan.Changes.Where(c => !c.Actions.IsNoOp).ShouldBeEmpty();
        s.Plan.Changes.Select(c => c.PreviousAddress).ShouldBe(["terraform_data.old[0]", "terraform_data.old[1]", "terraform_data.old[2]"]);
    }

    [Fact]
    public void RenameSuspect_OnlySomeInstancesMatch_KeepsOneMovedBlockPerInstance()
    {
        using var s = PlanScenario.Of(
            """
            resource "terraform_data" "old" {
              count = 3
              input = "v-${count.index}"
            }
            """,
            """
            resource "terraform_data" "new" {
              count = 3
              input = count.index == 2 ? "changed" : "v-${count.index}"
            }
            """);

        // [2]'s inputs differ: only [0] and [1] are renames, so a whole-resource block would move [2] as well.
        s.Rule("rename-suspect").Select(f => f.Suggestion).ShouldBe([
            "moved {\n  from = terraform_data.old[0]\n  to   = terraform_data.new[0]\n}",
            "moved {\n  from = terraform_data.old[1]\n  to   = terraform_data.new[1]\n}",
        ]);
    }

    [Fact]
    public void RenameSuspect_BlockRenamedAndKeysChanged_KeepsOneMovedBlockPerInstance()
    {
        using var s = PlanScenario.Of(
            """
            resource "terraform_data" "old" {
              count = 2
              input = ["a", "b"][count.index]
            }
            """,
            """
            resource "terraform_data" "new" {
              for_each = toset(["a", "b"])
              input    = each.key
            }
            """);

        s.Rule("rename-suspect").Select(f => f.Suggestion).ShouldBe([
            "moved {\n  from = terraform_data.old[0]\n  to   = terraform_data.new[\"a\"]\n}",
            "moved {\n  from = terraform_data.old[1]\n  to   = terraform_data.new[\"b\"]\n}",
        ]);
    }
}
