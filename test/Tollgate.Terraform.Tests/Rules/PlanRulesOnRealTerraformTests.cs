using Tollgate.Terraform.Analysis;

namespace Tollgate.Terraform.Tests.Rules;

public sealed class PlanRulesOnRealTerraformTests
{
    [Fact]
    public void RenameSuspect_RenameWithoutMoved_SuggestsExactMovedBlock()
    {
        using var s = PlanScenario.Of(
            """resource "terraform_data" "db" { input = { engine = "postgres", size = 20 } }""",
            """resource "terraform_data" "orders_db" { input = { engine = "postgres", size = 20 } }""");

        var rename = s.Rule("rename-suspect").ShouldHaveSingleItem();
        rename.Address.ShouldBe("terraform_data.db");
        rename.Related.ShouldBe(["terraform_data.orders_db"]);
        rename.Message.ShouldContain("looks like a rename");
        rename.Suggestion.ShouldBe("moved {\n  from = terraform_data.db\n  to   = terraform_data.orders_db\n}");
        s.Rule("destroy").ShouldHaveSingleItem().Message.ShouldContain("removed from the configuration");
    }

    [Fact]
    public void RenameSuspect_RenameWithMovedBlock_NoFindingAndPasses()
    {
        using var s = PlanScenario.Of(
            """resource "terraform_data" "db" { input = "x" }""",
            """
            resource "terraform_data" "orders_db" { input = "x" }
            moved {
              from = terraform_data.db
              to   = terraform_data.orders_db
            }
            """);

        s.Findings.ShouldBeEmpty();
        s.Plan.Changes.ShouldHaveSingleItem().PreviousAddress.ShouldBe("terraform_data.db");
        new PlanGate().Judge("x", s.Plan, s.Findings, []).Verdict.ShouldBe(Domain.Verdicts.Verdict.Pass);
    }

    [Fact]
    public void RenameSuspect_CountToForEach_PairsEachIndexWithItsKey()
    {
        using var s = PlanScenario.Of(
            """
            locals { zones = ["eu-1a", "eu-1b"] }
            resource "terraform_data" "subnet" {
              count = 2
              input = local.zones[count.index]
            }
            """,
            """
            resource "terraform_data" "subnet" {
              for_each = toset(["eu-1a", "eu-1b"])
              input    = each.key
            }
            """);

        var suggestions = s.Rule("rename-suspect").Select(f => f.Suggestion).ToList();
        suggestions.Count.ShouldBe(2);
        suggestions.ShouldContain("moved {\n  from = terraform_data.subnet[0]\n  to   = terraform_data.subnet[\"eu-1a\"]\n}");
        suggestions.ShouldContain("moved {\n  from = terraform_data.subnet[1]\n  to   = terraform_data.subnet[\"eu-1b\"]\n}");
        s.Rule("destroy").Select(f => f.Message).ShouldAllBe(m => m.Contains("count and for_each"));
    }

    [Fact]
    public void ReplaceChain_TriggersReplaceCascadingDownThree_ReportsRootOnceWithConsequences()
    {
        using var s = PlanScenario.Of(
            """
            resource "terraform_data" "a" { triggers_replace = "v1" }
            resource "terraform_data" "b" { triggers_replace = terraform_data.a.id }
            resource "terraform_data" "c" { triggers_replace = terraform_data.b.id }
            """,
            """
            resource "terraform_data" "a" { triggers_replace = "v2" }
            resource "terraform_data" "b" { triggers_replace = terraform_data.a.id }
            resource "terraform_data" "c" { triggers_replace = terraform_data.b.id }
            """);

        var chain = s.Rule("replace-chain").ShouldHaveSingleItem();
        chain.Address.ShouldBe("terraform_data.a");
        chain.Related.ShouldBe(["terraform_data.b", "terraform_data.c"]);
        s.Rule("replace").ShouldHaveSingleItem().Address.ShouldBe("terraform_data.a");
        s.Rule("destroy").Count.ShouldBe(3);
        s.Rule("destroy").Single(f => f.Address == "terraform_data.c").Message.ShouldContain("forced by replacing terraform_data.b");
    }

