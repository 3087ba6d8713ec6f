using Tollgate.Domain.Delivery;
using Tollgate.Domain.Dora;
using static Tollgate.Domain.Tests.Dora.WorkedExample;

namespace Tollgate.Domain.Tests.Dora;

/// <summary>
/// A deploy marked failed after it finished as a success (<c>deploy finish --deploy … --result failed</c>,
/// <see cref="Deploy.AmendedFailed"/>) ran in production: lead time keeps its changes, the change failure rate counts it.
/// </summary>
public sealed class AmendedDeployTests
{
    private static ServiceDora Checkout(List<Deploy> deploys) =>
        DoraCalculator.Compute(deploys, Incidents(), new DoraWindow(From, To), "production", DoraDefinitions.Recommended).Services.ShouldHaveSingleItem();

    /// <summary>The worked example with D2 (v2: c3 after 25 h, c4 after 3 h) recorded failed, amended after the fact or not.</summary>
    private static List<Deploy> WithD2Failed(bool amended) =>
        [.. Deploys().Select(d => d.Id == "D2" ? d with { Result = DeployResult.Failed, AmendedFailed = amended } : d)];

    [Fact]
    public void Ships_AmendedFailed_ShipsUnlessARollback()
    {
        var deploy = Deploys()[1];

        DeployDays.Ships(deploy).ShouldBeTrue();
        DeployDays.Ships(deploy with { Result = DeployResult.Failed }).ShouldBeFalse("failed as it finished: it shipped nothing");
        DeployDays.Ships(deploy with { Result = DeployResult.Failed, AmendedFailed = true }).ShouldBeTrue();
        DeployDays.Ships(deploy with { Result = DeployResult.Failed, AmendedFailed = true, Intent = DeployIntent.Rollback }).ShouldBeFalse();
    }

    [Fact]
    public void Compute_DeployMarkedFailedAfterItShipped_KeepsItsLeadTimeAndCountsItFailed()
    {
        var amended = Checkout(WithD2Failed(amended: true));
        var failedAtFinish = Checkout(WithD2Failed(amended: false));

        (amended.LeadTimeHours.Samples, amended.LeadTimeHours.Median).ShouldBe((8, 2.0), "as in the worked example: D2's c3 and c4 were in production");
        amended.LeadTimeHours.P90!.Value.ShouldBe(13.1, 1e-9);
        (amended.FailedDeployments, failedAtFinish.FailedDeployments).ShouldBe((3, 3));
        failedAtFinish.LeadTimeHours.Samples.ShouldBe(6, "a deploy that failed as it finished ships nothing");
    }

    [Fact]
    public void Compute_ChangeOfAnAmendedDeployDeployedAgain_SampledOnceAtTheAmendedDeploy()
    {
        var deploys = WithD2Failed(amended: true);
        deploys.Add(Deploy("D8", "03-14 10:00", "v7", DeployIntent.Planned, ("c3", "03-05 10:00")));

        var dora = Checkout(deploys);

        dora.LeadTimeHours.Samples.ShouldBe(8, "c3 reached production with D2; D8's re-deploy adds no second sample");
        dora.LeadTimeHours.P90!.Value.ShouldBe(13.1, 1e-9);
    }
}
