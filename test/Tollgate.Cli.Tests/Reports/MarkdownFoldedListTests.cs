using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Reports;

namespace Tollgate.Cli.Tests.Reports;

/// <summary>The folded list of a pull-request comment says how many findings it lists when not all of them fit.</summary>
public sealed class MarkdownFoldedListTests
{
    private static string Render(int count) =>
        MarkdownReport.Render(new Report("k8s-lint", "big.yaml", "sha256:x", Verdict.Review, [],
            Enumerable.Range(0, count).Select(i => new Finding("k8s/pdb", Severity.Medium, $"Deployment/ns/svc-{i}", $"svc-{i} has no PodDisruptionBudget " + new string('x', 120))).ToArray()));

    [Fact]
    public void Render_MoreFindingsThanFit_SummaryCountsTheListedOnes()
    {
        var markdown = Render(1800);

        var listed = markdown.Split('\n').Count(l => l.StartsWith("- **k8s/pdb**", StringComparison.Ordinal));
        listed.ShouldBeInRange(1, 1799);
        markdown.ShouldContain($"<details><summary>{listed} of 1800 findings</summary>");
        markdown.ShouldContain($"_{1800 - listed} more findings do not fit in a comment; see the JSON or SARIF report._");
        markdown.ShouldNotContain("All 1800 findings");
    }

    [Fact]
    public void Render_FindingsThatFit_SummarySaysAll()
    {
        var markdown = Render(3);

        markdown.ShouldContain("<details><summary>All 3 findings</summary>");
        markdown.ShouldNotContain("do not fit");
    }
}
