using System.Text;
using System.Text.Json;
using Tollgate.Cli.Hosting;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Reports;

namespace Tollgate.Cli.Tests.Reports;

/// <summary>
/// GitHub code scanning rejects a SARIF file with more than 25,000 results in a run: a run lists at most 25,000, those
/// that decide the verdict kept first, then the most severe; listed most severe first and then in the report's order,
/// and its notifications say how many were left out and which were kept, beside the report's own notes. The verdict
/// and exit code stay the report's.
/// </summary>
public sealed class SarifResultLimitTests : IDisposable
{
    private const string Accepts = "code scanning accepts 25,000 a run; the JSON report has all of them";

    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-sarif-limit-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static JsonElement Run(string sarif) => JsonDocument.Parse(sarif).RootElement.GetProperty("runs")[0].Clone();

    private static List<string> Notifications(JsonElement run) =>
        run.GetProperty("invocations")[0].TryGetProperty("toolExecutionNotifications", out var notes)
            ? [.. notes.EnumerateArray().Select(n => n.GetProperty("level").GetString() + ": " + n.GetProperty("message").GetProperty("text").GetString())]
            : [];

    [Fact]
    public async Task Plan_26000Deletes_ListsTheFirst25000AndSaysThe1000LeftOut()
    {
        WriteDeletes(Path.Combine(_directory, "plan.json"), 26_000);

        var sarif = await CliRun.RunAsync(_directory, "plan", "plan.json", "--format", "sarif", "--ledger", "l.db");
        var json = await CliRun.RunAsync(_directory, "plan", "plan.json", "--format", "json", "--ledger", "l.db");

        var run = Run(sarif.Out);
        var results = run.GetProperty("results").EnumerateArray().ToList();
        var reported = JsonDocument.Parse(json.Out).RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("address").GetString()).ToList();
        reported.Count.ShouldBe(26_000);
        reported.ShouldContain("terraform_data.x[\"k25999\"]");
        results.Count.ShouldBe(25_000);
        results.Select(r => r.GetProperty("locations")[0].GetProperty("logicalLocations")[0].GetProperty("fullyQualifiedName").GetString())
            .ShouldBe(reported.Take(25_000));
        results.Select(r => r.GetProperty("partialFingerprints").GetProperty("primaryLocationLineHash").GetString()).ShouldBeUnique();
        Notifications(run).ShouldBe([$"warning: 1,000 results left out (the first 25,000 of the 26,000 that decide the verdict are kept): {Accepts}"]);
        sarif.ExitCode.ShouldBe(json.ExitCode);
        sarif.ExitCode.ShouldBe(2);
        run.GetProperty("invocations")[0].GetProperty("exitCode").GetInt32().ShouldBe(2);
        run.GetProperty("properties").GetProperty("verdict").GetString().ShouldBe("review");
    }

    [Fact]
    public void Render_OverTheLimit_MostSevereFirstThenReportOrder_NotesKept()
    {
        List<Finding> findings =
        [
            new("blast-radius", Severity.Info, "terraform_data.info", "info first in the report"),
            .. Enumerable.Range(0, 25_000).Select(i => new Finding("depends-on", Severity.Low, $"terraform_data.low{i}", "low")),
            new("cycle", Severity.Critical, "terraform_data.c1", "critical"),
            new("cycle", Severity.Critical, "terraform_data.c2", "critical"),
        ];
        var report = new Report("terraform-graph", "main.tf", "sha256:x", Verdict.Fail, [], findings) { Notes = ["the exception for destroy expired on 2026-11-01"] };

        var run = Run(SarifReport.Render(report, Pillars.Rules, _directory));

        var addresses = run.GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("locations")[0].GetProperty("logicalLocations")[0].GetProperty("fullyQualifiedName").GetString()).ToList();
        addresses.Count.ShouldBe(25_000);
        addresses.Take(3).ShouldBe(["terraform_data.c1", "terraform_data.c2", "terraform_data.low0"]);
        addresses[^1].ShouldBe("terraform_data.low24997");
        run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ShouldBe(["cycle", "depends-on"]);
        Notifications(run).ShouldBe(["warning: the exception for destroy expired on 2026-11-01", $"warning: 3 results left out (the most severe are kept): {Accepts}"]);
        run.GetProperty("invocations")[0].GetProperty("exitCode").GetInt32().ShouldBe(1);
    }

    [Fact]
    public void Render_FailingCheckBehindMoreThanTheLimitOfDestroys_IsListedAndTheNotificationSaysSo()
    {
        var destroys = Enumerable.Range(0, 25_001).Select(i => new Finding("destroy", Severity.High, $"terraform_data.x{i}", "destroyed")).ToList();
        var failing = new Finding("check-failed", Severity.High, "check.hub_rev_ok", "the hub revision is wrong");
        var low = new Finding("depends-on", Severity.Low, "terraform_data.low", "low");
        var report = new Report("terraform-plan", "-", "sha256:x", Verdict.Fail, [], [.. destroys, failing, low])
        {
            Blocking = new HashSet<Finding>([failing, .. destroys], ReferenceEqualityComparer.Instance),
            ReviewRules = ["destroy"],
        };

        var run = Run(SarifReport.Render(report, Pillars.Rules, _directory));

        var addresses = run.GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("locations")[0].GetProperty("logicalLocations")[0].GetProperty("fullyQualifiedName").GetString()).ToList();
        addresses.Count.ShouldBe(25_000);
        addresses[^1].ShouldBe("check.hub_rev_ok");
        addresses.Take(24_999).ShouldBe(destroys.Take(24_999).Select(d => d.Address));
        Notifications(run).ShouldBe([$"warning: 3 results left out (the 1 that decides the verdict is kept, then the most severe): {Accepts}"]);
    }

    [Fact]
    public void Render_AtTheLimit_ListsEveryFindingAndNoNotification()
    {
        var findings = Enumerable.Range(0, 25_000).Select(i => new Finding("destroy", Severity.High, $"terraform_data.x{i}", "destroyed")).ToList();
        var report = new Report("terraform-plan", "-", "sha256:x", Verdict.Review, [], findings);

        var run = Run(SarifReport.Render(report, Pillars.Rules, _directory));

        run.GetProperty("results").GetArrayLength().ShouldBe(25_000);
        Notifications(run).ShouldBeEmpty();
    }

    /// <summary>A plan JSON that deletes <paramref name="count"/> objects <c>terraform_data.x["kN"]</c>.</summary>
    private static void WriteDeletes(string path, int count)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write("{\"format_version\":\"1.2\",\"terraform_version\":\"1.11.4\",\"resource_changes\":[");
        for (var i = 0; i < count; i++)
        {
            writer.Write($"{(i == 0 ? "" : ",")}{{\"address\":\"terraform_data.x[\\\"k{i}\\\"]\",\"mode\":\"managed\",\"type\":\"terraform_data\",\"name\":\"x\",\"index\":\"k{i}\",\"provider_name\":\"terraform.io/builtin/terraform\",\"change\":{{\"actions\":[\"delete\"],\"before\":{{\"id\":\"{i}\"}},\"after\":null,\"after_unknown\":{{}},\"before_sensitive\":{{}},\"after_sensitive\":false}}}}");
        }

        writer.Write("],\"complete\":true,\"applyable\":true,\"errored\":false}");
    }
}
