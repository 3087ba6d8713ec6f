using System.Text.Json;
using System.Xml.Linq;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

public sealed class PlanCommandTests : IDisposable
{
    private const string Secret = "planted-secret-7f3a9c";
    private readonly TerraformWorkspace _ws = new("cli");

    [Fact]
    public async Task Plan_PolicyRequiresNoApprovals_PassSaysSoInsteadOfNamingNobody()
    {
        var fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json");
        _ws.Write("none.yaml", "requireApprovals: 0\n");

        var run = await CliRun.RunAsync(_ws.Directory, "plan", fixture, "--policy", "none.yaml", "--format", "json");

        run.ExitCode.ShouldBe(0, run.Error);
        var reason = JsonDocument.Parse(run.Out).RootElement.GetProperty("reason").GetString()!;
        reason.ShouldEndWith("; no approval needed: the policy sets requireApprovals: 0 for them");
        reason.ShouldNotContain("approved by");
    }

    [Fact]
    public async Task Plan_EveryFormat_NeverPrintsASensitiveValue()
    {
        _ws.Write("main.tf", SensitiveConfig("first-" + Secret)).Apply();
        _ws.Write("main.tf", SensitiveConfig(Secret));
        var planJson = _ws.PlanJson();
        File.ReadAllText(planJson).ShouldContain(Secret); // the plan itself holds it: the test is meaningful
        var outputs = new List<string>();

        foreach (var format in new[] { "text", "json", "sarif", "markdown", "junit" })
        {
            var run = await CliRun.RunAsync(_ws.Directory, "plan", planJson, "--format", format);
            run.ExitCode.ShouldBe(2);
            outputs.Add(run.Out + run.Error);
        }

        var dirRun = await CliRun.RunAsync(_ws.Directory, "plan", _ws.Directory, "--format", "json", "--output", _ws.PathOf("out/report.json"));
        outputs.Add(File.ReadAllText(_ws.PathOf("out/report.json")) + dirRun.Out + dirRun.Error);

        outputs.ShouldAllBe(o => o.Length > 0);
        outputs.ShouldAllBe(o => !o.Contains(Secret));
        outputs.ShouldAllBe(o => !o.Contains("first-planted"));
        outputs[1].ShouldContain("sensitive-change");
        var ledger = File.ReadAllBytes(_ws.PathOf(".tollgate/ledger.db"));
        System.Text.Encoding.UTF8.GetString(ledger).ShouldNotContain(Secret);
        System.Text.Encoding.UTF8.GetString(ledger).ShouldContain("sensitive-change");
    }

