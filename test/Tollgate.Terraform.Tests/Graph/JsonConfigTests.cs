using Tollgate.Terraform.Graph;
using Tollgate.Terraform.Graph.Config;
using Tollgate.Terraform.Graph.Dot;
using Tollgate.Terraform.Running;
using Tollgate.Testing;

namespace Tollgate.Terraform.Tests.Graph;

public sealed class JsonConfigTests
{
    private const string MainTf = """
        resource "terraform_data" "base" {
          input = "base"
        }

        module "app" {
          source = "./modules/app"
          base   = terraform_data.base.id
        }

        resource "terraform_data" "after" {
          input = local.name
        }
        """;

    private const string ExtraTfJson = """
        {
          "//": "generated: the web tier",
          "locals": { "name": "svc-${module.app.server_id}" },
          "resource": {
            "terraform_data": {
              "web": {
                "input": "web-${terraform_data.base.id}",
                "depends_on": ["terraform_data.gate"],
                "lifecycle": { "replace_triggered_by": ["terraform_data.base"], "create_before_destroy": true }
              },
              "gate": { "input": "gate" },
              "fleet": { "count": 2, "input": "${terraform_data.web.output}-${count.index}" }
            }
          },
          "output": { "web": { "value": "${terraform_data.web.id}" } },
          "moved": [{ "from": "terraform_data.old", "to": "terraform_data.gate" }]
        }
        """;

    private const string ModuleTfJson = """
        {
          "variable": { "base": { "type": "string" } },
          "resource": { "terraform_data": { "server": { "input": "${var.base}" } } },
          "output": { "server_id": { "value": "${terraform_data.server.id}" } }
        }
        """;

    [Fact]
    public void Load_MainTfAndExtraTfJson_HasTheEdgesOfTerraformGraph()
    {
        using var ws = new TerraformWorkspace("tfjson");
        ws.Write("main.tf", MainTf).Write("extra.tf.json", ExtraTfJson).Write("modules/app/main.tf.json", ModuleTfJson)
            .Run(["init", "-input=false", "-no-color"]);
        var (validate, _, validateError) = ws.RunRaw(["validate", "-no-color"]);
        var dot = DotReader.Read(ws.Run(["graph", "-no-color"]), "terraform graph");

        var config = HclConfigLoader.Load(ws.Directory);
        var hcl = new GraphAssembler { Config = config }.Build().Graph;
        var terraform = new GraphAssembler { Dot = dot }.Build().Graph;

        validate.ShouldBe(0, validateError);
        GraphClosure.Of(hcl).ShouldBe(GraphClosure.Of(terraform));
        GraphClosure.Of(hcl).ShouldContain(("terraform_data.after", "module.app.terraform_data.server"), "local.name in JSON reads the module's output");
        hcl.KindOf(hcl.IndexOf("terraform_data.web"), hcl.IndexOf("terraform_data.gate")).HasFlag(EdgeKind.DependsOn).ShouldBeTrue();
        var web = config.Resources.Single(r => r.Address == "terraform_data.web");
        web.Location.ShouldBe("extra.tf.json:6");
        web.Lifecycle!.ReplaceTriggeredBy.ShouldBe(["terraform_data.base"]);
        web.Lifecycle.CreateBeforeDestroy.ShouldBeTrue();
        web.Literals.ShouldBeEmpty("web-${…} is a template, not a literal");
        config.Resources.Single(r => r.Address == "terraform_data.gate").Literals.ShouldBe([new LiteralArgument("input", "gate")]);
        config.Resources.Single(r => r.Address == "module.app.terraform_data.server").File.ShouldBe(Path.Combine("modules", "app", "main.tf.json"));
        config.Moves.Single().ShouldBe(new AddressMove("moved", "", "terraform_data.old", "terraform_data.gate", "extra.tf.json:16"));
    }

