using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Reports;

namespace Tollgate.Cli.Tests.Reports;

/// <summary>
/// A pull-request comment shows addresses, rule ids and messages exactly as the report has them: a pipe in a
/// <c>for_each</c> key does not split the table's cells, a backtick stays a backtick, a scanner's rule id or a
/// message cannot format, link or inject HTML, and a suggestion with a fence in it cannot end its block.
/// </summary>
public sealed class MarkdownEscapingTests
{
    private static string Render(params Finding[] findings) =>
        MarkdownReport.Render(new Report("terraform-plan", "plan.json", "sha256:x", Verdict.Review, [], findings) { ReviewRules = ["destroy"] });

    private static string Row(string markdown, string start) => markdown.Split('\n').Single(l => l.StartsWith(start, StringComparison.Ordinal));

    [Fact]
    public void Render_PipeInAKey_EscapedInTheTableEvenInsideTheCodeSpan()
    {
        var markdown = Render(new Finding("destroy", Severity.High, "terraform_data.x[\"a|b\"]", "terraform_data.x[\"a|b\"] is destroyed"));

        Row(markdown, "| 🔴").ShouldBe("| 🔴 | `destroy` | `terraform_data.x[\"a\\|b\"]` | terraform_data.x[\"a\\|b\"] is destroyed |");
        Row(markdown, "- **destroy**").ShouldBe("- **destroy** (high) `terraform_data.x[\"a|b\"]`: terraform_data.x[\"a\\|b\"] is destroyed");
    }

    [Theory]
    [InlineData("terraform_data.x[\"tick`x\"]", "``terraform_data.x[\"tick`x\"]``")]
    [InlineData("terraform_data.x[\"``\"]", "```terraform_data.x[\"``\"]```")]
    [InlineData("`edge`", "`` `edge` ``")]
    [InlineData(" both ", "`  both  `")]
    public void Render_BacktickInAnAddress_KeptInALongerCodeSpan(string address, string span)
    {
        var markdown = Render(new Finding("blast-radius", Severity.Info, address, "reaches 3"));

        Row(markdown, "- **blast-radius**").ShouldBe($"- **blast-radius** (info) {span}: reaches 3");
    }

    [Fact]
    public void Render_ScannerRuleIdAndMessage_CannotFormatLinkOrInjectHtml()
    {
        var markdown = Render(new Finding("scanner/checkov/CKV_<x>&\"1", Severity.High, "aws_s3_bucket.b", "star*_under_ [a](https://evil) ~~gone~~ &amp; <img src=x> `code`"));

        Row(markdown, "- **scanner").ShouldBe(
            "- **scanner/checkov/CKV\\_&lt;x&gt;&amp;\"1** (high) `aws_s3_bucket.b`: star\\*\\_under\\_ [a\\](https://evil) \\~\\~gone\\~\\~ &amp;amp; &lt;img src=x&gt; \\`code\\`");
    }

    [Fact]
    public void Render_SuggestionWithAFence_GetsALongerFence()
    {
        var markdown = Render(new Finding("destroy", Severity.High, "terraform_data.a", "destroyed") { Suggestion = "```\nrm -rf /\n```" });

        markdown.ShouldContain("  ````hcl\n  ```\n  rm -rf /\n  ```\n  ````\n");
    }

    [Fact]
    public void Render_NewlineInAMessage_StaysOnTheFindingsLine()
    {
        var markdown = Render(new Finding("destroy", Severity.High, "terraform_data.a", "destroyed\n# Approved by everyone"));

        Row(markdown, "| 🔴").ShouldBe("| 🔴 | `destroy` | `terraform_data.a` | destroyed # Approved by everyone |");
        markdown.Split('\n').ShouldNotContain("# Approved by everyone");
    }
}
