using System.Text;
using System.Text.Json;
using Tollgate.Domain.Verdicts;
using Tollgate.Terraform.Graph;
using Tollgate.Terraform.Graph.StateSplit;
using Tollgate.Terraform.GraphRules;
using Tollgate.Terraform.Plan;
using Tollgate.Terraform.Running;
using Tollgate.Testing;

namespace Tollgate.Terraform.Tests.Graph;

/// <summary>Real terraform configurations (terraform_data and local modules), planned or applied by the real terraform.</summary>
public sealed class GraphScenarioTests
{
    private const string AppModule = """
        variable "subnet_id" {}

        resource "terraform_data" "server" {
          input = var.subnet_id
        }

        output "endpoint" {
          value = terraform_data.server.output
        }
        """;

    [Fact]
    public void PlanFindings_ModuleWithDependsOn_ReportsTheLeakingBoundaryFromPlanJsonAndHcl()
    {
        using var ws = new TerraformWorkspace("moddep");
        ws.Write("modules/app/main.tf", AppModule).Write("main.tf", """
            resource "terraform_data" "vpc" {
              input = "vpc"
            }

            resource "terraform_data" "subnet" {
              input = "subnet"
            }

            module "app" {
              source     = "./modules/app"
              subnet_id  = terraform_data.subnet.id
              depends_on = [terraform_data.vpc]
            }
            """);
        var planPath = ws.PlanJson();
        var plan = PlanReader.ReadFile(planPath);

        var fromJson = PlanGraphFindings.For(planPath, plan);
        var fromDirectory = PlanGraphFindings.For(ws.Directory, plan);

        foreach (var findings in new[] { fromJson, fromDirectory })
        {
            var finding = findings.Single(f => f.Rule == "module-depends-on");
            finding.Address.ShouldBe("module.app");
            finding.Message.ShouldContain("terraform_data.vpc");
            finding.Suggestion!.ShouldContain("vpc_id = terraform_data.vpc.id");
            findings.ShouldContain(f => f.Rule == "blast-radius" && f.Address == "terraform_data.subnet" && (int)f.Evidence["blastRadius"]! == 1);
        }
    }

    [Fact]
    public void PlanFindings_LiteralCopiedFromAnotherResourcesId_IsAnImplicitDependencyWithTheReference()
    {
        using var ws = new TerraformWorkspace("implicit");
        ws.Write("main.tf", "resource \"terraform_data\" \"db\" {\n  input = \"orders\"\n}\n").Apply();
        var id = DbId(ws);
        ws.Write("main.tf", $"resource \"terraform_data\" \"db\" {{\n  input = \"orders\"\n}}\n\nresource \"terraform_data\" \"app\" {{\n  input = \"{id}\"\n  depends_on = [terraform_data.db]\n}}\n\nresource \"terraform_data\" \"worker\" {{\n  input = {{ db = \"{id}\" }}\n}}\n");
        var planPath = ws.PlanJson();
        var plan = PlanReader.ReadFile(planPath);

        var findings = PlanGraphFindings.For(planPath, plan);
        var fromDirectory = PlanGraphFindings.For(ws.Directory, plan);

        var implicitDependency = findings.Single(f => f.Rule == "implicit-dependency");
        implicitDependency.Address.ShouldBe("terraform_data.worker");
        implicitDependency.Suggestion.ShouldBe("input.db = terraform_data.db.id");
        implicitDependency.Related.ShouldBe(["terraform_data.db"]);
        var dependsOn = findings.Single(f => f.Rule == "depends-on");
        dependsOn.Address.ShouldBe("terraform_data.app");
        dependsOn.Suggestion!.ShouldStartWith("input = terraform_data.db.id");
        fromDirectory.Single(f => f.Rule == "implicit-dependency").Suggestion.ShouldBe("input.db = terraform_data.db.id");
    }

