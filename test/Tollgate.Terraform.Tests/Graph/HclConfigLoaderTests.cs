using Tollgate.Hcl;
using Tollgate.Terraform.Graph;
using Tollgate.Terraform.Graph.Config;
using Tollgate.Testing;

namespace Tollgate.Terraform.Tests.Graph;

public sealed partial class HclConfigLoaderTests
{
    [Fact]
    public void Load_WhatThePlanJsonLacks_LocalsLifecycleDynamicBlocksAndMoves()
    {
        using var ws = new TerraformWorkspace("hclload");
        ws.Write("main.tf", """
            locals {
              ports = { for p in [80, 443] : tostring(p) => terraform_data.base.id }
            }

            resource "terraform_data" "base" {
              input = "base"
            }

            resource "aws_security_group" "web" {
              name = "web-${terraform_data.base.id}"
              dynamic "ingress" {
                for_each = local.ports
                content {
                  from_port = ingress.key
                  description = <<-EOT
                    opened for ${ingress.value}
                    EOT
                }
              }
              lifecycle {
                create_before_destroy = true
                ignore_changes        = [tags]
                replace_triggered_by  = [terraform_data.trigger]
              }
            }

            resource "terraform_data" "trigger" {
              input = "t"
            }

            moved {
              from = terraform_data.old
              to   = terraform_data.base
            }

            import {
              to = aws_security_group.web
              id = "sg-123456"
            }
            """);

        var config = HclConfigLoader.Load(ws.Directory);
        var model = new GraphAssembler { Config = config }.Build();
        var web = config.Resources.Single(r => r.Address == "aws_security_group.web");

        config.HasLocals.ShouldBeTrue();
        config.Locals[TerraformConfig.Key("", "ports")].ShouldBe(["terraform_data.base.id"]);
        web.DynamicBlocks.ShouldBe(["ingress"]);
        web.Lifecycle!.CreateBeforeDestroy.ShouldBeTrue();
        web.Lifecycle.IgnoreChanges.ShouldBe(["tags"]);
        web.Lifecycle.ReplaceTriggeredBy.ShouldBe(["terraform_data.trigger"]);
        web.Location.ShouldBe("main.tf:9");
        config.Moves.Select(m => (m.Kind, m.From, m.To)).ShouldBe([("moved", "terraform_data.old", "terraform_data.base"), ("import", "", "aws_security_group.web")]);
        var dependencies = model.Graph.Dependencies(model.Graph.IndexOf("aws_security_group.web")).ToArray().Select(d => model.Graph.Names[d]).Order();
        dependencies.ShouldBe(["terraform_data.base", "terraform_data.trigger"]);
        model.References["aws_security_group.web"].ShouldContain(r => r.Written == "local.ports" && r.Target.Via.SequenceEqual(new[] { "local.ports" }));
    }

    [Fact]
    public void Load_InvalidHcl_IsAnInputErrorWithFileAndLine()
    {
        using var ws = new TerraformWorkspace("hclbad");
        ws.Write("main.tf", "resource \"terraform_data\" \"a\" {\n  input = [1,\n}\n");

        // Named under the directory as given (here a full path), as findings name it, never as main.tf alone.
        Should.Throw<Domain.InvalidInputException>(() => HclConfigLoader.Load(ws.Directory)).Message.ShouldStartWith($"cannot parse {ws.PathOf("main.tf")}:3:1:");
        Should.Throw<Domain.InvalidInputException>(() => HclConfigLoader.Load(ws.Directory, path => "shown/" + Path.GetFileName(path))).Message.ShouldStartWith("cannot parse shown/main.tf:3:1:");
    }

    [Fact]
    public void Load_OneResourceTwiceInAFile_RefusedNamingBothPlacesAsTerraformDoes()
    {
        using var ws = new TerraformWorkspace("hcldup");
        ws.Write("main.tf", "resource \"terraform_data\" \"a\" { input = \"x\" }\nresource \"terraform_data\" \"a\" { input = \"x\" }\n");

        var e = Should.Throw<Domain.InvalidInputException>(() => HclConfigLoader.Load(ws.Directory, Path.GetFileName));

        e.Message.ShouldBe("main.tf:2:1: resource terraform_data.a is declared twice in the root module (first at main.tf:1:1): terraform refuses it (Duplicate resource \"terraform_data\" configuration)");
        // Counted once and passed before; terraform itself refuses it.
        var (code, _, stderr) = ws.RunRaw(["validate", "-no-color"]);
        code.ShouldBe(1);
        stderr.ShouldContain("Duplicate resource \"terraform_data\" configuration");
    }

