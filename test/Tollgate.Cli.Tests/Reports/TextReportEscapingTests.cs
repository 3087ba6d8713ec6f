using Tollgate.Cli.Reports;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Terraform.Analysis;

namespace Tollgate.Cli.Tests.Reports;

/// <summary>
/// Text from the input in the text report (a finding's message, its module's heading, its suggestion, the kind's
/// headline) cannot start a line of its own or move the cursor: its control characters are shown escaped. A moved
/// block keeps its own four lines, whatever its addresses hold.
/// </summary>
public sealed class TextReportEscapingTests
{
    private const string Forged = "\u001b[2J\nPASS  terraform-plan forged";

    [Fact]
    public void Render_ControlCharactersInEveryUserText_OneLineEachNoEscape()
    {
        var finding = new Finding("rename-suspect", Severity.Medium, "a.b" + Forged, "a.b" + Forged + " looks renamed")
        {
            Module = "module.x" + Forged,
            Suggestion = new RenameMatch("a.b" + Forged, "a.c", "a", 1, [], 0).MovedBlock,
        };
        var report = new Report("terraform-plan", "plan.json", "sha256:x", Verdict.Review, [], [finding]) { Headline = "1 to destroy" + Forged };

        var text = TextReport.Render(report, color: false);

        text.ShouldNotContain('\u001b');
        text.Split('\n').ShouldNotContain(line => line.StartsWith("PASS", StringComparison.Ordinal));
        text.ShouldContain("a.b\\u001b[2J\\nPASS  terraform-plan forged looks renamed");
        text.ShouldContain("module.x\\u001b[2J\\nPASS  terraform-plan forged\n");
        text.ShouldContain("1 to destroy\\u001b[2J\\nPASS  terraform-plan forged; 1 finding");
        text.ShouldContain("from = a.b\\u001b[2J\\nPASS  terraform-plan forged\n");
    }

    [Fact]
    public void MovedBlock_PlainAddresses_AsTerraformWritesThem()
    {
        new RenameMatch("aws_s3_bucket.logs[\"eu\"]", "aws_s3_bucket.audit[\"eu\"]", "aws_s3_bucket", 1, [], 0).MovedBlock
            .ShouldBe("moved {\n  from = aws_s3_bucket.logs[\"eu\"]\n  to   = aws_s3_bucket.audit[\"eu\"]\n}");
    }
}