    [Fact]
    public async Task Graph_HubWith150Dependents_IsAFanOutHubInHclAndTerraformGraph()
    {
        using var ws = new TerraformWorkspace("hub");
        var config = new StringBuilder("resource \"terraform_data\" \"hub\" {\n  input = \"shared\"\n}\n");
        for (var i = 0; i < 150; i++)
        {
            config.Append($"\nresource \"terraform_data\" \"dep{i:000}\" {{\n  input = terraform_data.hub.id\n}}\n");
        }

        ws.Write("main.tf", config.ToString()).Run(["init", "-input=false", "-no-color"]);

        var loaded = await new GraphLoader(new TerraformCli()) { RunTerraformGraph = true }.LoadAsync(ws.Directory);
        var analysis = new GraphAnalysis(loaded.Model, ChangeSet.FromLines(["terraform_data.hub"]), new GraphThresholds { MaxBlastRadius = 100 });
        var findings = new GraphGate().Evaluate(analysis);
        var report = new GraphGate().Judge(ws.Directory, loaded, analysis, findings);

        loaded.Model.Sources.ShouldContain("terraform graph");
        loaded.Model.Dot!.Edges.Count(e => e.To == "terraform_data.hub").ShouldBe(150);
        var fanOut = findings.Single(f => f.Rule == "fan-out");
        fanOut.Address.ShouldBe("terraform_data.hub");
        fanOut.Evidence["directDependents"].ShouldBe(150);
        findings.Single(f => f.Rule == "blast-radius").Severity.ShouldBe(Domain.Findings.Severity.High);
        report.Verdict.ShouldBe(Verdict.Review);
        report.Summary.ShouldContain(new KeyValuePair<string, long>("applySteps", 16));
    }

    [Fact]
    public async Task Graph_CycleTerraformRefuses_IsNamedWithTheLocalThatClosesIt()
    {
        using var ws = new TerraformWorkspace("cycle");
        ws.Write("main.tf", File.ReadAllText(GraphFixtures.PathOf("cycle/main.tf"))).Run(["init", "-input=false", "-no-color"]);
        var (code, _, stderr) = ws.RunRaw(["validate", "-no-color"]);

        var loaded = await new GraphLoader(new TerraformCli()) { RunTerraformGraph = true }.LoadAsync(ws.Directory);
        var analysis = new GraphAnalysis(loaded.Model, ChangeSet.None, new GraphThresholds());
        var findings = new GraphGate().Evaluate(analysis);
        var report = new GraphGate().Judge(ws.Directory, loaded, analysis, findings);

        code.ShouldNotBe(0);
        stderr.ShouldContain("Cycle");
        report.Verdict.ShouldBe(Verdict.Fail);
        var cycle = findings.Single(f => f.Rule == "cycle");
        ((IEnumerable<string>)cycle.Evidence["path"]!).ShouldBe(["terraform_data.a", "terraform_data.b", "terraform_data.a"]);
        cycle.Message.ShouldContain("terraform_data.b → terraform_data.a exists only through local.a_id");
        report.Facts.ShouldContain(f => f.Key == "terraformGraph" && f.Value.Contains("Cycle"));
    }