    [Theory]
    [InlineData("override.tf", "variable \"v\" {\n  validation {\n    condition     = var.v != \"\"\n    error_message = \"x\"\n  }\n}\n", "override.tf:1:1")]
    [InlineData("v_override.tf.json", "{\n  \"variable\": {\n    \"v\": { \"validation\": { \"condition\": \"${var.v != \\\"\\\"}\", \"error_message\": \"x\" } }\n  }\n}\n", "v_override.tf.json:3:5")]
    public void Load_OverrideWithAValidationBlock_RefusedAsTerraformDoes(string file, string content, string at)
    {
        using var ws = new TerraformWorkspace("hclvalidationoverride");
        ws.Write("main.tf", "variable \"v\" {\n  default = \"a\"\n}\n").Write(file, content);

        // Before: an override's validation was not read at all; terraform refuses one.
        Should.Throw<Domain.InvalidInputException>(() => HclConfigLoader.Load(ws.Directory, Path.GetFileName)).Message
            .ShouldBe($"{at}: the override of variable var.v has a validation block: terraform refuses it (Can't override validation blocks)");
        var (code, _, stderr) = ws.RunRaw(["validate", "-no-color"]);
        code.ShouldBe(1);
        stderr.ShouldContain("Can't override validation blocks");
    }

    [Fact]
    public void Load_OneResourceInTwoFiles_RefusedAtTheLaterFileInReadingOrder()
    {
        using var ws = new TerraformWorkspace("hcldup2");
        ws.Write("b.tf", "resource \"terraform_data\" \"a\" {\n  count = 2\n}\n");
        ws.Write("main.tf", "locals {\n  n = 1\n}\n\n  resource \"terraform_data\" \"a\" {\n  for_each = toset([\"x\"])\n}\n");

        // count and for_each make no difference; files are read in name order, as terraform reads them.
        Should.Throw<Domain.InvalidInputException>(() => HclConfigLoader.Load(ws.Directory, path => "infra/" + Path.GetFileName(path))).Message
            .ShouldBe("infra/main.tf:5:3: resource terraform_data.a is declared twice in the root module (first at infra/b.tf:1:1): terraform refuses it (Duplicate resource \"terraform_data\" configuration)");
    }

    [Fact]
    public void Load_DuplicateInAChildModule_RefusedNamingTheModule()
    {
        using var ws = new TerraformWorkspace("hcldupchild");
        ws.Write("main.tf", "module \"app\" {\n  source = \"./modules/app\"\n}\n");
        ws.Write("modules/app/main.tf", "data \"terraform_remote_state\" \"net\" {\n  backend = \"local\"\n}\n");
        ws.Write("modules/app/more.tf", "data \"terraform_remote_state\" \"net\" {\n  backend = \"local\"\n}\n");

        Should.Throw<Domain.InvalidInputException>(() => HclConfigLoader.Load(ws.Directory, path => Path.GetRelativePath(ws.Directory, path))).Message
            .ShouldBe("modules/app/more.tf:1:1: data source data.terraform_remote_state.net is declared twice in module.app (first at modules/app/main.tf:1:1): terraform refuses it (Duplicate data \"terraform_remote_state\" configuration)");
    }

