using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>tollgate verdicts</c>: what the ledger recorded, newest first, filtered and paged as the server lists it, and one
/// verdict with its findings; a query that exits 0 with what it found, 3 for bad input, and never makes a ledger.
/// </summary>
public sealed class VerdictsCommandTests : IDisposable
{
    private static readonly string Plan = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json");

    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-verdicts-").FullName;

    public VerdictsCommandTests()
    {
        File.WriteAllText(Path.Combine(_directory, "model.bin"), "weights");
        File.WriteAllText(Path.Combine(_directory, "train.csv"), "x\n1\n2\n");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task RecordThreeAsync()
    {
        (await CliRun.RunAsync(_directory, "plan", Plan)).ExitCode.ShouldBe(2);
        (await CliRun.RunAsync(_directory, "model", "register", "fraud", "--version", "1", "--artifact", "model.bin", "--dataset", "train.csv")).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync(_directory, "plan", Plan, "--format", "json")).ExitCode.ShouldBe(2);
    }

    [Fact]
    public async Task List_NewestFirstWithReasons_FilteredByKindAndVerdict()
    {
        await RecordThreeAsync();

        var all = await CliRun.RunAsync(_directory, "verdicts");
        var plans = await CliRun.RunAsync(_directory, "verdicts", "--kind", "terraform-plan", "--verdict", "review", "--format", "json");
        var none = await CliRun.RunAsync(_directory, "verdicts", "--verdict", "FAIL");

        all.ExitCode.ShouldBe(0, all.Error);
        var lines = all.Out.Split('\n');
        lines[0].ShouldBe("id  recorded (UTC)        verdict  kind            subject");
        lines[1].ShouldBe($" 3  2026-11-26 12:00:00Z  review   terraform-plan  {Plan}");
        lines[3].ShouldBe(" 2  2026-11-26 12:00:00Z  pass     model-register  fraud@1");
        lines[4].ShouldStartWith("    fraud@1 registered: artifact sha256:");
        all.Out.ShouldNotContain("more:");
        plans.ExitCode.ShouldBe(0, plans.Error);
        var items = JsonDocument.Parse(plans.Out).RootElement.GetProperty("items").EnumerateArray().ToList();
        items.Select(i => i.GetProperty("id").GetInt64()).ShouldBe([3L, 1L]);
        items.ShouldAllBe(i => i.GetProperty("kind").GetString() == "terraform-plan" && i.GetProperty("exitCode").GetInt32() == 2);
        none.ExitCode.ShouldBe(0, none.Error);
        none.Out.ShouldBe("no verdict recorded matches\n");
    }

    [Fact]
    public async Task List_Limit_PagesByTheCursorItPrints()
    {
        await RecordThreeAsync();

        var first = await CliRun.RunAsync(_directory, "verdicts", "--limit", "2");
        var json = await CliRun.RunAsync(_directory, "verdicts", "--limit", "2", "--format", "json");
        var second = await CliRun.RunAsync(_directory, "verdicts", "--limit", "2", "--cursor", "2", "--format", "json");

        first.Out.ShouldEndWith("more: add --cursor 2 for the next page\n");
        JsonDocument.Parse(json.Out).RootElement.GetProperty("next").GetString().ShouldBe("2");
        var last = JsonDocument.Parse(second.Out).RootElement;
        last.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ShouldBe([1L]);
        last.GetProperty("next").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Show_Id_TheVerdictWithItsFindings()
    {
        await RecordThreeAsync();

        var text = await CliRun.RunAsync(_directory, "verdicts", "1");
        var json = await CliRun.RunAsync(_directory, "verdicts", "1", "--format", "json");

        text.ExitCode.ShouldBe(0, text.Error);
        text.Out.ShouldStartWith("verdict 1: review (exit 2), recorded 2026-11-26T12:00:00Z\n  kind     terraform-plan\n");
        text.Out.ShouldContain("\n    high      destroy  ");
        var entry = JsonDocument.Parse(json.Out).RootElement;
        entry.GetProperty("digest").GetString().ShouldStartWith("sha256:");
        var findings = entry.GetProperty("findings").GetArrayLength();
        findings.ShouldBeGreaterThan(0);
        text.Out.ShouldContain($"\n  {findings} findings\n");
    }

    [Fact]
    public async Task Show_Id_TheApprovalsItsGateWasJudgedWith()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        (await RunAtAsync(clock, "plan", Plan)).ExitCode.ShouldBe(2);
        clock.Advance(TimeSpan.FromMinutes(1));
        (await RunAtAsync(clock, "approve", Plan, "--by", "alice", "--reason", "decommission")).ExitCode.ShouldBe(0);
        clock.Advance(TimeSpan.FromMinutes(1));
        await RunAtAsync(clock, "plan", Plan);

        var before = await RunAtAsync(clock, "verdicts", "1");
        var after = await RunAtAsync(clock, "verdicts", "2");
        var json = JsonDocument.Parse((await RunAtAsync(clock, "verdicts", "2", "--format", "json")).Out).RootElement;

        before.Out.ShouldNotContain("approved by");
        JsonDocument.Parse((await RunAtAsync(clock, "verdicts", "1", "--format", "json")).Out).RootElement.GetProperty("approvals").GetArrayLength().ShouldBe(0);
        after.Out.ShouldContain("\n  approved by alice at 2026-11-26T12:01:00Z: decommission\n");
        var approval = json.GetProperty("approvals").EnumerateArray().ShouldHaveSingleItem();
        approval.GetProperty("by").GetString().ShouldBe("alice");
        approval.GetProperty("reason").GetString().ShouldBe("decommission");
        approval.GetProperty("at").GetString().ShouldStartWith("2026-11-26T12:01:00");
    }

