using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Reports;

namespace Tollgate.Cli.Tests.Reports;

/// <summary>
/// A pull-request comment cut to GitHub's size keeps the findings that decide the verdict in its folded list, however
/// many others come before them.
/// </summary>
public sealed class MarkdownDecidingTests
{
    private const int Destroys = 2_000;

    private static List<Finding> ManyDestroys() =>
        [.. Enumerable.Range(0, Destroys).Select(i => new Finding("destroy", Severity.High, $"terraform_data.record[{i}]", $"terraform_data.record[{i}] is destroyed: its key is no longer in for_each"))];

    [Fact]
    public void Fail_TheFailingFindingAfterMoreDestroysThanFit_IsListed()
    {
        var destroys = ManyDestroys();
        var failing = new Finding("check-failed", Severity.High, "check.hub_rev_ok", "the author's error message");
        var report = new Report("terraform-plan", "big", "sha256:x", Verdict.Fail, [], [.. destroys, failing])
        {
            Blocking = new HashSet<Finding>([failing, .. destroys], ReferenceEqualityComparer.Instance),
            ReviewRules = ["destroy"],
        };

        var comment = MarkdownReport.Render(report);

        comment.Length.ShouldBeLessThan(MarkdownReport.Limit);
        comment.ShouldContain("- **check-failed** (high) `check.hub_rev_ok`: the author's error message");
        comment.ShouldContain("more findings do not fit in a comment");
    }

    [Fact]
    public void Review_DecidingFindingAfterMoreDestroysThanFit_IsOneRowOfTheTableAndOneItemOfTheFoldedList()
    {
        var destroys = ManyDestroys();
        var hub = new Finding("replace", Severity.Critical, "terraform_data.hub", "the hub is replaced: its name changes");
        var report = new Report("terraform-plan", "big", "sha256:x", Verdict.Review, [], [.. destroys, hub])
        {
            Blocking = new HashSet<Finding>([hub], ReferenceEqualityComparer.Instance),
            ReviewRules = ["replace"],
        };

        var comment = MarkdownReport.Render(report);

        comment.ShouldContain("more findings do not fit in a comment");
        Count(comment, "| 🛑 | `replace` | `terraform_data.hub` | the hub is replaced: its name changes |").ShouldBe(1);
        Count(comment, "- **replace** (critical) `terraform_data.hub`: the hub is replaced: its name changes").ShouldBe(1);
        Count(comment, "the hub is replaced").ShouldBe(2);
    }

    [Fact]
    public void Pass_NothingDecides_ListsInTheReportsOrderAsBefore()
    {
        var destroys = ManyDestroys();
        var report = new Report("terraform-plan", "big", "sha256:x", Verdict.Pass, [], destroys);

        var comment = MarkdownReport.Render(report);

        comment.ShouldContain("`terraform_data.record[0]`");
        comment.ShouldNotContain($"`terraform_data.record[{Destroys - 1}]`");
    }

    private static int Count(string text, string part) => text.Split(part).Length - 1;
}
