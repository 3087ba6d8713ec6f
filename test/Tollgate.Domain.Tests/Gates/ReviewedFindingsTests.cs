using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;

namespace Tollgate.Domain.Tests.Gates;

/// <summary>What an approval's findings are, in words: one rule (ReviewActions.ChangesOnly) for a plan's, the report for a recorded one.</summary>
public sealed class ReviewedFindingsTests
{
    private static Finding Of(string rule) => new(rule, Severity.High, "terraform_data.a", "terraform_data.a");

    [Theory]
    [InlineData(new[] { "destroy", "replace", "forget" }, true)]
    [InlineData(new[] { "rename-suspect", "replace-chain" }, true)]
    [InlineData(new[] { "destroy", "sensitive-change" }, false)]
    [InlineData(new[] { "check-failed" }, false)]
    [InlineData(new[] { "replace", "scanner/checkov/CKV_AWS_1" }, false)]
    public void OfPlan_ActionRulesOnly_AreChanges(string[] rules, bool changes)
    {
        var reviewed = ReviewedFindings.OfPlan(rules.Select(Of));

        reviewed.ChangesOnly.ShouldBe(changes);
        reviewed.Report.ShouldBeNull();
        reviewed.Words.ShouldBe(changes ? "destroyed, replaced or forgotten" : "that the policy asks a review for");
    }

    [Fact]
    public void OfReport_GraphFindings_NamesTheReportAndIsNoChanges()
    {
        var reviewed = ReviewedFindings.OfReport("terraform-graph", "./infra", [Of("depends-on-leak")]);

        reviewed.ChangesOnly.ShouldBeFalse();
        reviewed.Kind.ShouldBe("terraform-graph");
        reviewed.Words.ShouldBe("of the terraform-graph report on ./infra");
    }

    [Fact]
    public void OfReport_RecordedPlanOfChangesOnly_CountsAsThePlanDoes()
    {
        var reviewed = ReviewedFindings.OfReport("terraform-plan", "plan.json", [Of("destroy"), Of("rename-suspect")]);

        reviewed.ChangesOnly.ShouldBeTrue();
        reviewed.Kind.ShouldBe("terraform-plan");
        reviewed.Words.ShouldBe("of the terraform-plan report on plan.json");
    }
}
