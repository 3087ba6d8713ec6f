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
}
