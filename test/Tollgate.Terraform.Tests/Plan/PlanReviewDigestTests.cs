using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Terraform.Analysis;

namespace Tollgate.Terraform.Tests.Plan;

/// <summary>
/// A plan's one review-digest function: its graph and scanner findings under review bound with the plan's digest, and
/// the custom rules' questions on top, as the pipeline composed them before a kind's function bound the whole digest.
/// </summary>
public sealed class PlanReviewDigestTests
{
    private const string Plan = "sha256:00000000000000000000000000000000000000000000000000000000000000aa";

    private static readonly Finding Destroy = new("destroy", Severity.High, "terraform_data.db", "terraform_data.db is destroyed");
    private static readonly Finding Radius = new("blast-radius", Severity.Medium, "terraform_data.shared", "terraform_data.shared changes: 3 resources depend on it");
    private static readonly Finding Custom = new("policy/no-db-delete", Severity.Critical, "terraform_data.db", "databases are never deleted by a plan");

    [Fact]
    public void Of_GraphAndCustomFindingsUnderReview_IsTheGraphBindingComposedWithTheCustomQuestions()
    {
        Finding[] reviewing = [Destroy, Radius, Custom];

        var digest = PlanReviewDigest.Of(Plan, reviewing);

        digest.ShouldBe(CustomReviewDigest.Of(ReviewQuestions.Of("plan", Plan, [Radius]), reviewing));
        digest.ShouldNotBe(PlanReviewDigest.Of(Plan, [Destroy, Radius]));
    }

    [Fact]
    public void Of_OnlyThePlansOwnFindingsUnderReview_IsThePlansDigest()
    {
        PlanReviewDigest.Of(Plan, [Destroy]).ShouldBe(Plan);
    }

    [Fact]
    public void Of_CustomFindingAlone_IsBoundOnTheCustomQuestions()
    {
        PlanReviewDigest.Of(Plan, [Destroy, Custom]).ShouldBe(CustomReviewDigest.Of(Plan, [Destroy, Custom]));
    }
}
