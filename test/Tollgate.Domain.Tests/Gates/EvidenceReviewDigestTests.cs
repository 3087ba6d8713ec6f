using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;

namespace Tollgate.Domain.Tests.Gates;

/// <summary>
/// Where the review questions custom rules (<c>policy/…</c>) ask are bound: by <see cref="CustomReviewDigest"/> on top
/// of the input when a kind binds nothing of its own, or by the kind's one review-digest function (a plan composes
/// them itself, a graph or a lint binds every finding under review).
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
    public void ReviewDigest_KindWithoutABindingOfItsOwn_AddsTheCustomReviewQuestionsToTheInput()
    {
        var evidence = new Evidence("retention", "ledger", Input, Reviewing);

        var digest = evidence.ReviewDigest(Reviewing);

        digest.ShouldBe(CustomReviewDigest.Of(Input, Reviewing));
        digest.ShouldNotBe(Input);
    }

    [Fact]
    public void ReviewDigest_KindBindingEveryReview_IsWhatItBindsOnce()
    {
        var evidence = new Evidence("k8s-lint", "web.yaml", Input, Reviewing)
        {
            BindReview = r => ReviewQuestions.Of("manifests", Input, r),
        };

        var digest = evidence.ReviewDigest(Reviewing);

        digest.ShouldBe(ReviewQuestions.Of("manifests", Input, Reviewing));
    }

    [Fact]
    public void ReviewDigest_NoCustomFindingUnderReview_IsTheKindsOwnEitherWay()
    {
        Finding[] reviewing = [Reviewing[0]];
        var own = ReviewQuestions.Of("manifests", Input, reviewing);

        new Evidence("k8s-lint", "web.yaml", Input, reviewing) { BindReview = r => ReviewQuestions.Of("manifests", Input, r) }
            .ReviewDigest(reviewing).ShouldBe(own);
        new Evidence("retention", "ledger", Input, reviewing).ReviewDigest(reviewing).ShouldBe(Input);
    }
}