    [Fact]
    public async Task Approve_ThenPlanSamePlan_PassesAndShowsApprover_DifferentPlanStillReviews()
    {
        _ws.Write("main.tf", """resource "terraform_data" "old" { input = 1 }""").Apply();
        _ws.Write("main.tf", "");
        var plan = _ws.PlanJson("destroy.json");

        var before = await CliRun.RunAsync(_ws.Directory, "plan", plan);
        var approve = await CliRun.RunAsync(_ws.Directory, "approve", plan, "--by", "alice", "--reason", "decommissioning, OPS-12");
        var after = await CliRun.RunAsync(_ws.Directory, "plan", _ws.Directory, "--format", "json");
        _ws.Write("main.tf", """resource "terraform_data" "other" { input = 2 }""");
        var different = await CliRun.RunAsync(_ws.Directory, "plan", _ws.Directory, "--format", "json");

        before.ExitCode.ShouldBe(2);
        before.Out.ShouldStartWith("REVIEW");
        approve.ExitCode.ShouldBe(0);
        approve.Out.ShouldContain("approved sha256:");
        after.ExitCode.ShouldBe(0);
        var report = JsonDocument.Parse(after.Out).RootElement;
        report.GetProperty("verdict").GetString().ShouldBe("pass");
        report.GetProperty("approvals")[0].GetProperty("by").GetString().ShouldBe("alice");
        different.ExitCode.ShouldBe(2);
        JsonDocument.Parse(different.Out).RootElement.GetProperty("approvals").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Plan_BinaryPlanFileAndDirectoryWithVars_SameDigest()
    {
        _ws.Write("main.tf", """
            variable "size" { type = number }
            resource "terraform_data" "a" { input = var.size }
            """).Apply("-var=size=1");
        var binary = _ws.PlanFile("-var=size=2");

        var fromBinary = await CliRun.RunAsync(_ws.Directory, "plan", binary, "--format", "json");
        var fromDirectory = await CliRun.RunAsync(_ws.Directory, "plan", _ws.Directory, "-var", "size=2", "--format", "json");

        fromBinary.ExitCode.ShouldBe(0, fromBinary.Error);
        fromDirectory.ExitCode.ShouldBe(0, fromDirectory.Error);
        var a = JsonDocument.Parse(fromBinary.Out).RootElement;
        var b = JsonDocument.Parse(fromDirectory.Out).RootElement;
        a.GetProperty("summary").GetProperty("update").GetInt32().ShouldBe(1);
        a.GetProperty("digest").GetString().ShouldBe(b.GetProperty("digest").GetString());
    }

    [Fact]
    public async Task Plan_EveryVerdictIsRecordedInTheLedger()
    {
        _ws.Write("main.tf", """resource "terraform_data" "a" { input = 1 }""");

        var first = await CliRun.RunAsync(_ws.Directory, "plan", _ws.Directory);
        var second = await CliRun.RunAsync(_ws.Directory, "plan", _ws.Directory);
        await using var ledger = await Ledger.LedgerLocation.OpenAsync(null, _ws.Directory, TimeProvider.System);
        var entries = await ledger.RecentAsync("terraform-plan", 10);

        first.ExitCode.ShouldBe(0);
        second.ExitCode.ShouldBe(0);
        entries.Count.ShouldBe(2);
        entries.ShouldAllBe(e => e.Verdict == "pass" && e.Subject == _ws.Directory && e.Digest.StartsWith("sha256:"));
    }

    [Fact]
    public async Task Plan_SarifAndJunit_AreWellFormedWithFingerprints()
    {
        _ws.Write("main.tf", """resource "terraform_data" "a" { triggers_replace = "v1" }""").Apply();
        _ws.Write("main.tf", """resource "terraform_data" "a" { triggers_replace = "v2" }""");
        var plan = _ws.PlanJson();

        var sarif = JsonDocument.Parse((await CliRun.RunAsync(_ws.Directory, "plan", plan, "--format", "sarif")).Out).RootElement;
        var junit = XDocument.Parse((await CliRun.RunAsync(_ws.Directory, "plan", plan, "--format", "junit")).Out);

        sarif.GetProperty("version").GetString().ShouldBe("2.1.0");
        var run = sarif.GetProperty("runs")[0];
        var result = run.GetProperty("results").EnumerateArray().First(r => r.GetProperty("ruleId").GetString() == "replace");
        result.GetProperty("level").GetString().ShouldBe("error");
        result.GetProperty("partialFingerprints").GetProperty("tollgate/v1").GetString().ShouldBe("replace:terraform_data.a");
        result.GetProperty("locations")[0].GetProperty("logicalLocations")[0].GetProperty("fullyQualifiedName").GetString().ShouldBe("terraform_data.a");
        // A replace is not a security finding: no security-severity, which would make code scanning file it as a vulnerability.
        foreach (var rule in run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray())
        {
            rule.GetProperty("properties").TryGetProperty("security-severity", out _).ShouldBeFalse();
            rule.GetProperty("help").GetProperty("text").GetString().ShouldNotBeNullOrWhiteSpace();
        }

        result.GetProperty("partialFingerprints").GetProperty("primaryLocationLineHash").GetString().ShouldEndWith(":1");
        junit.Descendants("testcase").Count().ShouldBe(run.GetProperty("results").GetArrayLength());
        junit.Descendants("failure").ShouldNotBeEmpty();
    }

    [Theory]
    [InlineData("missing.json", "does not exist")]
    [InlineData("--format=yaml", "yaml")]
    public async Task Plan_BadInput_Exit3WithOneLine(string argument, string expected)
    {
        var args = argument.StartsWith("--", StringComparison.Ordinal) ? new[] { "plan", "x.json", argument } : ["plan", argument];

        var run = await CliRun.RunAsync(_ws.Directory, args);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldContain(expected);
        run.Error.Trim().Split('\n').Length.ShouldBe(1);
        run.Out.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("truncated.json", "truncated")]
    [InlineData("wrong-major.json", "format_version 2.0")]
    [InlineData("empty.json", "is empty")]
    public async Task Plan_CommittedBadPlan_Exit3AndNothingRecorded(string fixture, string expected)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture);