    [Theory]
    [InlineData("module \"m\" {\n  source = \"./m\"\n}\nmodule \"m\" {\n  source = \"./m\"\n}\n", "main.tf:4:1: module call module.m is declared twice in the root module (first at main.tf:1:1): terraform refuses it (Duplicate module call)")]
    [InlineData("variable \"v\" {}\nvariable \"v\" {}\n", "main.tf:2:1: variable var.v is declared twice in the root module (first at main.tf:1:1): terraform refuses it (Duplicate variable declaration)")]
    [InlineData("output \"o\" {\n  value = 1\n}\noutput \"o\" {\n  value = 2\n}\n", "main.tf:4:1: output o is declared twice in the root module (first at main.tf:1:1): terraform refuses it (Duplicate output definition)")]
    [InlineData("locals {\n  x = 1\n}\nlocals {\n  x = 2\n}\n", "main.tf:5:3: local value local.x is declared twice in the root module (first at main.tf:2:3): terraform refuses it (Duplicate local value definition)")]
    [InlineData("locals {\n  x = 1\n  x = 2\n}\n", "cannot parse main.tf:3:3: attribute \"x\" is defined twice")] // the parser's, as terraform's "Attribute redefined"
    public void Load_ModuleCallVariableOutputOrLocalTwice_Refused(string config, string message)
    {
        using var ws = new TerraformWorkspace("hcldupkinds");
        ws.Write("main.tf", config).Write("m/main.tf", "");

        Should.Throw<Domain.InvalidInputException>(() => HclConfigLoader.Load(ws.Directory, Path.GetFileName)).Message.ShouldBe(message);
    }

    [Fact]
    public void Load_OneResourceInTfAndTfJson_RefusedWithTheJsonLine()
    {
        using var ws = new TerraformWorkspace("hcldupjson");
        ws.Write("a.tf.json", "{\n  \"resource\": {\n    \"terraform_data\": {\n      \"a\": {}\n    }\n  }\n}\n");
        ws.Write("main.tf", "resource \"terraform_data\" \"a\" {}\n");

        Should.Throw<Domain.InvalidInputException>(() => HclConfigLoader.Load(ws.Directory, Path.GetFileName)).Message
            .ShouldBe("main.tf:1:1: resource terraform_data.a is declared twice in the root module (first at a.tf.json:4:7): terraform refuses it (Duplicate resource \"terraform_data\" configuration)");
    }

    [Fact]
    public void Load_SameNamesWhereTerraformTakesThem_Loads()
    {
        using var ws = new TerraformWorkspace("hcldupok");
        // A resource and a data source of one type and name, one name in two modules, one name in different kinds,
        // and an override file naming what it merges into.
        ws.Write("main.tf", """
            resource "terraform_data" "a" {}
            data "terraform_data" "a" {}
            variable "a" {}
            output "a" {
              value = terraform_data.a.id
            }
            locals {
              a = 1
            }
            module "a" {
              source = "./a"
            }
            """);
        ws.Write("a/main.tf", """
            resource "terraform_data" "a" {}
            variable "a" { default = 1 }
            output "a" {
              value = 1
            }
            """);
        ws.Write("override.tf", """
            resource "terraform_data" "a" {
              input = local.a
            }
            locals {
              a = 2
            }
            output "a" {
              value = 2
            }
            """);

        var config = HclConfigLoader.Load(ws.Directory);

        config.Resources.Select(r => r.Address).ShouldBe(["terraform_data.a", "data.terraform_data.a", "module.a.terraform_data.a"], ignoreOrder: true);
        config.ModuleCalls.ShouldHaveSingleItem().Path.ShouldBe("module.a");
    }

    [Fact]
    public void Parse_EveryConfigurationInTheRepository_ParsesCompletely()
    {
        var root = Repository.Root;

        var files = new[] { "examples", "test" }
            .Select(d => Path.Combine(root, d))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.tf", SearchOption.AllDirectories))
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/.terraform/", StringComparison.Ordinal))
            .ToList();

        files.Count.ShouldBeGreaterThan(3);
        foreach (var file in files)
        {
            var parsed = HclParser.ParseFile(file);
            parsed.Body.Blocks.Count.ShouldBeGreaterThan(0, file);
        }

        // The configurations the tests write inline: every non-interpolated raw string literal that declares a resource.
        var inline = Directory.EnumerateFiles(Path.Combine(root, "test"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal))
            .SelectMany(f => RawLiteral().Matches(File.ReadAllText(f)).Select(m => (File: f, Text: m.Groups[1].Value)))
            .Where(x => x.Text.Contains("resource \"", StringComparison.Ordinal) && !x.Text.Contains("{{", StringComparison.Ordinal))
            .ToList();
        inline.Count.ShouldBeGreaterThan(3);
        foreach (var (file, text) in inline)
        {
            HclParser.Parse(Path.GetFileName(file), text).Body.Blocks.Count.ShouldBeGreaterThan(0, file);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("(?<![$\"])\"\"\"\\s*\\n(.*?)\\n\\s*\"\"\"", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex RawLiteral();
}
