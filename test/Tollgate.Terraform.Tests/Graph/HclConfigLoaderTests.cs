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
