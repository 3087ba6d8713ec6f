using Tollgate.Domain.Findings;
using Tollgate.Domain.Verdicts;
using Tollgate.Testing;
using static Tollgate.Terraform.Tests.Graph.ValueCycleTests;

namespace Tollgate.Terraform.Tests.Graph;

/// <summary>
/// A variable's validation blocks read what their conditions and error messages name, and terraform evaluates them
/// before anything that reads the variable ("var.v (validation)"): a value that reads the variable while its
/// validation reads that value is a cycle, which terraform validate refuses ("Cycle: local.w (expand), var.v
/// (validation)"); each case is checked against the real terraform. Before: validation blocks were not read, so these
/// configurations passed.
/// </summary>
public sealed class ValidationValueCycleTests
{
    [Fact]
    public async Task Evaluate_ValidationReadingALocalOfItsVariable_IsACycleTerraformNames()
    {
        using var ws = new TerraformWorkspace("validation-local-loop");
        ws.Write("main.tf", """
            variable "v" {
              validation {
                condition     = var.v != local.w
                error_message = "x"
              }
            }

            locals {
              w = var.v
            }
            """);

        var (report, cycles, refused) = await JudgeAsync(ws);

        refused.ShouldContain("Cycle: ");
        refused.ShouldContain("local.w (expand)");
        refused.ShouldContain("var.v (validation)");
        report.Verdict.ShouldBe(Verdict.Fail, "there is no resource, yet terraform refuses the configuration");
        cycles.Select(Path).ShouldBe(["local.w → var.v → local.w"]);
        cycles[0].Message.ShouldBe("dependency cycle: local.w → var.v → local.w; each of these values needs the next one's result (var.v through its validation), which terraform refuses (Cycle: local.w (expand), var.v (validation))");
        cycles[0].Suggestion.ShouldStartWith("let the validation of var.v read only values that do not come from var.v");
        cycles[0].Location.ShouldBe(new SourceLocation(System.IO.Path.Combine(ws.Directory, "main.tf"), 9, 3) { EndLine = 9, EndColumn = 12 });
        cycles[0].Evidence["declared"].ShouldBe(new[] { "local.w at main.tf:9:3", "var.v at main.tf:1:1" });
    }

    [Fact]
    public async Task Evaluate_ErrorMessageReadingTheVariableThroughLocals_IsACycleThroughEach()
    {
        using var ws = new TerraformWorkspace("validation-message-loop");
        ws.Write("main.tf", """
            variable "v" {
              default = "a"
              validation {
                condition     = var.v != ""
                error_message = "not ${local.w}"
              }
            }

            locals {
              w = local.y
              y = upper(var.v)
            }
            """);

        var (_, cycles, refused) = await JudgeAsync(ws);

        refused.ShouldContain("Cycle: ");
        refused.ShouldContain("local.w (expand)");
        refused.ShouldContain("local.y (expand)");
        refused.ShouldContain("var.v (validation)");
        cycles.Select(Path).ShouldBe(["local.w → local.y → var.v → local.w"]);
        cycles[0].Message.ShouldEndWith("(Cycle: local.w (expand), local.y (expand), var.v (validation))");
    }

    [Fact]
    public async Task Evaluate_VariablesValidatingAgainstEachOther_AreACycleOfTheirValidations()
    {
        using var ws = new TerraformWorkspace("validation-mutual");
        ws.Write("main.tf", """
            variable "u" {
              default = "a"
              validation {
                condition     = var.u != var.v
                error_message = "u and v must differ"
              }
            }

            variable "v" {
              default = "b"
              validation {
                condition     = var.v != var.u
                error_message = "v and u must differ"
              }
            }
            """);

        var (report, cycles, refused) = await JudgeAsync(ws);

        refused.ShouldContain("Cycle: ");
        refused.ShouldContain("var.u (validation)");
        refused.ShouldContain("var.v (validation)");
        report.Verdict.ShouldBe(Verdict.Fail);
        cycles.Select(Path).ShouldBe(["var.u → var.v → var.u"]);
        cycles[0].Message.ShouldEndWith("(var.u, var.v through their validations), which terraform refuses (Cycle: var.u (validation), var.v (validation))");
    }

    [Fact]
    public async Task Evaluate_ModuleValidationReadingANestedModuleItFeeds_IsACycleInTheModule()
    {
        using var ws = new TerraformWorkspace("validation-module-loop");
        ws.Write("main.tf", """
            module "m" {
              source = "./m"
              in     = "a"
            }
            """).Write("m/main.tf", """
            variable "in" {
              validation {
                condition     = var.in != module.n.out
                error_message = "x"
              }
            }

            module "n" {
              source = "../n"
              x      = var.in
            }
            """).Write("n/main.tf", """
            variable "x" {}

            output "out" {
              value = var.x
            }
            """);

        var (_, cycles, refused) = await JudgeAsync(ws);

        refused.ShouldContain("module.m.var.in (validation)");
        refused.ShouldContain("module.m.module.n.output.out (expand)");
        refused.ShouldContain("module.m.module.n.var.x (expand)");
        cycles.Select(Path).ShouldBe(["module.m.module.n.output.out → module.m.module.n.var.x → module.m.var.in → module.m.module.n.output.out"]);
        cycles[0].Module.ShouldBe("module.m.module.n");
        cycles[0].Message.ShouldEndWith("(Cycle: module.m.module.n.output.out (expand), module.m.module.n.var.x (expand), module.m.var.in (validation))");
    }

