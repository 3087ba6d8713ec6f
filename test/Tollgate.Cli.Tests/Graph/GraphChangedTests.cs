using System.Text.Json;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Graph;

/// <summary>
/// <c>graph --changed</c> on the real <c>terraform graph</c> of a configuration with nested modules and module calls
/// with <c>count</c> and <c>for_each</c>: a module address is every resource in it, and only what the graph holds is
/// judged and counted against <c>maxChanged</c>.
/// </summary>
public sealed class GraphChangedTests : IClassFixture<GraphChangedTests.NestedModules>
{
    private readonly NestedModules _config;

    public GraphChangedTests(NestedModules config) => _config = config;

    /// <summary>
    /// <c>module.a</c> (its own <c>net</c>, and <c>module.a.module.b</c>'s <c>zone</c> with count 2), <c>module.x</c>
    /// (the same module called with <c>count = 2</c>), <c>module.k</c> (<c>./a/b</c> with <c>for_each</c>), and two root
    /// resources: <c>root</c> feeds <c>module.a</c>, <c>app</c> reads <c>module.a</c>'s output. Its <c>terraform graph</c>
    /// in both dialects and the plan's (instance nodes such as <c>module.x[0].terraform_data.net</c>) are written once.
    /// </summary>
    public sealed class NestedModules : IDisposable
    {
        public NestedModules()
        {
            Workspace = new TerraformWorkspace("cli-graph-nested");
            Workspace.Write("main.tf", """
                resource "terraform_data" "root" {
                  input = "r"
                }

                module "a" {
                  source = "./a"
                  input  = terraform_data.root.id
                }

                module "x" {
                  source = "./a"
                  count  = 2
                  input  = "x${count.index}"
                }

                module "k" {
                  source   = "./a/b"
                  for_each = toset(["eu.west", "us"])
                  input    = each.key
                }

                resource "terraform_data" "app" {
                  input = module.a.id
                }
                """)
                .Write("a/main.tf", "variable \"input\" {}\n\nresource \"terraform_data\" \"net\" {\n  input = var.input\n}\n\nmodule \"b\" {\n  source = \"./b\"\n  input  = terraform_data.net.id\n}\n\noutput \"id\" {\n  value = module.b.id\n}\n")
                .Write("a/b/main.tf", "variable \"input\" {}\n\nresource \"terraform_data\" \"zone\" {\n  count = 2\n  input = var.input\n}\n\noutput \"id\" {\n  value = terraform_data.zone[0].id\n}\n");
            Workspace.Run(["init", "-input=false", "-no-color"]);
            Workspace.Write("simplified.dot", Workspace.Run(["graph"]))
                .Write("verbose.dot", Workspace.Run(["graph", "-type=plan"]));
            var plan = Workspace.PlanFile();
            Workspace.Write("apply.dot", Workspace.Run(["graph", "-plan=" + plan]));
        }

        public TerraformWorkspace Workspace { get; }

        public void Dispose() => Workspace.Dispose();
    }

    public static TheoryData<string, string, string, int, int> Modules => new()
    {
        // DOT file, --changed line, the module it names, its resources, what the change can touch.
        { "simplified.dot", "module.a", "module.a", 2, 3 },
        { "simplified.dot", "module.a.module.b", "module.a.module.b", 1, 2 },
        { "simplified.dot", "module.x[0]", "module.x", 2, 2 },
        { "simplified.dot", "module.x[1].module.b", "module.x.module.b", 1, 1 },
        { "simplified.dot", "module.k[\"eu.west\"]", "module.k", 1, 1 },
        { "verbose.dot", "module.a", "module.a", 2, 3 },
        { "verbose.dot", "module.x[\"0\"].module.b", "module.x.module.b", 1, 1 },
        { "verbose.dot", "module.k[\"us\"]", "module.k", 1, 1 },
        { "apply.dot", "module.a.module.b", "module.a.module.b", 1, 2 },
        { "apply.dot", "module.x[1]", "module.x", 2, 2 },
        { "apply.dot", "module.k[\"eu.west\"]", "module.k", 1, 1 },
    };