    private async Task<CliRun> RunAtAsync(FakeTimeProvider clock, params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await TollgateCli.RunAsync(args, new CliHost(output, error, clock, _directory));
        return new CliRun(code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("tollgate: error: --kind filters a list: give them without an ID, or the ID alone\n", "1", "--kind", "terraform-plan")]
    [InlineData("tollgate: error: ID x: not a verdict id (a whole number, as tollgate verdicts lists them)\n", "x")]
    [InlineData("tollgate: error: no verdict 99 is recorded in this ledger\n", "99")]
    [InlineData("tollgate: error: --verdict: 'passed' is not a verdict Tollgate records (pass, fail, review, hold); did you mean 'pass'?\n", "--verdict", "passed")]
    [InlineData("tollgate: error: --verdict: 'maybe' is not a verdict Tollgate records (pass, fail, review, hold)\n", "--verdict", " maybe ")]
    [InlineData("tollgate: error: --kind: 'terraform_plan' is not a kind Tollgate records (terraform-plan, terraform-graph, terraform-state-split, canary, rollout, k8s-lint, deploy, drill-status, retention, model-register, model-import, model-promote, model-rollback, model-drill, model-shadow, model-drift, model-skew, model-trend); did you mean 'terraform-plan'?\n", "--kind", "terraform_plan")]
    [InlineData("tollgate: error: --kind: 'plan' is not a kind Tollgate records (terraform-plan, terraform-graph, terraform-state-split, canary, rollout, k8s-lint, deploy, drill-status, retention, model-register, model-import, model-promote, model-rollback, model-drill, model-shadow, model-drift, model-skew, model-trend)\n", "--kind", "plan")]
    [InlineData("tollgate: error: --limit 0: expected a whole number from 1 to 500\n", "--limit", "0")]
    [InlineData("tollgate: error: --from 2026-11-27T00:00:00Z is after --to 2026-11-26T00:00:00Z: no verdict can be in that window\n", "--from", "2026-11-27T00:00:00Z", "--to", "2026-11-26T00:00:00Z")]
    public async Task BadInput_Exit3WithOneLine(string error, params string[] args)
    {
        await RecordThreeAsync();

        var run = await CliRun.RunAsync(_directory, ["verdicts", .. args]);

        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.ShouldBe(error);
        run.Out.ShouldBeEmpty();
    }

    [Fact]
    public async Task List_KindInAnotherCase_FiltersAsTheRecordedKind()
    {
        await RecordThreeAsync();

        var run = await CliRun.RunAsync(_directory, "verdicts", "--kind", " Model-Register ", "--format", "json");

        run.ExitCode.ShouldBe(0, run.Error);
        JsonDocument.Parse(run.Out).RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("kind").GetString()).ShouldBe(["model-register"]);
    }

    [Fact]
    public async Task List_VerdictInAnotherCase_FiltersAsTheRecordedVerdict()
    {
        await RecordThreeAsync();

        var run = await CliRun.RunAsync(_directory, "verdicts", "--verdict", " Review ", "--format", "json");

        run.ExitCode.ShouldBe(0, run.Error);
        JsonDocument.Parse(run.Out).RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("verdict").GetString()).ShouldBe(["review", "review"]);
    }

    [Fact]
    public void Kinds_NameEveryKindAGateRecords()
    {
        string[] recorded =
        [
            Terraform.Analysis.PlanGate.Kind, Terraform.Graph.GraphGate.Kind, Terraform.Graph.StateSplit.StateSplitGate.Kind,
            Canary.Reporting.CanaryReport.Kind, Server.Integrations.RolloutApproval.Kind, Kubernetes.Lint.K8sLintGate.Kind,
            Delivery.Deploys.DeployReport.Kind, Delivery.Drills.DrillStatus.Kind, Delivery.Retention.RetentionReport.Kind,
            Models.Registry.RegisterGate.Kind, Models.Mlflow.MlflowImport.Kind, Models.Promotion.PromoteGate.Kind,
            Models.Promotion.ModelRollback.Kind, Models.Promotion.ModelDrill.Kind, Models.Shadow.ShadowGate.Kind,
            .. Server.Observability.ModelFigures.Kinds,
        ];

        Ledger.Verdicts.VerdictQuery.Kinds.ShouldBe(recorded, ignoreOrder: true);
    }

    [Fact]
    public async Task NoLedger_Exit3AndNoneMade()
    {
        var run = await CliRun.RunAsync(_directory, "verdicts");

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldStartWith($"tollgate: error: there is no ledger in {_directory}");
        Directory.Exists(Path.Combine(_directory, ".tollgate")).ShouldBeFalse();
    }
}
