using System.Runtime.CompilerServices;
using System.Text.Json;
using Tollgate.Cli.Hosting;
using Tollgate.Cli.Reports;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Terraform.Analysis;
using Tollgate.Terraform.Plan;
using Tollgate.Reports;

namespace Tollgate.Cli.Tests.Reports;

/// <summary>
/// What people read is pinned by committed snapshots (Snapshots/*.txt). After an intended change, run the tests with
/// UPDATE_SNAPSHOTS=1 and review the diff.
/// </summary>
public sealed class ReportSnapshotTests
{
    private static Report MixedReport()
    {
        var plan = PlanReader.ReadFile(Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json"));
        var gate = new PlanGate();
        return gate.Judge("mixed.json", plan, gate.Evaluate(plan), []);
    }

    [Fact]
    public void Text_MixedPlan_MatchesSnapshot() => Snapshot("plan-text.txt", TextReport.Render(MixedReport(), color: false));

    [Fact]
    public void Markdown_MixedPlan_MatchesSnapshot() =>
        Snapshot("plan-markdown.md.txt", MarkdownReport.Render(MixedReport()).Replace("tollgate " + ToolInfo.Current.Version, "tollgate {version}", StringComparison.Ordinal));

    [Fact]
    public void Junit_MixedPlan_MatchesSnapshot() => Snapshot("plan-junit.xml.txt", JunitReport.Render(MixedReport()));

    /// <summary>terraform 1.11's <c>plan -target=terraform_data.cbd</c> of a config whose failing check and other replacement it leaves out.</summary>
    private static Report TargetedReport()
    {
        var plan = PlanReader.ReadFile(Path.Combine(AppContext.BaseDirectory, "Fixtures", "targeted.json"));
        var gate = new PlanGate();
        return gate.Judge("targeted.json", plan, gate.Evaluate(plan), []);
    }

    private const string PartialNote = "planned with -target (or -exclude): only part of the configuration was planned, and only that part is judged; 1 check not evaluated (check.health)";

    [Fact]
    public void Text_TargetPlan_SaysItIsPartial() => Snapshot("plan-target-text.txt", TextReport.Render(TargetedReport(), color: false));

    [Fact]
    public void Markdown_TargetPlan_SaysItIsPartial() =>
        Snapshot("plan-target-markdown.md.txt", MarkdownReport.Render(TargetedReport()).Replace("tollgate " + ToolInfo.Current.Version, "tollgate {version}", StringComparison.Ordinal));

    [Fact]
    public void Junit_TargetPlan_SaysItIsPartial() => Snapshot("plan-target-junit.xml.txt", JunitReport.Render(TargetedReport()));

    [Fact]
    public void Sarif_TargetPlan_SaysItIsPartialAsAWarningNotification()
    {
        var run = JsonDocument.Parse(SarifReport.Render(TargetedReport(), Pillars.Rules, AppContext.BaseDirectory)).RootElement.GetProperty("runs")[0];

        var notes = run.GetProperty("invocations")[0].GetProperty("toolExecutionNotifications").EnumerateArray().ToList();

        notes.ShouldContain(n => n.GetProperty("level").GetString() == "warning" && n.GetProperty("message").GetProperty("text").GetString() == PartialNote);
    }

    [Fact]
    public void Json_TargetPlan_NotesAndFactsSayItIsPartial()
    {
        var json = JsonDocument.Parse(ReportJson.Serialize(TargetedReport())).RootElement;

        json.GetProperty("notes").EnumerateArray().Select(n => n.GetString()).ShouldBe([PartialNote]);
        json.GetProperty("facts").GetProperty("complete").GetString()!.ShouldStartWith("false: planned with -target");
        JsonDocument.Parse(ReportJson.Serialize(MixedReport())).RootElement.TryGetProperty("notes", out _).ShouldBeFalse();
    }

    [Fact]
    public void Text_Color_OnlyWhenAsked()
    {
        var report = MixedReport();

        TextReport.Render(report, color: true).ShouldContain("\u001b[");
        TextReport.Render(report, color: false).ShouldNotContain("\u001b[");
    }

    [Fact]
    public void Markdown_TenThousandFindings_StaysUnderGithubLimitAndSaysWhatIsLeftOut()
    {
        var findings = Enumerable.Range(0, 10_000)
            .Select(i => new Finding("destroy", Severity.High, $"module.m{i % 50}.terraform_data.r{i}", $"module.m{i % 50}.terraform_data.r{i} is destroyed: its resource block was removed from the configuration"))
            .ToList();
        var report = new Report("terraform-plan", "big.json", "sha256:x", Verdict.Review, [new("delete", 10_000)], findings);

        var markdown = MarkdownReport.Render(report);

        markdown.Length.ShouldBeLessThan(MarkdownReport.Limit);
        markdown.ShouldContain("more findings do not fit in a comment");
        markdown.ShouldContain("</details>");
        markdown.ShouldContain("digest `sha256:x`");
    }

    [Fact]
    public void Text_TenThousandFindings_ListsTheMostSevereAndCountsTheRest()
    {
        var findings = Enumerable.Range(0, 10_000)
            .Select(i => new Finding("destroy", Severity.High, $"module.m{i % 50}.terraform_data.r{i}", $"module.m{i % 50}.terraform_data.r{i} is destroyed") { Module = $"module.m{i % 50}" })
            .ToList();
        var report = new Report("terraform-plan", "big.json", "sha256:x", Verdict.Review, [new("delete", 10_000)], findings);

        var text = TextReport.Render(report, color: false);

        text.ShouldContain("module.m0.terraform_data.r0 is destroyed");
        text.ShouldContain($"module.m49.terraform_data.r{TextReport.MaxFindings - 1} is destroyed");
        text.ShouldNotContain($"terraform_data.r{TextReport.MaxFindings} is destroyed");
        text.ShouldContain($"… and {10_000 - TextReport.MaxFindings} more findings");
        text.ShouldContain("digest sha256:x");
    }

    [Theory]
    [InlineData("terraform-plan", true)]
    [InlineData("terraform-graph", true)]
    [InlineData("model-drift", false)]
    [InlineData("canary", false)]
    [InlineData("deploy", false)]
    public void Text_FindingsWithoutAModule_UnderRootModuleOnlyInATerraformReport(string kind, bool headed)
    {
        var report = new Report(kind, "subject", "sha256:x", Verdict.Fail, [], [new Finding("drift", Severity.High, "income", "income: ks 0.14")]);

        var lines = TextReport.Render(report, color: false).Split('\n');

        lines.Contains("root module").ShouldBe(headed);
        lines.ShouldContain(l => l.StartsWith("  DRIFT", StringComparison.Ordinal) && l.EndsWith("income: ks 0.14", StringComparison.Ordinal));
    }

    [Fact]
    public void Text_FindingWithALocation_SaysWhereItIsDeclared()
    {
        var located = new Finding("k8s/readiness-probe", Severity.High, "Deployment/shop/checkout", "container checkout has no readiness probe")
        {
            Location = new SourceLocation("k8s/checkout.yaml", 35),
        };
        var report = new Report("k8s-lint", "k8s", "sha256:x", Verdict.Fail, [], [located, new Finding("k8s/pdb-missing", Severity.Medium, "Deployment/shop/cart", "no PodDisruptionBudget")]);

        var lines = TextReport.Render(report, color: false).Split('\n');

        var at = Array.FindIndex(lines, l => l.Contains("container checkout has no readiness probe", StringComparison.Ordinal));
        lines[at + 1].Trim().ShouldBe("at k8s/checkout.yaml:35");
        lines.Count(l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal)).ShouldBe(1);
    }

