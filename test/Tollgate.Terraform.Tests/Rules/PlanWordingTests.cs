using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Verdicts;
using Tollgate.Terraform.Addresses;
using Tollgate.Terraform.Analysis;

namespace Tollgate.Terraform.Tests.Rules;

/// <summary>The plan's reason counts resources as resources: a module call under review (rename-suspect) is a module rename.</summary>
public sealed class PlanWordingTests
{
    [Fact]
    public void Reason_ReviewWithTwoModuleRenames_CountsThemApartFromResources()
    {
        string[] addresses = ["module.services[\"api\"].terraform_data.db[0]", "module.services[\"web\"].terraform_data.db[0]", "module.services[\"api\"]", "module.services[\"web\"]"];
        var findings = addresses.Select(a => new Finding(ResourceAddress.IsModule(a) ? "rename-suspect" : "destroy", Severity.High, a, a)).ToList();
        var decision = new Decision(Verdict.Review, DecisionCause.ReviewMissing, findings)
        {
            Reviews = [.. addresses.Select(a => new ReviewNeed(a, 1, null, []))],
            Digest = "sha256:abc",
        };

        var reason = new PlanWording().Reason(decision);

        reason.ShouldStartWith("2 resources destroyed, replaced or forgotten, 2 module renames to review: needs 1 more approval");
    }

    [Fact]
    public void Reason_ReviewWithABlastRadiusLimit_CountsOnlyFindingsWithAnAddressAsResources()
    {
        // A plan over maxDestroyed: 3 destroys and the limit's own finding, which has no address.
        string[] addresses = ["terraform_data.a", "terraform_data.b", "terraform_data.c", ""];
        var findings = addresses.Select(a => new Finding(a.Length == 0 ? "blast-radius" : "destroy", Severity.High, a, a.Length == 0 ? "3 resources destroyed, over the limit of 2" : a)).ToList();
        var decision = new Decision(Verdict.Review, DecisionCause.ReviewMissing, findings)
        {
            Reviews = [.. addresses.Select(a => new ReviewNeed(a, 1, null, []))],
            Digest = "sha256:abc",
        };

        var reason = new PlanWording().Reason(decision);

        reason.ShouldStartWith("3 resources to review, 1 plan-wide finding to review: needs 1 more approval");
    }

    [Fact]
    public void Words_ChangesOnlyFlag_DecidesModuleRenamesWhateverThePhrase()
    {
        string[] addresses = ["terraform_data.a", "module.services[\"api\"]"];

        var reworded = PlanWording.Words(addresses, "deleted or swapped", changesOnly: true);
        var notChanges = PlanWording.Words(addresses, PlanWording.Changes, changesOnly: false);

        reworded.ShouldBe("1 resource deleted or swapped, 1 module rename to review");
        notChanges.ShouldBe("2 resources destroyed, replaced or forgotten");
    }

    [Fact]
    public void Reason_ApprovedReviewWithAModuleRename_CountsItApartAndNamesTheApprovers()
    {
        string[] addresses = ["terraform_data.a", "module.services[\"api\"]"];
        var findings = addresses.Select(a => new Finding(ResourceAddress.IsModule(a) ? "rename-suspect" : "replace", Severity.High, a, a)).ToList();
        var decision = new Decision(Verdict.Pass, DecisionCause.Approved, findings)
        {
            Reviews = [.. addresses.Select(a => new ReviewNeed(a, 1, null, ["alice"]))],
            Digest = "sha256:abc",
        };

        var reason = new PlanWording().Reason(decision);

        reason.ShouldBe("1 resource destroyed, replaced or forgotten, 1 module rename to review; approved by alice");
    }

    [Theory]
    [InlineData("module.services[\"api\"]", true)]
    [InlineData("module.a.module.b[0]", true)]
    [InlineData("module.svc[\"a.b\"]", true)]
    [InlineData("module.svc[\"a.b\"].module.db[\"x.y.z\"]", true)]
    [InlineData("module.a.terraform_data.x", false)]
    [InlineData("module.svc[\"a.b\"].terraform_data.x", false)]
    [InlineData("terraform_data.x[\"module.y\"]", false)]
    [InlineData("", false)]
    public void IsModule_Address_TrueOnlyForAModuleInstance(string address, bool expected) =>
        ResourceAddress.IsModule(address).ShouldBe(expected);
}
