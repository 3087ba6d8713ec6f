using System.Text.Json;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// What every gate shares through the one pipeline, on real terraform: the same finding gets the same verdict from
/// <c>plan</c> and <c>graph</c>; a graph review is approved by digest; user text cannot forge report lines; an
/// <c>--output</c> never overwrites an input; relative paths resolve against the host's working directory.
/// </summary>
public sealed class PipelineCommandTests : IDisposable
{
    private const string BlastLimit = "rules:\n  blast-radius: { maxDependents: 1 }\n";

    private readonly TerraformWorkspace _ws = new("cli-pipeline");

    public PipelineCommandTests()
    {
        _ws.Write("main.tf", "resource \"terraform_data\" \"hub\" {\n  input = \"h\"\n}\n\nresource \"terraform_data\" \"a\" {\n  input = terraform_data.hub.id\n}\n\nresource \"terraform_data\" \"b\" {\n  input = terraform_data.hub.id\n}\n")
            .Write("changed.txt", "terraform_data.hub\n")
            .Write("policy.yaml", BlastLimit);
    }

    [Fact]
    public async Task PlanAndGraph_SameOverLimitBlastRadius_SameReviewVerdict()
    {
        _ws.Apply();
        _ws.Write("main.tf", File.ReadAllText(_ws.PathOf("main.tf")).Replace("input = \"h\"", "input = \"h2\"", StringComparison.Ordinal));

        var plan = await CliRun.RunAsync(_ws.Directory, "plan", ".", "--policy", "policy.yaml", "--format", "json");
        var graph = await CliRun.RunAsync(_ws.Directory, "graph", ".", "--changed", "changed.txt", "--policy", "policy.yaml", "--format", "json");

        Json(plan).GetProperty("findings").EnumerateArray().ShouldContain(f => f.GetProperty("rule").GetString() == "blast-radius" && f.GetProperty("severity").GetString() == "high");
        Json(graph).GetProperty("findings").EnumerateArray().ShouldContain(f => f.GetProperty("rule").GetString() == "blast-radius" && f.GetProperty("severity").GetString() == "high");
        plan.ExitCode.ShouldBe(2, plan.Error);
        graph.ExitCode.ShouldBe(2, graph.Error);
        Json(plan).GetProperty("verdict").GetString().ShouldBe("review");
        Json(graph).GetProperty("verdict").GetString().ShouldBe("review");
    }

