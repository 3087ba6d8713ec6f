using Tollgate.Cli.Reports;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Cli.Tests.Reports;

/// <summary>
/// The text report lists at most <see cref="TextReport.MaxFindings"/> findings: those that decide the verdict are
/// always among them, whatever outranks them, in every kind's report (plan, manifest lint, canary, model).
/// </summary>
public sealed class TextReportCutTests
{
    private const int Destroys = TextReport.MaxFindings + 50;

    private static List<Finding> ManyDestroys() =>
        [.. Enumerable.Range(0, Destroys).Select(i => new Finding("destroy", Severity.High, $"terraform_data.record[{i}]", $"terraform_data.record[{i}] is destroyed"))];

    [Theory]
    [InlineData("terraform-plan", "check-failed", "check.hub_rev_ok")]
    [InlineData("k8s-lint", "k8s/readiness-probe", "Deployment/shop/checkout")]
    [InlineData("canary", "relative", "checkout")]
    [InlineData("model-drift", "drift", "income")]
    public void Fail_TheFailingFindingBehindMoreThanTheLimitOfDestroys_IsListed(string kind, string rule, string address)
    {
        var destroys = ManyDestroys();
        var failing = new Finding(rule, Severity.High, address, $"{address}: the author's error message");
        var report = new Report(kind, "big", "sha256:x", Verdict.Fail, [], [.. destroys, failing])
        {
            Blocking = new HashSet<Finding>([failing, .. destroys], ReferenceEqualityComparer.Instance),
            ReviewRules = ["destroy"],
        };

        var lines = TextReport.Render(report, color: false).Split('\n');

        lines.ShouldContain(l => l.Contains($"{address}: the author's error message", StringComparison.Ordinal));
        lines.Count(l => l.Contains(" is destroyed", StringComparison.Ordinal)).ShouldBe(TextReport.MaxFindings - 1);
        lines.ShouldContain($"… and {Destroys + 1 - TextReport.MaxFindings} more findings (the 1 finding that decides the verdict, then the most severe {TextReport.MaxFindings - 1} others, are listed; --format json lists every one)");
    }

    [Fact]
    public void Review_MoreDecidingThanTheLimit_ListsTheFirstOfThemAndSaysHowMany()
    {
        var notes = Enumerable.Range(0, 10).Select(i => new Finding("info-note", Severity.Low, $"n{i}", $"note {i}")).ToList();
        var destroys = ManyDestroys();
        var report = new Report("terraform-plan", "big", "sha256:x", Verdict.Review, [], [.. notes, .. destroys])
        {
            Blocking = new HashSet<Finding>(destroys, ReferenceEqualityComparer.Instance),
            ReviewRules = ["destroy"],
        };

        var text = TextReport.Render(report, color: false);

        text.ShouldNotContain("note 0");
        text.ShouldContain($"terraform_data.record[{TextReport.MaxFindings - 1}] is destroyed");
        text.ShouldNotContain($"terraform_data.record[{TextReport.MaxFindings}] is destroyed");
        text.ShouldContain($"… and {Destroys + 10 - TextReport.MaxFindings} more findings ({TextReport.MaxFindings} of the {Destroys} that decide the verdict are listed; --format json lists every one)");
    }

    [Fact]
    public void Fail_DecidingAlreadyAmongTheMostSevere_KeepsTheMostSevereWording()
    {
        var destroys = ManyDestroys();
        var failing = new Finding("check-failed", Severity.Critical, "check.a", "check a failed");
        var report = new Report("terraform-plan", "big", "sha256:x", Verdict.Fail, [], [failing, .. destroys])
        {
            Blocking = new HashSet<Finding>([failing], ReferenceEqualityComparer.Instance),
        };

        var text = TextReport.Render(report, color: false);

        text.ShouldContain("check a failed");
        text.ShouldContain($"… and {Destroys + 1 - TextReport.MaxFindings} more findings (the most severe {TextReport.MaxFindings} are listed; --format json lists every one)");
    }
}
