using System.Text.Json;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Graph;

public sealed class GraphCommandTests
{
    private const string Cycle = """
        locals {
          a_id = terraform_data.a.id
        }

        resource "terraform_data" "a" {
          input = terraform_data.b.output
        }

        resource "terraform_data" "b" {
          input = local.a_id
        }
        """;

    [Fact]
    public async Task Graph_CycleWithPictures_FailsAndWritesAnnotatedDotAndPage()
    {
        using var ws = new TerraformWorkspace("cli-graph");
        ws.Write("main.tf", Cycle);

        var run = await CliRun.RunAsync(ws.Directory, "graph", ws.Directory, "--format", "json", "--dot", ws.PathOf("g.dot"), "--html", ws.PathOf("g.html"));

        run.ExitCode.ShouldBe(1, run.Error);
        using var report = JsonDocument.Parse(run.Out);
        report.RootElement.GetProperty("kind").GetString().ShouldBe("terraform-graph");
        report.RootElement.GetProperty("findings")[0].GetProperty("rule").GetString().ShouldBe("cycle");
        File.ReadAllText(ws.PathOf("g.dot")).ShouldContain("\"terraform_data.b\" -> \"terraform_data.a\" [color = \"red\", penwidth = \"2.0\"]");
        File.ReadAllText(ws.PathOf("g.html")).ShouldContain("\"names\":[\"terraform_data.a\",\"terraform_data.b\"]");
    }