    /// <summary>A canary that rolls back on two slices, holds one and promotes two: the shape of a regional canary's judgement.</summary>
    private static Report CanaryReport()
    {
        Finding Check(string rule, Severity severity, string slice, string message) => new(rule, severity, slice, $"{slice}: {message}") { Module = message.Split(' ')[0] };
        return new Report("canary", "specs/checkout.yaml", "sha256:c4", Verdict.Fail, [new("slices", 5), new("pass", 2), new("hold", 1), new("fail", 2)],
        [
            Check("relative", Severity.Info, "region=us endpoint=/pay", "error-rate 1.1x baseline (0.51% vs 0.45%, 99.6% CI 0.52x-2.24x)"),
            Check("relative", Severity.High, "region=eu endpoint=/cart", "latency-p99 1.8x baseline (446.5ms vs 248.1ms, 99.6% CI 1.64x-1.95x)"),
            Check("slo", Severity.Medium, "region=ap endpoint=/pay", "error-rate 1.07% over maxValue 1% (not significant yet)"),
            Check("relative", Severity.High, "region=eu endpoint=/pay", "error-rate 2.8x baseline (1.21% vs 0.44%, 99.6% CI 1.37x-5.5x)"),
            Check("slo", Severity.Info, "region=us endpoint=/cart", "latency-p99 0.25s within maxValue 0.5s"),
        ])
        {
            Reason = "region=eu endpoint=/cart: latency-p99 1.8x baseline (446.5ms vs 248.1ms) (and 1 more slice)",
        };
    }

    [Fact]
    public void Markdown_CanaryRollback_MatchesSnapshot() =>
        Snapshot("canary-markdown.md.txt", MarkdownReport.Render(CanaryReport()).Replace("tollgate " + ToolInfo.Current.Version, "tollgate {version}", StringComparison.Ordinal));

    [Fact]
    public void Markdown_CanaryRollback_ListsEverySliceThatRollsBackOrHoldsBeforeTheDetails()
    {
        // Before: "FAIL", only the reason's slice outside the collapsed list, and each line read `slice`: slice: ….
        var markdown = MarkdownReport.Render(CanaryReport());
        var folded = markdown.IndexOf("<details>", StringComparison.Ordinal);

        markdown.ShouldContain("### Tollgate ❌ ROLL BACK: canary `specs/checkout.yaml`");
        markdown.IndexOf("| 🔴 | roll back | `region=eu endpoint=/pay` | `relative` | error-rate 2.8x baseline", StringComparison.Ordinal).ShouldBeInRange(0, folded);
        markdown.IndexOf("| 🔴 | roll back | `region=eu endpoint=/cart` |", StringComparison.Ordinal).ShouldBeInRange(0, folded);
        markdown.IndexOf("| 🟠 | hold | `region=ap endpoint=/pay` | `slo` |", StringComparison.Ordinal).ShouldBeInRange(0, folded);
        markdown[..folded].ShouldNotContain("region=us");
        markdown.ShouldNotContain("`region=eu endpoint=/pay`: region=eu endpoint=/pay:");
    }

    private static void Snapshot(string name, string actual, [CallerFilePath] string source = "")
    {
        var committed = Path.Combine(Path.GetDirectoryName(source)!, "..", "Snapshots", name);
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(committed, actual);
        }

        var expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Snapshots", name));
        actual.ReplaceLineEndings("\n").ShouldBe(expected.ReplaceLineEndings("\n"));
    }
}
