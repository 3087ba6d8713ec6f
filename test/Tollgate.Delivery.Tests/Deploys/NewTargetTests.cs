using Tollgate.Delivery.Deploys;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>On a ledger holding checkout's deploy to production (<see cref="DeployLedger"/>) and a drill of search.</summary>
public sealed class NewTargetTests : IAsyncLifetime
{
    private DeployLedger _ledger = null!;

    public async Task InitializeAsync()
    {
        _ledger = await DeployLedger.OpenAsync("tollgate-new-target-");
        await _ledger.Store.RecordDrillAsync(new Drill("search", true, TimeSpan.FromMinutes(2), DeployLedger.T0.AddDays(-2)));
    }

    [Theory]
    [InlineData("chekout", "production", "unknown service 'chekout'; did you mean 'checkout'? pass --new-service to record a new one")]
    [InlineData("checkout", "prod", "unknown environment 'prod'; did you mean 'production'? pass --new-environment to record a new one")]
    [InlineData("payments", "Production", "unknown environment 'Production'; did you mean 'production'? pass --new-environment to record a new one")]
    public async Task CheckDeployAsync_NearAKnownName_RefusesNamingIt(string service, string environment, string message)
    {
        var refused = await Should.ThrowAsync<InvalidInputException>(() => NewTarget.CheckDeployAsync(_ledger.Store, service, environment, false, false, CancellationToken.None));

        refused.Message.ShouldBe(message);
    }

    [Theory]
    [InlineData("checkout", "production", false, false)] // known
    [InlineData("payments", "production", false, false)] // a new service
    [InlineData("checkout", "staging", false, false)] // a new environment
    [InlineData("chekout", "production", true, false)]
    [InlineData("checkout", "prod", false, true)]
    public async Task CheckDeployAsync_KnownNewOrAllowed_Passes(string service, string environment, bool newService, bool newEnvironment) =>
        await Should.NotThrowAsync(() => NewTarget.CheckDeployAsync(_ledger.Store, service, environment, newService, newEnvironment, CancellationToken.None));

    [Fact]
    public async Task CheckDeployAsync_NewServiceAllowedButEnvironmentMistyped_StillRefusesTheEnvironment()
    {
        var refused = await Should.ThrowAsync<InvalidInputException>(() => NewTarget.CheckDeployAsync(_ledger.Store, "chekout", "prod", true, false, CancellationToken.None));

        refused.Message.ShouldStartWith("unknown environment 'prod'");
    }

    [Theory]
    [InlineData("chekout", "checkout")] // deployed
    [InlineData("Search", "search")] // drilled, never deployed
    public async Task CheckDrillAsync_NearADeployedOrDrilledService_Refuses(string service, string known)
    {
        var refused = await Should.ThrowAsync<InvalidInputException>(() => NewTarget.CheckDrillAsync(_ledger.Store, service, false, CancellationToken.None));

        refused.Message.ShouldBe($"unknown service '{service}'; did you mean '{known}'? pass --new-service to record a new one");
    }

    [Theory]
    [InlineData("search", false)]
    [InlineData("inventory", false)]
    [InlineData("chekout", true)]
    public async Task CheckDrillAsync_KnownNewOrAllowed_Passes(string service, bool newService) =>
        await Should.NotThrowAsync(() => NewTarget.CheckDrillAsync(_ledger.Store, service, newService, CancellationToken.None));

    [Fact]
    public async Task RecordDrillAsync_ANearNameDrilledSinceTheFirstCheck_RefusesAndRecordsNothing()
    {
        var drill = new Drill("pay12", true, TimeSpan.FromMinutes(1), DeployLedger.T0);
        await NewTarget.CheckDrillAsync(_ledger.Store, drill.Service, false, CancellationToken.None); // drill run checks, then runs its steps
        await _ledger.Store.RecordDrillAsync(new Drill("Pay12", true, null, DeployLedger.T0)); // meanwhile another shell records Pay12

        var refused = await Should.ThrowAsync<InvalidInputException>(() => NewTarget.RecordDrillAsync(_ledger.Store, drill, false, CancellationToken.None));

        refused.Message.ShouldBe("unknown service 'pay12'; did you mean 'Pay12'? pass --new-service to record a new one");
        (await _ledger.Store.DrillsAsync("pay12")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("search", false)] // drilled before
    [InlineData("inventory", false)] // nothing near
    [InlineData("Search", true)]
    public async Task RecordDrillAsync_KnownNewOrAllowed_Records(string service, bool newService)
    {
        await NewTarget.RecordDrillAsync(_ledger.Store, new Drill(service, true, null, DeployLedger.T0), newService, CancellationToken.None);

        (await _ledger.Store.DrillsAsync(service)).ShouldContain(d => d.At == DeployLedger.T0);
    }

    public async Task DisposeAsync() => await _ledger.DisposeAsync();
}