    [Fact]
    public void ReplaceChain_RootAlreadyCreateBeforeDestroy_DoesNotAdviseIt()
    {
        const string Config = """
            resource "terraform_data" "base" { triggers_replace = [VER] }
            resource "terraform_data" "mid" {
              input = "mid"
              lifecycle {
                replace_triggered_by  = [terraform_data.base]
                create_before_destroy = true
              }
            }
            resource "terraform_data" "leaf" { triggers_replace = [terraform_data.mid.id] }
            """;
        using var s = PlanScenario.Of(Config.Replace("VER", "\"1\"", StringComparison.Ordinal), Config.Replace("VER", "\"2\"", StringComparison.Ordinal));

        var chain = s.Rule("replace-chain").ShouldHaveSingleItem();

        chain.Address.ShouldBe("terraform_data.base");
        chain.Suggestion.ShouldNotBeNull().ShouldNotContain("use create_before_destroy");
        // base's own block has no create_before_destroy: terraform gives it the one of mid, which depends on it.
        chain.Suggestion.ShouldContain("(terraform already replaces terraform_data.base create-before-destroy, set on it or inherited from terraform_data.mid, replaced that way too, which does not stop the chain)");
    }

    [Fact]
    public void ReplaceChain_ThroughAModuleInput_UsesPriorStateDependsOn()
    {
        using var s = new PlanScenario();
        s.Workspace
            .Write("modules/app/main.tf", """
                variable "cluster_id" { type = string }
                resource "terraform_data" "deployment" { triggers_replace = var.cluster_id }
                """)
            .Write("main.tf", """
                resource "terraform_data" "cluster" { triggers_replace = "v1" }
                module "app" {
                  source     = "./modules/app"
                  cluster_id = terraform_data.cluster.id
                }
                """)
            .Apply();
        s.Workspace.Write("main.tf", """
            resource "terraform_data" "cluster" { triggers_replace = "v2" }
            module "app" {
              source     = "./modules/app"
              cluster_id = terraform_data.cluster.id
            }
            """);

        s.Replan();

        var chain = s.Rule("replace-chain").ShouldHaveSingleItem();
        chain.Address.ShouldBe("terraform_data.cluster");
        chain.Related.ShouldBe(["module.app.terraform_data.deployment"]);
        s.Rule("replace").ShouldHaveSingleItem().Address.ShouldBe("terraform_data.cluster");
    }

    [Fact]
    public void ReplaceChain_FourLinksThroughAModuleAndATrigger_LinksEachToItsDirectCause()
    {
        using var s = new PlanScenario();
        const string Main = """
            variable "gen" { default = 1 }
            resource "terraform_data" "a" { triggers_replace = var.gen }
            module "m" {
              source = "./m"
              aid    = terraform_data.a.id
            }
            resource "terraform_data" "c" { triggers_replace = module.m.bid }
            resource "terraform_data" "d" {
              input = "d"
              lifecycle { replace_triggered_by = [terraform_data.c] }
            }
            resource "terraform_data" "e" { input = terraform_data.a.id }
            """;
        s.Workspace
            .Write("m/main.tf", """
                variable "aid" {}
                resource "terraform_data" "b" { triggers_replace = var.aid }
                output "bid" { value = terraform_data.b.id }
                """)
            .Write("main.tf", Main)
            .Apply();

        s.Replan("-var", "gen=2");

        // The prior state records d on a, b and c: each link is its nearest replaced dependency, not the root.
        var chain = s.Rule("replace-chain").ShouldHaveSingleItem();
        chain.Address.ShouldBe("terraform_data.a");
        chain.Message.ShouldContain("module.m.terraform_data.b (its triggers_replace refers to terraform_data.a), terraform_data.c (its triggers_replace refers to module.m.terraform_data.b), terraform_data.d (its replace_triggered_by refers to terraform_data.c)");
        var links = (IEnumerable<Dictionary<string, object?>>)chain.Evidence!["links"]!;
        links.Select(l => $"{l["cause"]} -> {l["consequence"]} ({l["via"]})").ShouldBe([
            "terraform_data.a -> module.m.terraform_data.b (depends_on terraform_data.a)",
            "module.m.terraform_data.b -> terraform_data.c (depends_on module.m.terraform_data.b)",
            "terraform_data.c -> terraform_data.d (depends_on terraform_data.c)",
        ]);
        s.Rule("destroy").Single(f => f.Address == "terraform_data.d").Message.ShouldContain("forced by replacing terraform_data.c, which it depends on");
    }

    [Fact]
    public void Forget_RemovedBlock_IsItsOwnFinding()
    {
        using var s = PlanScenario.Of(
            """resource "terraform_data" "legacy" { input = "keep me" }""",
            """
            removed {
              from = terraform_data.legacy
              lifecycle { destroy = false }
            }
            """);

        var forget = s.Rule("forget").ShouldHaveSingleItem();
        forget.Address.ShouldBe("terraform_data.legacy");
        forget.Message.ShouldContain("stays in the cloud");
        s.Rule("destroy").ShouldBeEmpty();
        s.Plan.Summary.Forget.ShouldBe(1);
    }

