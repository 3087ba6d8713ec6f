using System.Text.Json;
using Tollgate.Cli.Hosting;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Reports;

namespace Tollgate.Cli.Tests.Reports;

/// <summary>
/// Each gate's SARIF run has its own code scanning category (<c>automationDetails.id</c> <c>tollgate/KIND/</c>), so a
/// plan and a k8s lint uploaded from one workflow do not replace each other's alerts.
/// </summary>
public sealed class SarifCategoryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-sarif-category-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Id(string sarif) =>
        JsonDocument.Parse(sarif).RootElement.GetProperty("runs")[0].GetProperty("automationDetails").GetProperty("id").GetString()!;

    [Fact]
    public async Task PlanAndK8sLint_OneWorkflow_DistinctCategoriesWithoutARunId()
    {
        var plan = await CliRun.RunAsync(_directory, "plan", Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json"), "--format", "sarif", "--ledger", "l.db");
        var lint = await CliRun.RunAsync(_directory, "k8s", "lint", Path.Combine(AppContext.BaseDirectory, "Examples", "k8s", "unsafe", "checkout.yaml"), "--format", "sarif", "--ledger", "l.db");

        Id(plan.Out).ShouldBe("tollgate/terraform-plan/");
        Id(lint.Out).ShouldBe("tollgate/k8s-lint/");
    }

    [Theory]
    [InlineData("canary")]
    [InlineData("model-promote")]
    [InlineData("deploy")]
    public void Render_EveryKind_CategoryIsToolAndKindWithATrailingSlash(string kind)
    {
        var report = new Report(kind, "x", "sha256:x", Verdict.Pass, [], []);

        var id = Id(SarifReport.Render(report, Pillars.Rules, _directory));

        // GitHub reads the id as CATEGORY/RUN-ID: the category is everything before the last slash, here no run id.
        id[..id.LastIndexOf('/')].ShouldBe("tollgate/" + kind);
        id[(id.LastIndexOf('/') + 1)..].ShouldBeEmpty();
    }

    [Theory]
    [InlineData("tollgate/terraform-plan/prod", "tollgate/terraform-plan/prod/")]
    [InlineData(" stacks/eu/ ", "stacks/eu/")]
    public async Task SarifCategory_Given_IsTheRunsCategory(string given, string id)
    {
        var plan = await CliRun.RunAsync(_directory, "plan", Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json"), "--format", "sarif", "--sarif-category", given, "--ledger", "l.db");

        plan.ExitCode.ShouldBe(2, plan.Error);
        Id(plan.Out).ShouldBe(id);
    }

    [Theory]
    [InlineData("json", "x", "tollgate: error: --sarif-category names the category of a SARIF report: give it with --format sarif, or leave it out\n")]
    [InlineData("sarif", "//", "tollgate: error: --sarif-category '//' is not a category: give a name such as tollgate/terraform-plan/prod\n")]
    [InlineData("sarif", "a\u0007b", "tollgate: error: --sarif-category 'a\\u0007b' is not a category: give a name such as tollgate/terraform-plan/prod\n")]
    [InlineData("sarif", "", "tollgate: error: --sarif-category is empty")]
    public async Task SarifCategory_NotUsable_Exit3InOneLineAndNothingRecorded(string format, string given, string error)
    {
        var plan = await CliRun.RunAsync(_directory, "plan", Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json"), "--format", format, "--sarif-category", given, "--ledger", "l.db");

        plan.ExitCode.ShouldBe(3, plan.Out + plan.Error);
        plan.Error.ShouldStartWith(error);
        plan.Error.TrimEnd('\n').ShouldNotContain('\n');
        plan.Out.ShouldBeEmpty();
        File.Exists(Path.Combine(_directory, "l.db")).ShouldBeFalse();
    }
}