    [Fact]
    public async Task Evaluate_ModuleInputLoopThroughAValidatedVariable_NamesBothOfItsNodes()
    {
        using var ws = new TerraformWorkspace("validation-input-loop");
        ws.Write("main.tf", """
            module "m" {
              source = "./m"
              in     = module.m.out
            }
            """).Write("m/main.tf", """
            variable "in" {
              validation {
                condition     = var.in != ""
                error_message = "x"
              }
            }

            output "out" {
              value = var.in
            }
            """);

        var (_, cycles, refused) = await JudgeAsync(ws);

        refused.ShouldContain("module.m.var.in (expand)");
        refused.ShouldContain("module.m.var.in (validation)");
        refused.ShouldContain("module.m.output.out (expand)");
        cycles.Select(Path).ShouldBe(["module.m.output.out → module.m.var.in → module.m.output.out"]);
        cycles[0].Message.ShouldEndWith("(Cycle: module.m.output.out (expand), module.m.var.in (validation), module.m.var.in (expand))");
    }

    [Fact]
    public async Task Evaluate_ResourceReadingItselfThroughAValidation_IsTheCycleTerraformNames()
    {
        using var ws = new TerraformWorkspace("validation-resource-loop");
        ws.Write("main.tf", """
            variable "v" {
              default = "a"
              validation {
                condition     = var.v != terraform_data.x.output
                error_message = "x"
              }
            }

            resource "terraform_data" "x" {
              input = var.v
            }
            """);

        var (report, cycles, refused) = await JudgeAsync(ws);

        refused.ShouldContain("Cycle: ");
        refused.ShouldContain("var.v (validation)");
        refused.ShouldContain("terraform_data.x");
        report.Verdict.ShouldBe(Verdict.Fail);
        cycles.Select(Path).ShouldBe(["terraform_data.x → terraform_data.x"]);
        cycles[0].Message.ShouldContain("is the block reading its own result through var.v (validation) (terraform_data.x → var.v (validation) → terraform_data.x), which terraform refuses (Cycle: var.v (validation), terraform_data.x)");
    }

    [Fact]
    public async Task Evaluate_JsonValidationReadingALocalOfItsVariable_IsACycle()
    {
        using var ws = new TerraformWorkspace("validation-json-loop");
        ws.Write("main.tf.json", """
            {
              "variable": {
                "v": {
                  "default": "a",
                  "validation": [
                    { "condition": "${var.v != \"\"}", "error_message": "not ${local.w}" }
                  ]
                }
              },
              "locals": { "w": "${var.v}" }
            }
            """);

        var (_, cycles, refused) = await JudgeAsync(ws);

        refused.ShouldContain("Cycle: ");
        refused.ShouldContain("local.w (expand)");
        refused.ShouldContain("var.v (validation)");
        cycles.Select(Path).ShouldBe(["local.w → var.v → local.w"]);
    }

    [Fact]
    public async Task Evaluate_ValidationsReadingOnlyWhatDoesNotReadThem_AreNoCycle()
    {
        // Since terraform 1.9 a validation may read other variables, locals, resources and modules: none of these
        // reads the validated variable back (a validation reading its own variable is no loop), so terraform validates.
        using var ws = new TerraformWorkspace("validation-no-loop");
        ws.Write("main.tf", """
            variable "floor" {
              default = 0
            }

            variable "size" {
              default = 1
              validation {
                condition     = var.size > var.floor && var.size > local.min && var.size != length(terraform_data.seed.output)
                error_message = "size ${var.size} must be over ${var.floor}"
              }
            }

            locals {
              min   = 0
              twice = var.size * 2
            }

            resource "terraform_data" "seed" {
              input = "seed"
            }

            resource "terraform_data" "x" {
              input = local.twice
            }

            module "m" {
              source = "./m"
              in     = local.twice
              other  = var.floor
            }
            """).Write("m/main.tf", """
            variable "other" {}

            variable "in" {
              validation {
                condition     = var.in != var.other
                error_message = "x"
              }
            }

            output "out" {
              value = var.in
            }
            """);

        var (report, cycles, refused) = await JudgeAsync(ws);

        refused.ShouldBeEmpty();
        cycles.ShouldBeEmpty();
        report.Verdict.ShouldBe(Verdict.Pass);
    }
}