    [Fact]
    public void Replace_TaintedResource_SaysTainted()
    {
        using var s = PlanScenario.Of(
            """resource "terraform_data" "a" { input = 1 }""",
            """resource "terraform_data" "a" { input = 1 }""");
        s.Workspace.Run(["taint", "terraform_data.a"]);

        s.Replan();

        var replace = s.Rule("replace").ShouldHaveSingleItem();
        replace.Message.ShouldContain("tainted");
        replace.Evidence["actionReason"].ShouldBe("replace_because_tainted");
    }

    [Fact]
    public void Replace_ByRequest_SaysReplaceFlag()
    {
        using var s = PlanScenario.Of(
            """resource "terraform_data" "a" { input = 1 }""",
            """resource "terraform_data" "a" { input = 1 }""",
            "-replace=terraform_data.a");

        s.Rule("replace").ShouldHaveSingleItem().Message.ShouldContain("-replace");
    }

    [Fact]
    public void SensitiveChange_SensitiveVariable_ReportedWithoutValue()
    {
        using var s = PlanScenario.Of(
            """
            variable "password" {
              type      = string
              sensitive = true
              default   = "hunter2-old-value"
            }
            resource "terraform_data" "db" { input = { user = "app", password = var.password } }
            """,
            """
            variable "password" {
              type      = string
              sensitive = true
              default   = "hunter2-new-value"
            }
            resource "terraform_data" "db" { input = { user = "app", password = var.password } }
            """);

        var finding = s.Rule("sensitive-change").ShouldHaveSingleItem();
        finding.Message.ShouldContain("input.password");
        finding.Message.ShouldNotContain("hunter2");
        s.Findings.ShouldAllBe(f => !f.Message.Contains("hunter2"));
    }

    [Fact]
    public void RenameSuspect_ModuleMovedIntoAnotherModule_SuggestsTheModulesMove()
    {
        using var s = new PlanScenario();
        s.Workspace
            .Write("modules/db/main.tf", """resource "terraform_data" "instance" { input = "orders-db" }""")
            .Write("modules/platform/main.tf", """
                module "db" {
                  source = "../db"
                }
                """)
            .Write("main.tf", """
                module "db" {
                  source = "./modules/db"
                }
                """)
            .Apply();
        s.Workspace.Write("main.tf", """
            module "platform" {
              source = "./modules/platform"
            }
            """);

        s.Replan();

        var rename = s.Rule("rename-suspect").ShouldHaveSingleItem();
        rename.Address.ShouldBe("module.db");
        rename.Suggestion.ShouldBe("moved {\n  from = module.db\n  to   = module.platform.module.db\n}");
        rename.Module.ShouldBe("");
        rename.Message.ShouldBe("this looks like a renamed module call: the 1 object under module.db is destroyed while module.platform.module.db creates the same ones (module.db.terraform_data.instance by its inputs: 1 of 1 inputs match); add one moved block for the module to keep them all");
    }

    [Fact]
    public void Gate_NoOpPlan_PassesWithNoFindings()
    {
        using var s = PlanScenario.Of(
            """resource "terraform_data" "a" { input = 1 }""",
            """resource "terraform_data" "a" { input = 1 }""");

        s.Findings.ShouldBeEmpty();
        s.Plan.Summary.NoOp.ShouldBe(1);
        var report = new PlanGate().Judge("x", s.Plan, s.Findings, []);
        report.Verdict.ShouldBe(Domain.Verdicts.Verdict.Pass);
        report.ExitCode.ShouldBe(0);
    }

    [Fact]
    public void Gate_Destroy_NeedsReviewUntilApprovedForThisDigest()
    {
        using var s = PlanScenario.Of(
            """resource "terraform_data" "a" { input = 1 }""",
            "");
        var gate = new PlanGate();

        var unapproved = gate.Judge("x", s.Plan, s.Findings, []);
        var approved = gate.Judge("x", s.Plan, s.Findings, [new Domain.Reports.Approval(s.Plan.Digest, "alice", "decommission", DateTimeOffset.UnixEpoch, "x")]);

        unapproved.Verdict.ShouldBe(Domain.Verdicts.Verdict.Review);
        unapproved.ExitCode.ShouldBe(2);
        approved.Verdict.ShouldBe(Domain.Verdicts.Verdict.Pass);
        approved.Reason.ShouldContain("alice");
    }
}