    [Fact]
    public void Load_OverrideFiles_ReplaceArgumentsLikeTerraform()
    {
        using var ws = new TerraformWorkspace("tfoverride");
        ws.Write("main.tf", """
            resource "terraform_data" "a" {
              input = "a"
            }

            resource "terraform_data" "b" {
              input = "b"
            }

            resource "terraform_data" "web" {
              input            = terraform_data.a.id
              triggers_replace = ["static"]
            }

            resource "terraform_data" "gate" {
              input      = "g"
              depends_on = [terraform_data.a]
            }
            """)
            .Write("override.tf.json", """{ "resource": { "terraform_data": { "web": { "input": "${terraform_data.b.id}" } } } }""")
            .Write("gate_override.tf", "resource \"terraform_data\" \"gate\" {\n  input = terraform_data.b.id\n}\n")
            .Run(["init", "-input=false", "-no-color"]);
        var (validate, _, validateError) = ws.RunRaw(["validate", "-no-color"]);
        var dot = DotReader.Read(ws.Run(["graph", "-no-color"]), "terraform graph");

        var config = HclConfigLoader.Load(ws.Directory);
        var hcl = new GraphAssembler { Config = config }.Build().Graph;

        validate.ShouldBe(0, validateError);
        config.Resources.Count.ShouldBe(4, "an override block merges into its original");
        GraphClosure.Of(hcl).ShouldBe(GraphClosure.Of(new GraphAssembler { Dot = dot }.Build().Graph));
        GraphClosure.Of(hcl).ShouldBe([("terraform_data.gate", "terraform_data.a"), ("terraform_data.gate", "terraform_data.b"), ("terraform_data.web", "terraform_data.b")]);
        config.Resources.Single(r => r.Address == "terraform_data.gate").DependsOn.ShouldBe(["terraform_data.a"], "terraform refuses to override depends_on");
        var web = config.Resources.Single(r => r.Address == "terraform_data.web");
        web.Literals.ShouldBe([new LiteralArgument("triggers_replace[0]", "static")], "the argument the override leaves alone stays");
        web.Location.ShouldBe("main.tf:9", "the block is declared where the original is");
    }

    [Fact]
    public void Load_OverrideAfterAModuleCallInTheSameFile_KeepsTheParentsOtherArguments()
    {
        // The child module has no override files; reading it must not change how the rest of the parent's file is read.
        using var ws = new TerraformWorkspace("tfoverride-child");
        ws.Write("modules/child/main.tf", "resource \"terraform_data\" \"inner\" {\n  input = \"i\"\n}\n")
            .Write("main.tf", """
            module "child" {
              source = "./modules/child"
            }

            resource "terraform_data" "a" {
              input = "a"
            }

            resource "terraform_data" "b" {
              input = "b"
            }

            resource "terraform_data" "c" {
              input = "c"
            }

            resource "terraform_data" "web" {
              input            = terraform_data.a.id
              triggers_replace = [terraform_data.c.id]
            }
            """)
            .Write("override.tf", "resource \"terraform_data\" \"web\" {\n  input = terraform_data.b.id\n}\n")
            .Run(["init", "-input=false", "-no-color"]);
        var dot = DotReader.Read(ws.Run(["graph", "-no-color"]), "terraform graph");

        var hcl = new GraphAssembler { Config = HclConfigLoader.Load(ws.Directory) }.Build().Graph;

        GraphClosure.Of(hcl).ShouldBe([("terraform_data.web", "terraform_data.b"), ("terraform_data.web", "terraform_data.c")]);
        GraphClosure.Of(hcl).ShouldBe(GraphClosure.Of(new GraphAssembler { Dot = dot }.Build().Graph));
    }

    [Fact]
    public void Load_GraphJsonExample_ReadsTheTfAndTheTfJsonHalves()
    {
        var root = Repository.Root;

        var config = HclConfigLoader.Load(Path.Combine(root, "examples", "terraform", "graph-json"));

        config.Resources.Select(r => r.Location).Order().ShouldBe(["main.tf:8", "services.tf.json:5", "services.tf.json:8"]);
        config.Resources.Single(r => r.Address == "terraform_data.cache").DependsOn.ShouldBe(["terraform_data.api"]);
        config.Resources.Single(r => r.Address == "terraform_data.db").References.ShouldBe(["local.api_url"]);
    }