        var run = await CliRun.RunAsync(_ws.Directory, "plan", path, "--format", "json");
        var approve = await CliRun.RunAsync(_ws.Directory, "approve", path, "--by", "alice", "--reason", "x");

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldStartWith("tollgate: error: ");
        run.Error.ShouldContain(expected);
        run.Out.ShouldBeEmpty();
        approve.ExitCode.ShouldBe(3);
        File.Exists(_ws.PathOf(".tollgate/ledger.db")).ShouldBeFalse();
    }

    [Fact]
    public async Task Plan_Utf8ByteOrderMark_ReadAsWithout_SameDigest()
    {
        // Out-File -Encoding utf8 and Notepad write one: it was "line 1, column 1: not well-formed JSON".
        var plain = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json");
        var marked = _ws.PathOf("marked.json");
        File.WriteAllBytes(marked, [0xEF, 0xBB, 0xBF, .. File.ReadAllBytes(plain)]);

        var expected = await CliRun.RunAsync(_ws.Directory, "plan", plain, "--format", "json", "--ledger", _ws.PathOf("a.db"));
        var run = await CliRun.RunAsync(_ws.Directory, "plan", marked, "--format", "json", "--ledger", _ws.PathOf("b.db"));
        var graph = await CliRun.RunAsync(_ws.Directory, "graph", marked, "--format", "json", "--ledger", _ws.PathOf("b.db"));

        run.ExitCode.ShouldBe(expected.ExitCode, run.Error);
        JsonDocument.Parse(run.Out).RootElement.GetProperty("digest").GetString().ShouldBe(JsonDocument.Parse(expected.Out).RootElement.GetProperty("digest").GetString());
        graph.ExitCode.ShouldBeOneOf([0, 1, 2], graph.Error);
        graph.Error.ShouldBeEmpty();
    }

    [Fact]
    public async Task Plan_Utf16_Exit3SayingWhatToSaveItAs()
    {
        var utf16 = _ws.PathOf("utf16.json");
        File.WriteAllText(utf16, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json")), System.Text.Encoding.Unicode);

        var run = await CliRun.RunAsync(_ws.Directory, "plan", utf16);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldBe($"tollgate: error: {utf16} is UTF-16 text (as Windows PowerShell's > writes it), not the UTF-8 JSON terraform show -json writes: save it as UTF-8 (| Out-File -Encoding utf8) and give that\n");
    }

    [Fact]
    public async Task Approve_WithoutReason_Exit3()
    {
        var run = await CliRun.RunAsync(_ws.Directory, "approve", "plan.json", "--by", "alice");

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldContain("--reason");
    }

    [Fact]
    public async Task Approve_ByAHandleStartingWithAt_RecordedAsWrittenNotReadAsAResponseFile()
    {
        // "--by @alice" was exit 3 "Response file not found 'alice'": the parser took any word starting with @ for a
        // file of arguments to read. A reviewer's handle is written as the user wrote it.
        var plan = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json");

        var approve = await CliRun.RunAsync(_ws.Directory, "approve", plan, "--by", "@alice", "--reason", "@ops-12 agreed");
        var run = await CliRun.RunAsync(_ws.Directory, "plan", plan, "--format", "json");

        approve.ExitCode.ShouldBe(0, approve.Error);
        approve.Out.ShouldContain("by @alice: @ops-12 agreed");
        JsonDocument.Parse(run.Out).RootElement.GetProperty("reason").GetString()!.ShouldContain("approved by @alice");
    }

    [Fact]
    public async Task Plan_TerraformErrorInDirectory_Exit3WithTerraformsError()
    {
        _ws.Write("main.tf", """resource "terraform_data" "a" { input = var.nope }""");

        var run = await CliRun.RunAsync(_ws.Directory, "plan", _ws.Directory);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldContain("terraform");
        run.Error.ShouldContain("Error:");
        File.Exists(_ws.PathOf(".tollgate/ledger.db")).ShouldBeFalse();
    }

    private static string SensitiveConfig(string secret) => $$"""
        variable "db_password" {
          type      = string
          sensitive = true
          default   = "{{secret}}"
        }
        resource "terraform_data" "db" {
          triggers_replace = var.db_password
          input            = { user = "app", password = var.db_password }
        }
        output "password" {
          value     = var.db_password
          sensitive = true
        }
        """;

    public void Dispose() => _ws.Dispose();
}