    [Fact]
    public async Task StateSplit_TerraformGraphDot_CountsTheEdgesThatCrossAndSaysNoExpressionIsKnown()
    {
        using var ws = new TerraformWorkspace("cli-state-split-dot");
        // As `terraform graph` writes it for two modules, the app reading the network's subnet.
        ws.Write("teams.dot", """
            digraph G {
              "module.app.terraform_data.lb" -> "module.app.terraform_data.service";
              "module.app.terraform_data.service" -> "module.network.terraform_data.subnet";
              "module.network.terraform_data.subnet" -> "module.network.terraform_data.vpc";
            }
            """);

        var run = await CliRun.RunAsync(ws.Directory, "state-split", ws.PathOf("teams.dot"), "--format", "json");

        run.ExitCode.ShouldBe(2, run.Error);
        using var report = JsonDocument.Parse(run.Out);
        var crossing = report.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("message").GetString()!.StartsWith("splitting", StringComparison.Ordinal));
        crossing.GetProperty("message").GetString().ShouldBe("splitting module.app from module.network: 1 reference would cross");
        crossing.GetProperty("evidence").GetProperty("references")[0].GetString().ShouldBe("module.app.terraform_data.service -> module.network.terraform_data.subnet (terraform graph edge)");
        crossing.GetProperty("suggestion").GetString()!.ShouldStartWith("# terraform graph names the dependencies, not the expressions behind them");
        report.RootElement.GetProperty("reason").GetString()!.ShouldContain("splitting moves 1 reference to remote state lookups");
    }

    [Fact]
    public async Task Graph_ChangedNamesOnlyAddressesNotInTheConfiguration_ExitsThreeAndNamesThem()
    {
        // Was PASS with "0 changed" (a typo in --changed judged nothing and said nothing), then HOLD; it is the wrong
        // list or the wrong graph, said in one line with the near address.
        using var ws = new TerraformWorkspace("cli-graph-changed-typo");
        ws.Write("main.tf", "resource \"terraform_data\" \"a\" {\n  input = \"x\"\n}\n\nresource \"terraform_data\" \"b\" {\n  input = terraform_data.a.id\n}\n")
            .Write("typo", "terraform_data.aa\n")
            .Write("mixed", "terraform_data.a\nterraform_data.aa\n");

        var typo = await CliRun.RunAsync(ws.Directory, "graph", ws.Directory, "--changed", "typo", "--format", "json");
        var mixed = await CliRun.RunAsync(ws.Directory, "graph", ws.Directory, "--changed", "mixed", "--format", "json");

        typo.ExitCode.ShouldBe(3);
        typo.Out.ShouldBeEmpty();
        typo.Error.Trim().ShouldBe("tollgate: error: --changed typo: not in the graph: terraform_data.aa; did you mean terraform_data.a?");
        mixed.ExitCode.ShouldBe(0, mixed.Error);
        using var passed = JsonDocument.Parse(mixed.Out);
        passed.RootElement.GetProperty("summary").GetProperty("changed").GetInt64().ShouldBe(1);
        passed.RootElement.GetProperty("notes")[0].GetString().ShouldBe(
            "--changed mixed names an address the graph does not hold, neither judged nor counted against maxChanged: terraform_data.aa (did you mean terraform_data.a?)");
    }

    [Fact]
    public async Task Graph_ChangedNamesAModule_JudgesEveryResourceInItAndSaysSo()
    {
        // Was HOLD with "0 changed": module.network was read as "module.network.", an address no configuration holds.
        using var ws = new TerraformWorkspace("cli-graph-changed-module");
        ws.Write("main.tf", "module \"network\" {\n  source = \"./network\"\n}\n\nresource \"terraform_data\" \"app\" {\n  input = module.network.id\n}\n")
            .Write("network/main.tf", "resource \"terraform_data\" \"vpc\" {\n  input = \"x\"\n}\n\nmodule \"zones\" {\n  source = \"./zones\"\n  vpc    = terraform_data.vpc.id\n}\n\noutput \"id\" {\n  value = module.zones.id\n}\n")
            .Write("network/zones/main.tf", "variable \"vpc\" {}\n\nresource \"terraform_data\" \"zone\" {\n  count = 2\n  input = var.vpc\n}\n\noutput \"id\" {\n  value = terraform_data.zone[0].id\n}\n")
            .Write("module", "module.network\n")
            .Write("resources", "module.network.terraform_data.vpc\nmodule.network.module.zones.terraform_data.zone\n")
            .Write("instance", "module.network[0]\n")
            .Write("typo", "module.netwrok[\"eu\"]\n");

        var module = await CliRun.RunAsync(ws.Directory, "graph", ws.Directory, "--changed", "module", "--format", "json");
        var resources = await CliRun.RunAsync(ws.Directory, "graph", ws.Directory, "--changed", "resources", "--format", "json");
        var instance = await CliRun.RunAsync(ws.Directory, "graph", ws.Directory, "--changed", "instance", "--format", "json");
        var typo = await CliRun.RunAsync(ws.Directory, "graph", ws.Directory, "--changed", "typo", "--format", "json");

        module.ExitCode.ShouldBe(0, module.Error);
        using var judged = JsonDocument.Parse(module.Out);
        using var listed = JsonDocument.Parse(resources.Out);
        judged.RootElement.GetProperty("summary").GetProperty("changed").GetInt64().ShouldBe(2);
        judged.RootElement.GetProperty("summary").GetProperty("touched").GetInt64().ShouldBe(listed.RootElement.GetProperty("summary").GetProperty("touched").GetInt64());
        judged.RootElement.GetProperty("notes").EnumerateArray().Select(n => n.GetString()).ShouldBe(
            ["--changed module names a module, judged as every resource in it (nested modules included): module.network: 2 resources"]);
        judged.RootElement.GetProperty("digest").GetString().ShouldBe(listed.RootElement.GetProperty("digest").GetString());
        instance.ExitCode.ShouldBe(0, instance.Error);
        JsonDocument.Parse(instance.Out).RootElement.GetProperty("summary").GetProperty("changed").GetInt64().ShouldBe(2);
        typo.ExitCode.ShouldBe(3);
        typo.Error.Trim().ShouldBe("tollgate: error: --changed typo: not in the graph: module.netwrok; did you mean module.network?");
    }

    [Fact]
    public async Task Graph_ChangedFromAPipe_ReadsItLikeAFile()
    {
        // As the README gives it: --changed <(echo terraform_data.a), which the shell passes as a FIFO.
        using var ws = new TerraformWorkspace("cli-graph-changed-pipe");
        ws.Write("main.tf", "resource \"terraform_data\" \"a\" {\n  input = \"x\"\n}\n\nresource \"terraform_data\" \"b\" {\n  input = terraform_data.a.id\n}\n")
            .Write("changed", "terraform_data.a\n");
        var fifo = ws.PathOf("changed.fifo");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo])!)
        {
            mkfifo.WaitForExit();
            mkfifo.ExitCode.ShouldBe(0);
        }

        var writer = Task.Run(() => File.WriteAllText(fifo, "terraform_data.a\n"));
        var fromPipe = await CliRun.RunAsync(ws.Directory, "graph", ws.Directory, "--changed", fifo, "--format", "json");
        if (!writer.IsCompleted)
        {
            // Refused without being opened: release the writer (a read-write open of a FIFO never blocks).
            await using var release = new FileStream(fifo, FileMode.Open, FileAccess.ReadWrite);
            await writer;
        }
        var fromFile = await CliRun.RunAsync(ws.Directory, "graph", ws.Directory, "--changed", "changed", "--format", "json");

        fromPipe.ExitCode.ShouldBe(0, fromPipe.Error);
        using var piped = JsonDocument.Parse(fromPipe.Out);
        using var filed = JsonDocument.Parse(fromFile.Out);
        piped.RootElement.GetProperty("summary").GetProperty("changed").GetInt64().ShouldBe(1);
        piped.RootElement.GetProperty("digest").GetString().ShouldBe(filed.RootElement.GetProperty("digest").GetString());
    }

    [Fact]
    public async Task Graph_HtmlToABareFileName_WritesItInTheWorkingDirectory()
    {
        // As the README shows it: the real process, started in the directory the page goes to.
        using var ws = new TerraformWorkspace("cli-graph-bare");
        ws.Write("main.tf", Cycle);

        using var tollgate = Hosting.BuiltTollgate.Start(ws.Directory, null, "graph", ".", "--html", "graph.html", "--ledger", "ledger.db");
        var run = await tollgate.ExitAsync(TimeSpan.FromMinutes(2));

        run.Code.ShouldBe(1, run.Error);
        File.ReadAllText(ws.PathOf("graph.html")).ShouldContain("\"names\":[\"terraform_data.a\",\"terraform_data.b\"]");
    }

    [Fact]
    public async Task Graph_TfJsonBesideTf_ReadsBothAndFindsTheCycleThroughJson()
    {
        using var ws = new TerraformWorkspace("cli-tfjson");
        ws.Write("main.tf", "resource \"terraform_data\" \"a\" {\n  input = terraform_data.b.output\n}\n")
            .Write("b.tf.json", """{ "resource": { "terraform_data": { "b": { "input": "id-${terraform_data.a.id}" } } } }""");

        var run = await CliRun.RunAsync(ws.Directory, "graph", ws.Directory, "--format", "json");

        run.ExitCode.ShouldBe(1, run.Error);
        using var report = JsonDocument.Parse(run.Out);
        var cycle = report.RootElement.GetProperty("findings")[0];
        cycle.GetProperty("rule").GetString().ShouldBe("cycle");
        cycle.GetProperty("evidence").GetProperty("path").EnumerateArray().Select(p => p.GetString()).ShouldBe(["terraform_data.a", "terraform_data.b", "terraform_data.a"]);
    }

    [Fact]
    public async Task Graph_MalformedTfJson_ExitsThreeWithTheFileAndLine()
    {
        using var ws = new TerraformWorkspace("cli-tfjson-bad");
        ws.Write("main.tf", "resource \"terraform_data\" \"a\" {}\n").Write("broken.tf.json", "{\n  \"resource\": {\n    \"terraform_data\": [\n  }\n}\n");

        var run = await CliRun.RunAsync(ws.Directory, "graph", ws.Directory);

        run.ExitCode.ShouldBe(3);
        run.Error.Trim().ShouldBe($"tollgate: error: cannot parse {ws.PathOf("broken.tf.json")}: line 4, column 3: not well-formed JSON"); // the directory was given by its full path
    }

    [Fact]
    public async Task Graph_SvgWithoutGraphviz_IsAClearInputError()
    {
        using var ws = new TerraformWorkspace("cli-svg");
        ws.Write("main.tf", "resource \"terraform_data\" \"a\" {\n  input = 1\n}\n");
        var pictures = Directory.CreateTempSubdirectory("tollgate-svg-").FullName;
        var svg = Path.Combine(pictures, "g.svg");

        // The built binary, so that TOLLGATE_DOT is its own and not this test process's, which other tests render with.
        using var tollgate = Hosting.BuiltTollgate.Start(ws.Directory, new Dictionary<string, string> { ["TOLLGATE_DOT"] = "/nonexistent/dot" }, "graph", ".", "--svg", svg);
        var run = await tollgate.ExitAsync(TimeSpan.FromMinutes(1));

        run.Code.ShouldBe(3);
        run.Error.ShouldContain("--svg needs graphviz");
        Directory.GetFileSystemEntries(pictures).ShouldBeEmpty(); // nor a hidden file
        Directory.Delete(pictures);
    }

    [Fact]
    public async Task Graph_Svg_RendersThroughGraphviz()
    {
        using var ws = new TerraformWorkspace("cli-svg2");
        ws.Write("main.tf", "resource \"terraform_data\" \"a\" {\n  input = 1\n}\n\nresource \"terraform_data\" \"b\" {\n  input = terraform_data.a.id\n}\n");

        var run = await CliRun.RunAsync(ws.Directory, "graph", ws.Directory, "--svg", ws.PathOf("g.svg"));

        run.ExitCode.ShouldBe(0, run.Error);
        File.ReadAllText(ws.PathOf("g.svg")).ShouldContain("<svg");
        File.ReadAllText(ws.PathOf("g.svg")).ShouldContain("terraform_data.b");
    }

    [Fact]
    public async Task StateSplit_OwnersFile_ReviewsAndListsTheBoundary()
    {
        using var ws = new TerraformWorkspace("cli-split");
        TwoModules(ws)
            .Write("owners.yaml", "module.net: network\nmodule.app: app\n");

        var run = await CliRun.RunAsync(ws.Directory, "state-split", ws.Directory, "--owners", ws.PathOf("owners.yaml"), "--format", "json");

        run.ExitCode.ShouldBe(2, run.Error);
        using var report = JsonDocument.Parse(run.Out);
        report.RootElement.GetProperty("kind").GetString().ShouldBe("terraform-state-split");
        var boundary = report.RootElement.GetProperty("findings")[0];
        boundary.GetProperty("evidence").GetProperty("references")[0].GetString().ShouldBe("module.app.terraform_data.svc: var.vpc via var.vpc -> module.net.id -> module.net.terraform_data.vpc");
    }

    [Fact]
    public async Task StateSplit_OwnersFileThatNamesNothingHere_SaysSoInANote()
    {
        using var ws = new TerraformWorkspace("cli-split-owners-miss");
        TwoModules(ws)
            .Write("stale.yaml", "module.network: network\nmodule.application: app\n")
            .Write("owners.yaml", "module.net: network\n");

        var stale = await CliRun.RunAsync(ws.Directory, "state-split", ws.Directory, "--owners", ws.PathOf("stale.yaml"), "--format", "json");
        var matching = await CliRun.RunAsync(ws.Directory, "state-split", ws.Directory, "--owners", ws.PathOf("owners.yaml"), "--format", "json");

        stale.ExitCode.ShouldBe(2, stale.Error);
        using (var report = JsonDocument.Parse(stale.Out))
        {
            report.RootElement.GetProperty("notes").EnumerateArray().Select(n => n.GetString()).ShouldContain("stale.yaml assigns no resource here (its entries name no module or file of this configuration): owners come from tags and modules");
        }

        matching.ExitCode.ShouldBe(2, matching.Error);
        using (var report = JsonDocument.Parse(matching.Out))
        {
            var notes = report.RootElement.TryGetProperty("notes", out var n) ? n.EnumerateArray().Select(e => e.GetString()!).ToList() : [];
            notes.ShouldNotContain(e => e.Contains("assigns no resource", StringComparison.Ordinal));
        }
    }

    /// <summary>module.app reads module.net's output: one reference crosses when each has its own state.</summary>
    private static TerraformWorkspace TwoModules(TerraformWorkspace ws) =>
        ws.Write("modules/net/main.tf", "resource \"terraform_data\" \"vpc\" {\n  input = \"v\"\n}\n\noutput \"id\" {\n  value = terraform_data.vpc.id\n}\n")
            .Write("modules/app/main.tf", "variable \"vpc\" {}\n\nresource \"terraform_data\" \"svc\" {\n  input = var.vpc\n}\n")
            .Write("main.tf", "module \"net\" {\n  source = \"./modules/net\"\n}\n\nmodule \"app\" {\n  source = \"./modules/app\"\n  vpc    = module.net.id\n}\n");
}