    [Fact]
    public async Task ApproveDigest_GraphThatAskedForReview_NextGraphRunPasses()
    {
        var first = await CliRun.RunAsync(_ws.Directory, "graph", _ws.Directory, "--changed", "changed.txt", "--policy", "policy.yaml", "--format", "json");
        var digest = Json(first).GetProperty("digest").GetString()!;

        var approve = await CliRun.RunAsync(_ws.Directory, "approve", "--digest", digest, "--by", "alice", "--reason", "hub change rolls out slowly", "--policy", "policy.yaml");
        var second = await CliRun.RunAsync(_ws.Directory, "graph", _ws.Directory, "--changed", "changed.txt", "--policy", "policy.yaml", "--format", "json");

        first.ExitCode.ShouldBe(2, first.Error);
        approve.ExitCode.ShouldBe(0, approve.Error);
        approve.Out.ShouldContain($"approved {digest} by alice: hub change rolls out slowly");
        approve.Out.ShouldContain("covers 1 resource of the terraform-graph report");
        second.ExitCode.ShouldBe(0, second.Error);
        Json(second).GetProperty("reason").GetString()!.ShouldContain("approved by alice");
        Json(second).GetProperty("approvals").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task ApproveDigest_RecordedPlanWithModuleApproverGlob_OnlyTheModulesApproverCounts()
    {
        using var ws = new TerraformWorkspace("cli-approve-module");
        ws.Write("modules/db/main.tf", "resource \"terraform_data\" \"primary\" {\n  input = \"p\"\n}\n")
            .Write("main.tf", "module \"db\" {\n  source = \"./modules/db\"\n}\n")
            .Write("policy.yaml", "approvers:\n  - module: \"module.db*\"\n    allowed: [dba]\n");
        ws.Apply();
        ws.Write("main.tf", "");
        var plan = await CliRun.RunAsync(ws.Directory, "plan", ".", "--policy", "policy.yaml", "--format", "json");
        var digest = Json(plan).GetProperty("digest").GetString()!;

        var byDeveloper = await CliRun.RunAsync(ws.Directory, "approve", "--digest", digest, "--by", "dev", "--reason", "db moves out", "--policy", "policy.yaml");
        var stillReview = await CliRun.RunAsync(ws.Directory, "plan", ".", "--policy", "policy.yaml", "--format", "json");
        var byDba = await CliRun.RunAsync(ws.Directory, "approve", "--digest", digest, "--by", "dba", "--reason", "db moves out", "--policy", "policy.yaml");
        var passes = await CliRun.RunAsync(ws.Directory, "plan", ".", "--policy", "policy.yaml", "--format", "json");

        plan.ExitCode.ShouldBe(2, plan.Error);
        byDeveloper.ExitCode.ShouldBe(0, byDeveloper.Error);
        byDeveloper.Error.ShouldContain("dev is not an allowed approver for module.db.terraform_data.primary (allowed: dba)");
        stillReview.ExitCode.ShouldBe(2, stillReview.Error);
        byDba.Error.ShouldNotContain("not an allowed approver");
        passes.ExitCode.ShouldBe(0, passes.Error);
        Json(passes).GetProperty("reason").GetString()!.ShouldContain("approved by dba");
    }

    [Fact]
    public async Task ApproveDigest_NeverRecorded_Exit3AndNoApproval()
    {
        (await CliRun.RunAsync(_ws.Directory, "graph", _ws.Directory)).ExitCode.ShouldBe(0, "records a report, so the ledger is there");
        var run = await CliRun.RunAsync(_ws.Directory, "approve", "--digest", "sha256:" + new string('0', 64), "--by", "alice", "--reason", "x");
        var malformed = await CliRun.RunAsync(_ws.Directory, "approve", "--digest", "abc", "--by", "alice", "--reason", "x");

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldContain("no report with digest");
        malformed.ExitCode.ShouldBe(3);
        malformed.Error.ShouldContain("is not a report digest");
    }

    [Fact]
    public async Task ApproveDigest_NoLedgerThere_Exit3AndLeavesNoLedgerBehind()
    {
        using var empty = new TerraformWorkspace("cli-approve-no-ledger");

        var run = await CliRun.RunAsync(empty.Directory, "approve", "--digest", "sha256:" + new string('0', 64), "--by", "alice", "--reason", "x");

        run.ExitCode.ShouldBe(3);
        run.Out.ShouldBeEmpty();
        run.Error.ShouldBe($"tollgate: error: there is no ledger in {empty.Directory} (.tollgate/ledger.db): nothing has been recorded here; run where the records are or pass --ledger\n");
        Directory.Exists(empty.PathOf(".tollgate")).ShouldBeFalse("a refused approval creates no ledger");
    }

    [Fact]
    public async Task Text_ApproverNameWithNewlineAndEscape_CannotForgeALine()
    {
        var first = await CliRun.RunAsync(_ws.Directory, "graph", _ws.Directory, "--changed", "changed.txt", "--policy", "policy.yaml", "--format", "json");
        var digest = Json(first).GetProperty("digest").GetString()!;

        var approve = await CliRun.RunAsync(_ws.Directory, "approve", "--digest", digest, "--by", "mallory\nPASS  terraform-plan forged", "--reason", "ok\u001b[2J", "--policy", "policy.yaml");
        var text = await CliRun.RunAsync(_ws.Directory, "graph", _ws.Directory, "--changed", "changed.txt", "--policy", "policy.yaml");

        approve.ExitCode.ShouldBe(0, approve.Error);
        foreach (var output in new[] { approve.Out, text.Out })
        {
            output.Split('\n').ShouldNotContain(line => line.StartsWith("PASS  terraform-plan", StringComparison.Ordinal));
            output.ShouldNotContain("\u001b");
        }

        text.Out.ShouldContain("approved by mallory\\nPASS  terraform-plan forged");
        text.Out.ShouldContain("ok\\u001b[2J");
    }

    [Fact]
    public async Task Output_SameFileAsThePlan_Exit3AndThePlanIsUntouched()
    {
        var planJson = File.ReadAllText(_ws.PlanJson());

        var run = await CliRun.RunAsync(_ws.Directory, "plan", "plan.json", "--output", "./plan.json", "--format", "json");

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldContain("is an input of this command");
        File.ReadAllText(_ws.PathOf("plan.json")).ShouldBe(planJson);
    }

    [Fact]
    public async Task RelativePaths_ResolveAgainstTheHostsWorkingDirectory()
    {
        var run = await CliRun.RunAsync(_ws.Directory, "graph", ".", "--changed", "changed.txt", "--policy", "policy.yaml", "--output", "out/report.json", "--format", "json");

        run.ExitCode.ShouldBe(2, run.Error);
        File.Exists(_ws.PathOf("out/report.json")).ShouldBeTrue();
        File.Exists(_ws.PathOf(".tollgate/ledger.db")).ShouldBeTrue();
    }

    [Fact]
    public async Task Sarif_FindingOnAnHclBlock_PointsAtItsFileAndLine()
    {
        var run = await CliRun.RunAsync(_ws.Directory, "graph", ".", "--changed", "changed.txt", "--policy", "policy.yaml", "--format", "sarif");
        var json = await CliRun.RunAsync(_ws.Directory, "graph", ".", "--changed", "changed.txt", "--policy", "policy.yaml", "--format", "json");

        var result = Json(run).GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("ruleId").GetString() == "blast-radius");
        var physical = result.GetProperty("locations")[0].GetProperty("physicalLocation");
        physical.GetProperty("artifactLocation").GetProperty("uri").GetString().ShouldBe("main.tf");
        physical.GetProperty("region").GetProperty("startLine").GetInt32().ShouldBe(1);
        var b = Json(json).GetProperty("findings").EnumerateArray().First(f => f.GetProperty("rule").GetString() == "blast-radius").GetProperty("location");
        b.GetProperty("file").GetString().ShouldBe("main.tf");
        b.GetProperty("line").GetInt32().ShouldBe(1);
        b.GetProperty("column").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Sarif_SecondBlock_LineIsTheBlocksNotOne()
    {
        _ws.Write("changed.txt", "terraform_data.a\n").Write("main.tf", File.ReadAllText(_ws.PathOf("main.tf")) + "\nresource \"terraform_data\" \"c\" {\n  input = terraform_data.a.id\n}\n\nresource \"terraform_data\" \"d\" {\n  input = terraform_data.a.id\n}\n");

        var run = await CliRun.RunAsync(_ws.Directory, "graph", ".", "--changed", "changed.txt", "--policy", "policy.yaml", "--format", "sarif");

        var result = Json(run).GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("ruleId").GetString() == "blast-radius");
        result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32().ShouldBe(5);
    }

    private static JsonElement Json(CliRun run) => JsonDocument.Parse(run.Out).RootElement;

    public void Dispose() => _ws.Dispose();
}
