using Tollgate.Delivery.Drills;
using Tollgate.Delivery.Tests.Deploys;
using Tollgate.Domain;

namespace Tollgate.Delivery.Tests.Drills;

/// <summary>drill run --env's versions on a SQLite ledger holding v1 of checkout in production (<see cref="DeployLedger"/>).</summary>
public sealed class DrillVersionsTests : IAsyncLifetime
{
    private DeployLedger _deploys = null!;

    public async Task InitializeAsync() => _deploys = await DeployLedger.OpenAsync("tollgate-drillversions-");

    public async Task DisposeAsync() => await _deploys.DisposeAsync();

    [Fact]
    public async Task ForAsync_MistypedEnvironment_SaysWhichEnvironmentItMeant()
    {
        // A mistyped --env read "no successful deploy of checkout in prodution is recorded, so there is no rollback to
        // rehearse", as if production had never been deployed to.
        var error = await Should.ThrowAsync<InvalidInputException>(() => DrillVersions.ForAsync(_deploys.Store, "checkout", "prodution", CancellationToken.None));

        error.Message.ShouldBe("--env prodution: checkout has no deploy to prodution (it is deployed to production); did you mean --env production? nothing was run or recorded");
    }

    [Fact]
    public async Task ForAsync_OnlyOneSuccessfulDeploy_SaysThereIsNothingToRollBackTo()
    {
        var error = await Should.ThrowAsync<InvalidInputException>(() => DrillVersions.ForAsync(_deploys.Store, "checkout", "production", CancellationToken.None));

        error.Message.ShouldBe("--env production: v1 is the only successful deploy of checkout in production, so there is nothing to roll back to; nothing was run or recorded");
    }
}
