using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Verdicts;
using Tollgate.Terraform.Analysis;

namespace Tollgate.Terraform.Tests.Rules;

/// <summary>The plan's reason counts resources as resources: a module call under review (rename-suspect) is a module rename.</summary>
public sealed class PlanWordingTests
{
    [Fact]
    public void Reason_ReviewWithTwoModuleRenames_CountsThemApartFromResources()
    {
        string[] addresses = ["module.services[\"api\"].terraform_data.db[0]", "module.services[\"web\"].terraform_data.db[0]", "module.services[\"api\"]", "module.services[\"web\"]"];
        var findings = addresses.Select(a => new Finding(PlanWording.IsModule(a) ? "rename-suspect" : "destroy", Severity.High, a, a)).ToList();
        var decision = new Decision(Verdict.Review, DecisionCause.ReviewMissing, findings)
        {
            Reviews = [.. addresses.Select(a => new ReviewNeed(a, 1, null, []))],
            Digest = "sha256:abc",
        };

        var reason = new PlanWording().Reason(decision);

        reason.ShouldStartWith("2 resources destroyed, replaced or forgotten, 2 module renames to review: needs 1 more approval");
    }

    [Theory]
    [InlineData("module.services[\"api\"]", true)]
    [InlineData("module.a.module.b[0]", true)]
    [InlineData("module.a.terraform_data.x", false)]
    [InlineData("terraform_data.x[\"module.y\"]", false)]
    public void IsModule_Address_TrueOnlyForAModuleInstance(string address, bool expected) =>
        PlanWording.IsModule(address).ShouldBe(expected);
}
