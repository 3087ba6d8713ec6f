using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Terraform.Graph;
using Tollgate.Terraform.Running;
using Tollgate.Testing;

namespace Tollgate.Terraform.Tests.Graph;

/// <summary>
/// Local values, module inputs and outputs that loop among themselves are cycles, as terraform validate refuses them
/// ("Self-referencing local value", "Cycle: local.a (expand), local.b (expand)"); each case is checked against the real
/// terraform. Before: the resolver dropped the loop silently and the configuration passed (or held, with no resource).
/// </summary>
public sealed class ValueCycleTests
{
    /// <summary>Runs terraform validate and the graph gate on <paramref name="ws"/>: the report, its cycle findings, and terraform's refusal ("" when it validates).</summary>
    internal static async Task<(Report Report, List<Finding> Cycles, string Refused)> JudgeAsync(TerraformWorkspace ws)
    {
        ws.Run(["init", "-input=false", "-no-color"]);
        var (code, stdout, stderr) = ws.RunRaw(["validate", "-no-color"]);
        var loaded = await new GraphLoader(new TerraformCli()) { RunTerraformGraph = false }.LoadAsync(ws.Directory);
        var analysis = new GraphAnalysis(loaded.Model, ChangeSet.None, new GraphThresholds());
        var report = new GraphGate().Judge(ws.Directory, loaded, analysis, new GraphGate().Evaluate(analysis));
        return (report, report.Findings.Where(f => f.Rule == "cycle").ToList(), code == 0 ? "" : stderr + stdout);
    }

    internal static string Path(Finding finding) => string.Join(" → ", (IEnumerable<string>)finding.Evidence["path"]!);

    [Fact]
    public async Task Evaluate_LocalReadingItself_IsACycleOfOneAtItsDeclaration()
    {
        using var ws = new TerraformWorkspace("local-self");
        ws.Write("main.tf", """
            locals {
              fine = "x"
              a    = "${local.a}-${local.fine}"
            }
            """);

        var (report, cycles, refused) = await JudgeAsync(ws);

        refused.ShouldContain("Self-referencing local value");
        report.Verdict.ShouldBe(Verdict.Fail, "there is no resource, yet terraform refuses the configuration");
        cycles.Select(Path).ShouldBe(["local.a → local.a"]);
        cycles[0].Message.ShouldBe("dependency cycle: local.a → local.a; local.a reads its own result, which terraform refuses (Self-referencing local value)");
        cycles[0].Location.ShouldBe(new SourceLocation(System.IO.Path.Combine(ws.Directory, "main.tf"), 3, 3) { EndLine = 3, EndColumn = 36 });
        report.Summary.ShouldContain(new KeyValuePair<string, long>("cycles", 1));
    }

    [Fact]
    public async Task Evaluate_LocalsReadingEachOther_NameTheChainTerraformsMessageAndWhereEachIsDeclared()
    {
        using var ws = new TerraformWorkspace("local-loop");
        ws.Write("main.tf", """
            resource "terraform_data" "x" {
              input = local.d
            }

            locals {
              b = local.c
              a = local.b
            }
            """).Write("more.tf", """
            locals {
              c = upper(local.a)
              d = local.a
            }
            """);

        var (report, cycles, refused) = await JudgeAsync(ws);

        refused.ShouldContain("Cycle: ");
        refused.ShouldContain("local.a (expand)");
        refused.ShouldContain("local.c (expand)");
        report.Verdict.ShouldBe(Verdict.Fail);
        cycles.Select(Path).ShouldBe(["local.a → local.b → local.c → local.a"]);
        cycles[0].Message.ShouldEndWith("which terraform refuses (Cycle: local.a (expand), local.b (expand), local.c (expand))");
        cycles[0].Location.ShouldBe(new SourceLocation(System.IO.Path.Combine(ws.Directory, "main.tf"), 7, 3) { EndLine = 7, EndColumn = 14 });
        cycles[0].Evidence["declared"].ShouldBe(new[] { "local.a at main.tf:7:3", "local.b at main.tf:6:3", "local.c at more.tf:2:3" });
        cycles[0].Related.ShouldBe(["local.b", "local.c"]);
    }

