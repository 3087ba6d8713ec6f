using Tollgate.Terraform.Analysis;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Tests.Plan;

public sealed class FormatLimitsFactTests
{
    [Theory]
    [InlineData("0.1", "format 0.1 (Terraform 0.12 to 0.15) has no previous_address")]
    [InlineData("0.2", "format 0.2 (Terraform 1.0) has no previous_address")]
    public void Evidence_PreReleaseFormat_NamesTheTerraformVersionsOfThatFormat(string format, string expected)
    {
        var plan = new TerraformPlan(format, "1.0.0", [], [], new PlanSummary(0, 0, 0, 0, 0, 0, 0), Configuration.Empty, new Dictionary<string, IReadOnlyList<string>>(), "sha256:0");

        var facts = PlanGate.Evidence("p.json", plan, []).Facts;

        facts.Single(f => f.Key == "formatLimits").Value.ShouldStartWith(expected);
    }
}
