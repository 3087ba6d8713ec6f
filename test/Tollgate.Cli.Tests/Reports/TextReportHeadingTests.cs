using Tollgate.Cli.Reports;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Cli.Tests.Reports;

public sealed class TextReportHeadingTests
{
    [Theory]
    [InlineData("terraform-plan", "", "root module")]
    [InlineData("terraform-plan", "module.network", "module.network")]
    [InlineData("k8s-lint", "payments", "namespace payments")]
    [InlineData("k8s-lint", "", null)]
    [InlineData("model-drift", "", null)]
    public void Heading_ByReportKind_NamesWhatTheGroupIs(string kind, string group, string? expected) =>
        TextReport.Heading(kind, group).ShouldBe(expected);

    [Fact]
    public void Render_NoSummaryCounts_NoBlankSummaryLine()
    {
        var report = new Report("model-promote", "fraud@7 → production", "sha256:x", Verdict.Pass, [], []) { Reason = "fraud@7 is the first production version" };

        var lines = TextReport.Render(report, color: false).Split('\n');

        lines[0].ShouldStartWith("PASS  model-promote");
        lines[1].ShouldBe("  fraud@7 is the first production version");
    }
}