    [Theory]
    [MemberData(nameof(Modules))]
    public async Task Graph_ChangedModuleOnTerraformGraphDot_IsEveryResourceInIt(string dot, string line, string module, int resources, int touched)
    {
        var ws = _config.Workspace;
        var changed = ws.PathOf(Guid.NewGuid().ToString("N"));
        File.WriteAllText(changed, line + "\n");

        var run = await CliRun.RunAsync(ws.Directory, "graph", ws.PathOf(dot), "--changed", changed, "--format", "json");

        run.ExitCode.ShouldBe(0, run.Error);
        using var report = JsonDocument.Parse(run.Out);
        var summary = report.RootElement.GetProperty("summary");
        summary.GetProperty("changed").GetInt64().ShouldBe(resources);
        summary.GetProperty("touched").GetInt64().ShouldBe(touched);
        report.RootElement.GetProperty("notes")[0].GetString()!.ShouldEndWith($"(nested modules included): {module}: {resources} resource{(resources == 1 ? "" : "s")}");
    }

    [Theory]
    [InlineData("simplified.dot")]
    [InlineData("apply.dot")]
    public async Task Graph_ChangedModuleOnDot_IsTheSameReviewAsItsResources(string dot)
    {
        var ws = _config.Workspace;
        var module = ws.PathOf(Guid.NewGuid().ToString("N"));
        var resources = ws.PathOf(Guid.NewGuid().ToString("N"));
        File.WriteAllText(module, "module.x[0]\nterraform_data.app\n");
        File.WriteAllText(resources, "terraform_data.app\nmodule.x.module.b.terraform_data.zone[1]\nmodule.x[1].terraform_data.net\n");

        var byModule = await CliRun.RunAsync(ws.Directory, "graph", ws.PathOf(dot), "--changed", module, "--format", "json", "--max-changed", "2");
        var byResources = await CliRun.RunAsync(ws.Directory, "graph", ws.PathOf(dot), "--changed", resources, "--format", "json", "--max-changed", "2");

        byModule.ExitCode.ShouldBe(2, byModule.Error);
        using var judged = JsonDocument.Parse(byModule.Out);
        using var listed = JsonDocument.Parse(byResources.Out);
        judged.RootElement.GetProperty("verdict").GetString().ShouldBe("review");
        judged.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("message").GetString())
            .ShouldContain("3 resources changed, over the limit of 2; the change can touch 3 resources in all");
        judged.RootElement.GetProperty("digest").GetString().ShouldBe(listed.RootElement.GetProperty("digest").GetString());
    }

    [Fact]
    public async Task Graph_ChangedTypoBesideRealAddresses_CountsOnlyWhatTheGraphHoldsAgainstMaxChanged()
    {
        // Was REVIEW, "3 resources changed, over the limit of 2": the typo and the removed resource counted as changes.
        var ws = _config.Workspace;
        var changed = ws.PathOf(Guid.NewGuid().ToString("N"));
        File.WriteAllText(changed, "terraform_data.app\nmodule.a.terraform_data.nett\nterraform_data.root\nterraform_data.legacy\n");

        var run = await CliRun.RunAsync(ws.Directory, "graph", ws.PathOf("simplified.dot"), "--changed", changed, "--format", "json", "--max-changed", "2");

        run.ExitCode.ShouldBe(0, run.Error);
        using var report = JsonDocument.Parse(run.Out);
        report.RootElement.GetProperty("summary").GetProperty("changed").GetInt64().ShouldBe(2);
        report.RootElement.GetProperty("findings").EnumerateArray().ShouldNotContain(f => f.GetProperty("address").GetString() == "");
        report.RootElement.GetProperty("notes").EnumerateArray().Select(n => n.GetString()).ShouldBe([
            $"--changed {changed} names 2 addresses the graph does not hold, neither judged nor counted against maxChanged: module.a.terraform_data.nett (did you mean module.a.terraform_data.net?), terraform_data.legacy"]);
    }

    [Fact]
    public async Task Graph_ChangedRealAddressesOverTheLimit_StillReviews()
    {
        var ws = _config.Workspace;
        var changed = ws.PathOf(Guid.NewGuid().ToString("N"));
        File.WriteAllText(changed, "terraform_data.app\nterraform_data.root\nmodule.k\nterraform_data.nope\n");

        var run = await CliRun.RunAsync(ws.Directory, "graph", ws.PathOf("verbose.dot"), "--changed", changed, "--format", "json", "--max-changed", "2");

        run.ExitCode.ShouldBe(2, run.Error);
        using var report = JsonDocument.Parse(run.Out);
        report.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("message").GetString())
            .ShouldContain("3 resources changed, over the limit of 2; the change can touch 5 resources in all");
    }

    [Fact]
    public async Task Graph_PlanDestroysAResourceRemovedFromTheConfiguration_CountsItInTheSummaryAsAgainstMaxChanged()
    {
        // Was "changed": 2 in the summary beside "3 resources changed, over the limit of 2": the removed resource is
        // not in the plan's graph, yet the plan really destroys it.
        using var ws = new TerraformWorkspace("cli-graph-removed");
        ws.Write("main.tf", "resource \"terraform_data\" \"a\" {\n  input = \"x\"\n}\n\nresource \"terraform_data\" \"old\" {\n  input = terraform_data.a.id\n}\n")
            .Apply();
        ws.Write("main.tf", "resource \"terraform_data\" \"a\" {\n  input = \"y\"\n}\n\nresource \"terraform_data\" \"b\" {\n  input = terraform_data.a.id\n}\n");
        var plan = ws.PlanJson();

        var run = await CliRun.RunAsync(ws.Directory, "graph", plan, "--format", "json", "--max-changed", "2");

        run.ExitCode.ShouldBe(2, run.Error);
        using var report = JsonDocument.Parse(run.Out);
        report.RootElement.GetProperty("summary").GetProperty("changed").GetInt64().ShouldBe(3);
        report.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("message").GetString())
            .ShouldContain(m => m!.StartsWith("3 resources changed, over the limit of 2", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing changed\n\n")]
    public async Task Graph_ChangedListNamesNoAddress_PassesOnTheGraphAloneAndSaysSo(string lines)
    {
        // Was a pass that did not mention the list at all: an empty list given by mistake looked like a reviewed change.
        var ws = _config.Workspace;
        var changed = ws.PathOf(Guid.NewGuid().ToString("N"));
        File.WriteAllText(changed, lines);

        var run = await CliRun.RunAsync(ws.Directory, "graph", ws.PathOf("simplified.dot"), "--changed", changed, "--format", "json");

        run.ExitCode.ShouldBe(0, run.Error);
        using var report = JsonDocument.Parse(run.Out);
        report.RootElement.GetProperty("verdict").GetString().ShouldBe("pass");
        report.RootElement.GetProperty("summary").TryGetProperty("changed", out _).ShouldBeFalse();
        report.RootElement.GetProperty("notes").EnumerateArray().Select(n => n.GetString()).ShouldBe([
            $"--changed {changed} names no address: no blast radius judged, the graph alone"]);
    }

    [Theory]
    [InlineData("module.a.terraform_data.nett\n", ": not in the graph: module.a.terraform_data.nett; did you mean module.a.terraform_data.net?")]
    [InlineData("module.a.module.c[\"eu\"]\n", ": not in the graph: module.a.module.c; did you mean module.a.module.b?")]
    [InlineData("terraform_data.legacy\n", ": not in the graph: terraform_data.legacy")]
    [InlineData("# removed\nterraform_data.aap\nmodule.xx[0]\n", ": none of its 2 addresses is in the graph: terraform_data.aap (did you mean terraform_data.app?), module.xx (did you mean module.x?)")]
    [InlineData("module.a\nmodule.x[0\n", ":2: not a resource or module address: module.x[0 (expected aws_x.y, data.aws_x.y or module.name, keys as [0] or [\"k\"])")]
    public async Task Graph_ChangedNamesNothingTheGraphHolds_ExitsThreeNamingTheNearAddress(string lines, string expected)
    {
        // Was HOLD (exit 2) with a report recorded: a list of which nothing is in the graph is the wrong list or the wrong
        // graph. A line that is no address was read leniently (module.x[0 as module.x) and is refused at its line.
        var ws = _config.Workspace;
        var changed = ws.PathOf(Guid.NewGuid().ToString("N"));
        File.WriteAllText(changed, lines);

        var run = await CliRun.RunAsync(ws.Directory, "graph", ws.PathOf("simplified.dot"), "--changed", changed);

        run.ExitCode.ShouldBe(3);
        run.Out.ShouldBeEmpty();
        run.Error.Trim().ShouldBe($"tollgate: error: --changed {changed}{expected}");
    }
}