    [Fact]
    public async Task Evaluate_ModuleInputFromItsOwnOutput_IsACycleOfTheModulesValues()
    {
        using var ws = new TerraformWorkspace("module-loop");
        ws.Write("main.tf", """
            module "m" {
              source = "./m"
              in     = module.m.out
            }
            """).Write("m/main.tf", """
            variable "in" {}

            output "out" {
              value = var.in
            }
            """);

        var (_, cycles, refused) = await JudgeAsync(ws);

        refused.ShouldContain("module.m.var.in (expand)");
        refused.ShouldContain("module.m.output.out (expand)");
        cycles.Select(Path).ShouldBe(["module.m.output.out → module.m.var.in → module.m.output.out"]);
        cycles[0].Module.ShouldBe("module.m");
        cycles[0].Location.ShouldBe(new SourceLocation(System.IO.Path.Combine(ws.Directory, "m", "main.tf"), 3, 1) { EndLine = 5, EndColumn = 2 });
    }

    [Fact]
    public async Task Evaluate_ResourceReadingItselfThroughALocal_IsTheCycleTerraformNames()
    {
        // Before: said "Self-referential block", which terraform says only of a block naming itself directly.
        using var ws = new TerraformWorkspace("resource-local-loop");
        ws.Write("main.tf", """
            locals {
              a = terraform_data.x.id
            }

            resource "terraform_data" "x" {
              input = local.a
            }
            """);

        var (_, cycles, refused) = await JudgeAsync(ws);

        refused.ShouldContain("Cycle: ");
        refused.ShouldContain("local.a (expand)");
        refused.ShouldNotContain("Self-referential block");
        cycles.Select(Path).ShouldBe(["terraform_data.x → terraform_data.x"]);
        cycles[0].Message.ShouldContain("is the block reading its own result through local.a (terraform_data.x → local.a → terraform_data.x), which terraform refuses (Cycle: local.a (expand), terraform_data.x)");
    }

    [Fact]
    public async Task Evaluate_JsonLocalsReadingEachOther_AreACycleSpanningTheFirstLocal()
    {
        using var ws = new TerraformWorkspace("json-local-loop");
        ws.Write("main.tf.json", """
            {
              "locals": {
                "a": "${local.b}",
                "b": "${local.a}"
              }
            }
            """);

        var (_, cycles, refused) = await JudgeAsync(ws);

        refused.ShouldContain("Cycle: ");
        cycles.Select(Path).ShouldBe(["local.a → local.b → local.a"]);
        cycles[0].Location.ShouldBe(new SourceLocation(System.IO.Path.Combine(ws.Directory, "main.tf.json"), 3, 5) { EndLine = 3, EndColumn = 22 });
    }

    [Fact]
    public async Task Evaluate_ValuesThatOnlyReadOthers_AreNoCycle()
    {
        // Outputs and validations read locals, a module's output feeds a local its input reads, an override replaces
        // a local that looped: terraform validates all of it, and so no cycle is reported.
        using var ws = new TerraformWorkspace("value-no-loop");
        ws.Write("main.tf", """
            variable "size" {
              type    = number
              default = 1
              validation {
                condition     = var.size > local.floor
                error_message = "size must be over the floor"
              }
            }

            locals {
              floor = 0
              a     = local.b
              b     = var.size
              loops = local.loops
              ids   = module.m.out
            }

            module "m" {
              source = "./m"
              in     = local.ids
            }

            resource "terraform_data" "x" {
              input = local.a
            }

            output "a" {
              value = local.a
            }

            output "x" {
              value = terraform_data.x.output
            }
            """).Write("override.tf", """
            locals {
              loops = local.a
            }
            """).Write("m/main.tf", """
            variable "in" {}

            output "out" {
              value = "fixed"
            }

            output "echo" {
              value = var.in
            }
            """);

        var (report, cycles, refused) = await JudgeAsync(ws);

        refused.ShouldBeEmpty();
        cycles.ShouldBeEmpty();
        report.Verdict.ShouldBe(Verdict.Pass);
    }
}