    [Fact]
    public async Task StateSplit_TwoTeamsModulesInOneState_ProposesTwoStatesAndTheCrossingReference()
    {
        using var ws = new TerraformWorkspace("teams");
        ws.Write("modules/app/main.tf", AppModule)
            .Write("modules/network/main.tf", """
                resource "terraform_data" "vpc" {
                  input = { team = "networking" }
                }

                resource "terraform_data" "subnet" {
                  input = terraform_data.vpc.id
                }

                output "subnet_id" {
                  value = terraform_data.subnet.id
                }
                """)
            .Write("main.tf", """
                module "network" {
                  source = "./modules/network"
                }

                module "app" {
                  source    = "./modules/app"
                  subnet_id = module.network.subnet_id
                }
                """)
            .Write("owners.yaml", "owners:\n  module.network: networking\n  module.app: app-team\n")
            .Apply();

        var loaded = await new GraphLoader(new TerraformCli()).LoadAsync(ws.Directory);
        var analysis = new GraphAnalysis(loaded.Model, ChangeSet.None, new GraphThresholds());
        var advice = new StateSplitAdvisor(analysis, OwnerMap.Load(ws.PathOf("owners.yaml"))).Advise();
        var findings = new StateSplitRule(OwnerMap.Load(ws.PathOf("owners.yaml"))).Evaluate(analysis).ToList();

        advice.States.Select(s => s.Owner).ShouldBe(["app-team", "networking"]);
        advice.States.Single(s => s.Owner == "networking").ForeignDependents.ShouldBe(1);
        var boundary = advice.Boundaries.ShouldHaveSingleItem();
        (boundary.ConsumerOwner, boundary.ProducerOwner).ShouldBe(("app-team", "networking"));
        var crossing = boundary.References.ShouldHaveSingleItem();
        crossing.Consumer.ShouldBe("module.app.terraform_data.server");
        crossing.Producer.ShouldBe("module.network.terraform_data.subnet");
        crossing.Export.ShouldBe("module.network.subnet_id");
        findings.First().Suggestion!.ShouldContain("output \"module_network_subnet_id\" { value = module.network.subnet_id }");
        findings.First().Suggestion!.ShouldContain("data \"terraform_remote_state\" \"networking\"");
        loaded.Model.Identities.OwnerTags["module.network.terraform_data.vpc"].ShouldBe("networking");
    }

    [Fact]
    public async Task GraphOfAPlan_DependsOnAddedWithTheSamePlannedChanges_IsAnotherReview()
    {
        using var ws = new TerraformWorkspace("plandigest");
        ws.Write("main.tf", """
            resource "terraform_data" "shared" {
              input = "shared"
            }

            resource "terraform_data" "app" {
              input = "app"
            }
            """);
        var planPath = ws.PlanJson();
        // The same plan whose configuration also says app depends_on shared: same changes, another graph.
        var plan = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(planPath))!;
        var app = plan["configuration"]!["root_module"]!["resources"]!.AsArray().Single(r => (string)r!["address"]! == "terraform_data.app")!;
        app["depends_on"] = new System.Text.Json.Nodes.JsonArray("terraform_data.shared");
        var dependsOnPath = ws.PathOf("plan-depends-on.json");
        File.WriteAllText(dependsOnPath, plan.ToJsonString());

        var loader = new GraphLoader(new TerraformCli());
        var plain = await loader.LoadAsync(planPath);
        var dependsOn = await loader.LoadAsync(dependsOnPath);

        PlanReader.ReadFile(planPath).Digest.ShouldBe(PlanReader.ReadFile(dependsOnPath).Digest);
        dependsOn.Model.Graph.EdgeCount.ShouldBe(plain.Model.Graph.EdgeCount + 1);
        dependsOn.Digest.ShouldNotBe(plain.Digest);
        (await loader.LoadAsync(planPath)).Digest.ShouldBe(plain.Digest);
    }

    private static string DbId(TerraformWorkspace ws)
    {
        using var state = JsonDocument.Parse(File.ReadAllText(ws.PathOf("terraform.tfstate")));
        return state.RootElement.GetProperty("resources")[0].GetProperty("instances")[0].GetProperty("attributes").GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task BlastRadius_OnlyADataSourceReadsTheChange_SaysDataSourceNotResource()
    {
        using var ws = new TerraformWorkspace("blast-data");
        ws.Write("main.tf", "resource \"terraform_data\" \"x\" {\n  input = \"x\"\n}\n\ndata \"terraform_remote_state\" \"rs\" {\n  backend = \"local\"\n  config  = { path = terraform_data.x.output }\n}\n");

        var loaded = await new GraphLoader(new TerraformCli()).LoadAsync(ws.Directory);
        var analysis = new GraphAnalysis(loaded.Model, ChangeSet.FromLines(["terraform_data.x"]), new GraphThresholds());

        var blast = new GraphGate().Evaluate(analysis).Single(f => f.Rule == "blast-radius");

        blast.Message.ShouldBe("terraform_data.x changes: 1 data source depends on it transitively");
    }
}
