using Tollgate.Cli.Reports;

namespace Tollgate.Cli.Tests.Reports;

public sealed class TextReportHeadingTests
{
    [Theory]
    [InlineData("terraform-plan", "", "root module")]
    [InlineData("terraform-plan", "module.network", "module.network")]
    [InlineData("k8s-lint", "payments", "namespace payments")]
    [InlineData("k8s-lint", "", null)]
    [InlineData("model-drift", "", null)]
    public void Heading_ByReportKind_NamesWhatTheGroupIs(string kind, string group, string? expected) =>
        TextReport.Heading(kind, group).ShouldBe(expected);
}