    [Fact]
    public void Load_EveryBlockTypeOfTheJsonSyntax_ReadsWhatTheHclReaderReads()
    {
        using var ws = new TerraformWorkspace("tfjson-blocks");
        ws.Write("modules/net/main.tf", "variable \"cidr\" {}\n\nresource \"terraform_data\" \"vpc\" {\n  input = var.cidr\n}\n")
            .Write("main.tf.json", """
                {
                  "variable": { "zones": { "type": "set(string)", "default": ["a", "b"] } },
                  "data": { "terraform_remote_state": { "shared": { "backend": "local", "config": { "path": "${path.module}/shared.tfstate" } } } },
                  "module": {
                    "net": {
                      "source": "./modules/net",
                      "for_each": "${var.zones}",
                      "cidr": "${data.terraform_remote_state.shared.outputs.cidr}",
                      "depends_on": ["terraform_data.seed"]
                    }
                  },
                  "resource": {
                    "terraform_data": {
                      "seed": { "input": "seed" },
                      "web": {
                        "count": "${length(var.zones)}",
                        "input": { "name": "web", "seed": "${terraform_data.seed.id}" },
                        "dynamic": { "rule": { "for_each": "${module.net}", "content": { "port": "${rule.value}" } } },
                        "lifecycle": {
                          "ignore_changes": ["input[\"name\"]"],
                          "precondition": [{ "condition": "${self.input != null && terraform_data.seed.id != \"\"}", "error_message": "no seed" }]
                        },
                        "provisioner": [{ "local-exec": { "command": "echo ${terraform_data.gone.id}" } }]
                      }
                    }
                  },
                  "removed": { "from": "terraform_data.old", "lifecycle": { "destroy": false } },
                  "import": [{ "to": "terraform_data.seed", "id": "seed-1" }]
                }
                """);

        var config = HclConfigLoader.Load(ws.Directory);
        var model = new GraphAssembler { Config = config }.Build();
        var web = config.Resources.Single(r => r.Address == "terraform_data.web");
        var net = config.ModuleCalls.Single();

        config.Resources.Select(r => r.Address).Order().ShouldBe(["data.terraform_remote_state.shared", "module.net.terraform_data.vpc", "terraform_data.seed", "terraform_data.web"]);
        net.Source.ShouldBe("./modules/net");
        net.DependsOn.ShouldBe(["terraform_data.seed"]);
        net.Inputs["cidr"].ShouldBe(["data.terraform_remote_state.shared.outputs.cidr"]);
        net.Inputs["for_each"].ShouldBe(["var.zones"]);
        web.References.ShouldBe(["var.zones", "terraform_data.seed.id", "module.net", "rule.value", "terraform_data.seed.id"], ignoreOrder: true);
        web.DynamicBlocks.ShouldBe(["rule"]);
        web.Lifecycle!.IgnoreChanges.ShouldBe(["input[\"name\"]"]);
        web.Literals.ShouldContain(new LiteralArgument("input.name", "web"));
        config.Moves.Select(m => (m.Kind, m.From, m.To)).ShouldBe([("removed", "terraform_data.old", ""), ("import", "", "terraform_data.seed")]);
        model.Graph.Dependencies(model.Graph.IndexOf("module.net.terraform_data.vpc")).ToArray().Select(d => model.Graph.Names[d]).Order()
            .ShouldBe(["data.terraform_remote_state.shared", "terraform_data.seed"]); // the input's data source, and the module's depends_on
    }

    [Fact]
    public void Load_JsonOnlyConfiguration_IsAConfiguration()
    {
        using var ws = new TerraformWorkspace("tfjson-only");
        ws.Write("main.tf.json", """{ "resource": [{ "terraform_data": { "a": [{ "input": "${terraform_data.b.id}" }] } }, { "terraform_data": { "b": {} } }] }""");

        var graph = new GraphAssembler { Config = HclConfigLoader.Load(ws.Directory) }.Build().Graph;

        graph.Dependencies(graph.IndexOf("terraform_data.a")).ToArray().Select(d => graph.Names[d]).ShouldBe(["terraform_data.b"]);
    }

