using Tollgate.Terraform.Graph;
using Tollgate.Terraform.Graph.StateSplit;
using Tollgate.Terraform.GraphRules;
using Tollgate.Terraform.Running;
using Tollgate.Testing;

namespace Tollgate.Terraform.Tests.Graph;

/// <summary>
/// The graph of a configuration is the same before and after the real <c>terraform apply</c>: the dependency lists
/// terraform records in the state (and in a plan's <c>prior_state</c>) hold every ancestor, not the direct edges.
/// </summary>
public sealed class AppliedGraphTests
{
    private const string Chain = """
        resource "terraform_data" "a" { input = "a" }
        resource "terraform_data" "b" { triggers_replace = [terraform_data.a.id] }
        resource "terraform_data" "c" { triggers_replace = [terraform_data.b.id] }
        resource "terraform_data" "d" { input = terraform_data.c.id }
        """;

    private static readonly string[] ChainEdges = ["terraform_data.b -> terraform_data.a", "terraform_data.c -> terraform_data.b", "terraform_data.d -> terraform_data.c"];

    [Fact]
    public async Task Load_ChainAppliedDirectoryAndPlan_KeepsTheThreeDirectEdgesAndNoFanOut()
    {
        using var ws = new TerraformWorkspace("applied-chain");
        ws.Write("main.tf", Chain);
        var loader = new GraphLoader(new TerraformCli());
        var before = await loader.LoadAsync(ws.Directory);

        ws.Apply();
        var after = await loader.LoadAsync(ws.Directory);
        var plan = await loader.LoadAsync(ws.PlanJson());

        Edges(before.Model.Graph).ShouldBe(ChainEdges);
        Edges(after.Model.Graph).ShouldBe(ChainEdges);
        Edges(plan.Model.Graph).ShouldBe(ChainEdges);
        after.Digest.ShouldBe(before.Digest);
        foreach (var loaded in new[] { after, plan })
        {
            var analysis = new GraphAnalysis(loaded.Model, ChangeSet.None, new GraphThresholds { FanOut = 1 });
            new FanOutRule().Evaluate(analysis).ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task Load_PlanWhoseConfigurationReadsALocal_TakesOnlyTheDirectEdgeFromThePriorState()
    {
        using var ws = new TerraformWorkspace("applied-local");
        ws.Write("main.tf", Chain.Replace("input = terraform_data.c.id", "input = local.c_id") + "\nlocals { c_id = terraform_data.c.id }\n").Apply();

        var plan = await new GraphLoader(new TerraformCli()).LoadAsync(ws.PlanJson());

        // The plan JSON has no locals: the recorded list of d (a, b and c) gives the edge, reduced to d -> c.
        Edges(plan.Model.Graph).ShouldBe(ChainEdges);
        var graph = plan.Model.Graph;
        graph.KindOf(graph.IndexOf("terraform_data.d"), graph.IndexOf("terraform_data.c")).ShouldBe(EdgeKind.PriorState);
    }

    [Fact]
    public async Task Load_PlanOfAReplaceTriggeredByWithNoReference_TakesItsEdgeFromThePriorStateAsTheDirectoryDoes()
    {
        // The plan JSON's configuration has no lifecycle block: trig's only argument is a constant there.
        using var ws = new TerraformWorkspace("applied-trigger");
        ws.Write("main.tf", """
            variable "gen" { default = 1 }
            resource "terraform_data" "base" { input = var.gen }
            resource "terraform_data" "trig" {
              input = "trigger-me"
              lifecycle { replace_triggered_by = [terraform_data.base] }
            }
            resource "terraform_data" "user" {
              input = terraform_data.base.output
              lifecycle { replace_triggered_by = [terraform_data.trig] }
            }
            """).Apply();
        var loader = new GraphLoader(new TerraformCli());

        var directory = await loader.LoadAsync(ws.Directory);
        var plan = await loader.LoadAsync(ws.PlanJson("plan.json", "-var", "gen=2"));

        Edges(plan.Model.Graph).ShouldBe(Edges(directory.Model.Graph));
        Edges(plan.Model.Graph).ShouldBe(["terraform_data.trig -> terraform_data.base", "terraform_data.user -> terraform_data.base", "terraform_data.user -> terraform_data.trig"]);
        var graph = plan.Model.Graph;
        graph.KindOf(graph.IndexOf("terraform_data.trig"), graph.IndexOf("terraform_data.base")).ShouldBe(EdgeKind.PriorState);
        graph.KindOf(graph.IndexOf("terraform_data.user"), graph.IndexOf("terraform_data.base")).ShouldBe(EdgeKind.Reference);
    }

    [Fact]
    public async Task Load_PlanThatReversesARecordedDependency_AddsNoEdgeThatClosesALoop()
    {
        using var ws = new TerraformWorkspace("applied-reversed");
        ws.Write("main.tf", """
            resource "terraform_data" "a" { input = "a" }
            resource "terraform_data" "b" { input = terraform_data.a.id }
            """).Apply();
        ws.Write("main.tf", """
            resource "terraform_data" "a" { input = terraform_data.b.id }
            resource "terraform_data" "b" { input = "b" }
            """);

        var plan = await new GraphLoader(new TerraformCli()).LoadAsync(ws.PlanJson());

        // The state records b on a; the configuration now says a reads b: only the configuration's edge is kept.
        Edges(plan.Model.Graph).ShouldBe(["terraform_data.a -> terraform_data.b"]);
    }

    [Fact]
    public async Task Load_PlanWithEveryResourceRemovedFromTheConfiguration_ReducesTheRecordedListsToDirectEdges()
    {
        using var ws = new TerraformWorkspace("applied-removed");
        ws.Write("main.tf", Chain).Apply();
        ws.Write("main.tf", "");

        var plan = await new GraphLoader(new TerraformCli()).LoadAsync(ws.PlanJson());

        Edges(plan.Model.Graph).ShouldBe(ChainEdges);
    }

    [Fact]
    public async Task StateSplit_ModulesAppliedDirectory_KeepsTheStatesAndFindingsOfTheConfiguration()
    {
        using var ws = Modules(new TerraformWorkspace("applied-modules"));
        var loader = new GraphLoader(new TerraformCli());
        var before = Split(await loader.LoadAsync(ws.Directory));

        ws.Apply();
        var after = Split(await loader.LoadAsync(ws.Directory));

        before.States.Select(s => $"{s.Owner}: {string.Join(", ", s.Resources)}").ShouldBe([
            "module.app: module.app.terraform_data.svc",
            "module.net: module.net.terraform_data.subnet, module.net.terraform_data.vpc",
            "root: terraform_data.dns",
        ], ignoreOrder: true);
        after.States.Select(s => $"{s.Owner}: {string.Join(", ", s.Resources)}").ShouldBe(before.States.Select(s => $"{s.Owner}: {string.Join(", ", s.Resources)}"));
        after.Findings.ShouldBe(before.Findings);
        after.Findings.ShouldNotContain(f => f.Contains("neither can be applied first"));
    }

    [Fact]
    public async Task StateSplit_ModulesPlanJson_GivesTheEdgesAndCrossingsOfTheDirectory()
    {
        // Terraform lists module.net beside module.net.subnets in a plan's references: alone it would stand for the whole module.
        using var ws = Modules(new TerraformWorkspace("plan-modules"));
        ws.Write("lb.tf", """
            resource "terraform_data" "lb" { input = module.net.subnets }
            output "first" { value = module.net.subnets[0] }
            """);
        var loader = new GraphLoader(new TerraformCli());
        var directory = await loader.LoadAsync(ws.Directory);
        var plan = await loader.LoadAsync(ws.PlanJson());

        Edges(plan.Model.Graph).ShouldBe(Edges(directory.Model.Graph));
        var (planSplit, directorySplit) = (Split(plan), Split(directory));
        planSplit.Findings.ShouldBe(directorySplit.Findings);
        planSplit.Findings.ShouldContain("Low splitting module.app from module.net: 1 reference would cross");
        planSplit.Snippets.ShouldBe(directorySplit.Snippets);
    }

    /// <summary>Modules <c>net</c> (a vpc and two subnets) and <c>app</c> (reading <c>module.net.subnets</c>), a root <c>dns</c> reading <c>module.app</c>.</summary>
    private static TerraformWorkspace Modules(TerraformWorkspace ws)
    {
        return ws.Write("modules/net/main.tf", """
                resource "terraform_data" "vpc" { input = "vpc" }
                resource "terraform_data" "subnet" {
                  for_each = toset(["a", "b"])
                  input    = "${terraform_data.vpc.id}-${each.key}"
                }
                output "subnets" { value = [for s in terraform_data.subnet : s.id] }
                """)
            .Write("modules/app/main.tf", """
                variable "subnets" { type = list(string) }
                resource "terraform_data" "svc" {
                  count = 2
                  input = var.subnets[count.index]
                }
                """)
            .Write("main.tf", """
                module "net" { source = "./modules/net" }
                module "app" {
                  source  = "./modules/app"
                  subnets = module.net.subnets
                }
                resource "terraform_data" "dns" { input = module.app }
                """);
    }

    private static (IReadOnlyList<ProposedState> States, string[] Findings, string?[] Snippets) Split(GraphSubject loaded)
    {
        var analysis = new GraphAnalysis(loaded.Model, ChangeSet.None, new GraphThresholds());
        var advice = new StateSplitAdvisor(analysis, OwnerMap.None).Advise();
        // As the state-split command judges: module names alone are owners enough.
        var findings = new StateSplitRule(OwnerMap.None, requireOwnership: false).Evaluate(analysis).Select(f => $"{f.Severity} {f.Message}").ToArray();
        var snippets = new StateSplitRule(OwnerMap.None, requireOwnership: false).Evaluate(analysis).Select(f => f.Suggestion).ToArray();
        return (advice.States, findings, snippets);
    }

    private static string[] Edges(DependencyGraph graph) =>
        Enumerable.Range(0, graph.NodeCount)
            .SelectMany(from => graph.Dependencies(from).ToArray().Select(to => $"{graph.Names[from]} -> {graph.Names[to]}"))
            .Order(StringComparer.Ordinal)
            .ToArray();
}
