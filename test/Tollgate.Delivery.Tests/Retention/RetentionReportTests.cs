using Tollgate.Delivery.Retention;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Delivery.Tests.Retention;

public sealed class RetentionReportTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Text_TagsAndEnvironmentWithEscapesAndNewlines_EachShownEscapedOnItsOwnRow()
    {
        // A tag is the registry's text and an environment the ledger's (an ingested event's): printed raw, they
        // recoloured the terminal and forged rows.
        const string tag = "v1\u001b[31m\nPASS forged tag";
        const string environment = "prod\u001b[2J\nPASS forged environment";
        List<TaggedArtifact> tags = [new(tag, "sha256:one\nPASS forged digest", T0.AddDays(1)), new("old\rPASS", "sha256:old", T0)];
        List<Deploy> deploys =
        [
            new("d1", "checkout", environment, tag, DeployIntent.Planned, T0.AddDays(1)) { FinishedAt = T0.AddDays(1), Result = DeployResult.Success },
            new("d2", "checkout", environment, "v9\nPASS forged version", DeployIntent.Planned, T0.AddDays(2)) { FinishedAt = T0.AddDays(2), Result = DeployResult.Success },
        ];
        var plan = RetentionPlanner.Plan("checkout", "shop/checkout", tags, deploys, keep: 0);
        var report = new Report(RetentionReport.Kind, "registry.test/shop/checkout", RetentionReport.Digest(plan), Verdict.Fail, [], plan.Findings)
        {
            Reason = plan.Findings[0].Message,
        };

        var text = RetentionReport.Text(plan, report, applied: false);

        plan.Findings.ShouldNotBeEmpty();
        text.ShouldNotContain('\u001b');
        text.ShouldNotContain('\r');
        text.Split('\n').ShouldNotContain(line => line.StartsWith("PASS", StringComparison.Ordinal));
        text.ShouldContain("\n  v1\\u001b[31m\\nPASS forged tag ");
        text.ShouldContain(" in prod\\u001b[2J\\nPASS forged environment");
        text.ShouldContain("version v9\\nPASS forged version of checkout");
        text.ShouldContain("\n  old\\rPASS ");
    }
}
