using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;

namespace Tollgate.Domain.Tests.Gates;

/// <summary>
/// Where the review questions custom rules (<c>policy/…</c>) ask are bound: by <see cref="CustomReviewDigest"/> on top
/// of what a kind binds (a plan, a graph), or once by a kind that binds every finding under review itself (a lint).
/// </summary>
public sealed class EvidenceReviewDigestTests
{
    private const string Input = "sha256:0000000000000000000000000000000000000000000000000000000000000001";

    private static readonly Finding[] Reviewing =
    [
        new("destroy", Severity.High, "terraform_data.db", "destroyed"),
        new("policy/no-db-delete", Severity.Critical, "terraform_data.db", "databases are never deleted by a plan"),
    ];

    [Fact]
    public void ReviewDigest_KindBindingItsOwnFindings_AddsTheCustomReviewQuestions()
    {
        var evidence = new Evidence("plan", "plan.json", Input, Reviewing) { BindDigest = r => ReviewQuestions.Of("plan", Input, [.. r.Where(f => f.Rule == "destroy")]) };

        var digest = evidence.ReviewDigest(Reviewing);

        digest.ShouldBe(CustomReviewDigest.Of(ReviewQuestions.Of("plan", Input, [Reviewing[0]]), Reviewing));
    }

    [Fact]
    public void ReviewDigest_KindBindingEveryReview_IsWhatItBindsOnce()
    {
        var evidence = new Evidence("k8s-lint", "web.yaml", Input, Reviewing)
        {
            BindDigest = r => ReviewQuestions.Of("manifests", Input, r),
            BindsEveryReview = true,
        };

        var digest = evidence.ReviewDigest(Reviewing);

        digest.ShouldBe(ReviewQuestions.Of("manifests", Input, Reviewing));
    }

    [Fact]
    public void ReviewDigest_NoCustomFindingUnderReview_IsTheKindsOwnEitherWay()
    {
        Finding[] reviewing = [Reviewing[0]];
        var own = ReviewQuestions.Of("manifests", Input, reviewing);

        new Evidence("k8s-lint", "web.yaml", Input, reviewing) { BindDigest = r => ReviewQuestions.Of("manifests", Input, r) }
            .ReviewDigest(reviewing).ShouldBe(own);
        new Evidence("k8s-lint", "web.yaml", Input, reviewing) { BindDigest = r => ReviewQuestions.Of("manifests", Input, r), BindsEveryReview = true }
            .ReviewDigest(reviewing).ShouldBe(own);
    }
}