    [Fact]
    public void Load_TfJsonResources_SpanFromTheirNameToTheirClosingBrace()
    {
        // Before: a .tf.json resource had its file:line as text only (no Line), so findings on it had no location.
        using var ws = new TerraformWorkspace("tfjson-spans");
        ws.Write("main.tf.json", """
            {
              "resource": {
                "terraform_data": {
                  "web": {
                    "input": "${terraform_data.gate.id}"
                  },
                  "a": { "input": "日本😀" }, "gate": { "input": "gate" }
                }
              }
            }
            """).Write("one-line.tf.json", """{ "resource": [{ "terraform_data": { "b": [{ "input": "${terraform_data.c.id}" }] } }, { "terraform_data": { "c": {} } }] }""");

        var spans = HclConfigLoader.Load(ws.Directory).Resources.ToDictionary(r => r.Address, r => (r.File, r.Line, r.Column, r.EndLine, r.EndColumn, r.Location));

        spans["terraform_data.web"].ShouldBe(("main.tf.json", 4, 7, 6, 8, "main.tf.json:4"));
        // Columns count UTF-16 code units, as the HCL reader's do: 日 and 本 one each, 😀 two.
        spans["terraform_data.gate"].ShouldBe(("main.tf.json", 7, 33, 7, 60, "main.tf.json:7"));
        // A block given as an array item spans the item; the others their property.
        spans["terraform_data.b"].ShouldBe(("one-line.tf.json", 1, 44, 1, 81, "one-line.tf.json:1"));
        spans["terraform_data.c"].ShouldBe(("one-line.tf.json", 1, 110, 1, 117, "one-line.tf.json:1"));
    }

    [Fact]
    public void Attach_FindingOnATfJsonResource_PointsAtItsBlock()
    {
        using var ws = new TerraformWorkspace("tfjson-attach");
        ws.Write("main.tf.json", """
            {
              "resource": {
                "terraform_data": {
                  "loop": { "input": "${terraform_data.loop.id}" }
                }
              }
            }
            """);
        var model = new GraphAssembler { Config = HclConfigLoader.Load(ws.Directory) }.Build();

        var located = SourceLocations.Attach([new Domain.Findings.Finding("cycle", Domain.Findings.Severity.Critical, "terraform_data.loop", "loop")], model, "infra");

        located.Single().Location.ShouldBe(new Domain.Findings.SourceLocation(Path.Combine("infra", "main.tf.json"), 4, 7) { EndLine = 4, EndColumn = 55 });
    }

    [Theory]
    [InlineData("""{ "resource": { "terraform_data": { "a": { "input": "x", } } } }""", "cannot parse bad.tf.json: line 1, column 58: not well-formed JSON")]
    [InlineData("{ \"resource\": { \"terraform_data\": { \"a\": { \"input\": \"s3cret", "cannot parse bad.tf.json: line 1, column 60: a string is not closed (cut short?)")]
    [InlineData("""[1, 2]""", "cannot read bad.tf.json: a Terraform JSON configuration is one JSON object, not an array")]
    [InlineData("{\n  \"resource\": {\n    \"terraform_data\": {\n      \"a\": \"oops\"\n    }\n  }\n}", "cannot read bad.tf.json:4: resource.terraform_data.a must be a JSON object (or an array of objects), not a string")]
    [InlineData("""{ "resource": { "terraform_data": { "a": { "input": "${terraform_data.}" } } } }""", "cannot read bad.tf.json:1: resource.terraform_data.a.input is not a valid template:")]
    [InlineData("""{ "resource": { "terraform_data": { "a": { "depends_on": [1] } } } }""", "resource.terraform_data.a.depends_on.0 must be a string holding a reference, not a number")]
    [InlineData("""{ "resources": {} }""", "cannot read bad.tf.json:1: resources is not a block type")]
    public void Load_MalformedTfJson_IsAnInputErrorNamingTheFile(string text, string expected)
    {
        using var ws = new TerraformWorkspace("tfjson-bad");
        ws.Write("main.tf", "resource \"terraform_data\" \"ok\" {}\n").Write("bad.tf.json", text);

        var error = Should.Throw<Domain.InvalidInputException>(() => HclConfigLoader.Load(ws.Directory));

        error.Message.ShouldStartWith("cannot ");
        error.Message.ShouldContain("bad.tf.json");
        error.Message.ShouldContain(expected.Replace("bad.tf.json", ws.PathOf("bad.tf.json"), StringComparison.Ordinal)); // under the directory as given
        error.Message.ShouldNotContain("\n");
    }
}
