using Microsoft.Extensions.Time.Testing;
using Tollgate.Delivery.Deploys;
using Tollgate.Delivery.Drills;
using Tollgate.Delivery.Tests.Deploys;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;

namespace Tollgate.Delivery.Tests.Drills;

/// <summary>
/// A version deployed before (a re-run pipeline, a config-only change, a manual rollback) that fails again: the rollback
/// target is the last verified success of another version, never the failing version itself; a drill with no other
/// version is refused; a drill whose rollback step fails says the forward step was not run and how to restore.
/// </summary>
public sealed class SameVersionRollbackTests : IAsyncLifetime
{
    private DeployLedger _deploys = null!;

    public async Task InitializeAsync() => _deploys = await DeployLedger.OpenAsync("tollgate-sameversion-");

    public async Task DisposeAsync() => await _deploys.DisposeAsync();

    private static Deploy Success(string id, string version, int hours) =>
        new(id, "checkout", "production", version, DeployIntent.Planned, DeployLedger.T0.AddHours(hours)) { FinishedAt = DeployLedger.T0.AddHours(hours), Result = DeployResult.Success };

    [Fact]
    public void Choose_FailingVersionDeployedBefore_TargetsTheEarlierOtherVersion()
    {
        // Before: w8 failed again and "rolled back" to w8, its own earlier deploy.
        var failed = new Deploy("w8-again", "checkout", "production", "w8", DeployIntent.Planned, DeployLedger.T0.AddHours(3)) { FinishedAt = DeployLedger.T0.AddHours(3), Result = DeployResult.Failed };
        List<Deploy> history = [Success("w7", "w7", 1), Success("w8", "w8", 2), failed];

        RollbackTarget.Choose(history, failed)!.Deploy.Version.ShouldBe("w7");
    }

    [Fact]
    public void Choose_OnlyTheFailingVersionSucceededBefore_NoTarget()
    {
        var failed = new Deploy("w8-again", "checkout", "production", "w8", DeployIntent.Planned, DeployLedger.T0.AddHours(3)) { FinishedAt = DeployLedger.T0.AddHours(3), Result = DeployResult.Failed };

        RollbackTarget.Choose([Success("w8", "w8", 2), failed], failed).ShouldBeNull();
    }

    [Fact]
    public async Task ForAsync_CurrentVersionDeployedTwice_RehearsesTheOtherVersion()
    {
        // Before: v1, v2, v1 again, then v1 once more through a rollback: the drill went from v1 to v1 and recorded ok.
        await _deploys.Store.RecordAsync([
            new DeployEvent("v2", "test", Success("v2", "v2", 1)),
            new DeployEvent("v1-again", "test", Success("v1-again", "v1", 2)),
            new DeployEvent("v1-rollback", "test", Success("v1-rollback", "v1", 3) with { Intent = DeployIntent.Rollback }),
        ]);

        var (current, target) = await DrillVersions.ForAsync(_deploys.Store, "checkout", "production", CancellationToken.None);

        current.Id.ShouldBe("v1-rollback");
        target.ShouldBe("v2");
    }

    [Fact]
    public async Task ForAsync_EveryEarlierSuccessIsTheCurrentVersion_RefusedWithNothingRun()
    {
        await _deploys.Store.RecordAsync([new DeployEvent("v1-again", "test", Success("v1-again", "v1", 2))]);

        var error = await Should.ThrowAsync<InvalidInputException>(() => DrillVersions.ForAsync(_deploys.Store, "checkout", "production", CancellationToken.None));

        error.Message.ShouldBe("--env production: every earlier successful deploy of checkout in production is of the current v1, so there is no other version to roll back to (the drill would roll v1 back to itself); nothing was run or recorded");
    }

    [Fact]
    public async Task RunAsync_RollbackStepFails_SaysTheForwardStepWasNotRunAndHowToRestore()
    {
        // Before: "FAILED: rollback exited 7", with no word that the forward step never ran or where the service was left.
        var current = Success("w8", "w8", 2) with { Service = "web" };
        using var log = new StringWriter();

        var (drill, steps) = await DrillRunner.RunAsync("web", "echo rb {version}; exit 7", "touch \"forwarded-$TOLLGATE_VERSION\"", null, TimeSpan.FromSeconds(10), log,
            _deploys.WorkingDirectory, new FakeTimeProvider(DeployLedger.T0), CancellationToken.None, (current, "w7"));

        drill.Ok.ShouldBeFalse();
        steps.Count.ShouldBe(1);
        File.Exists(Path.Combine(_deploys.WorkingDirectory, "forwarded-w8")).ShouldBeFalse(); // the forward step, had it run, would have made it
        // the restore is the forward step as the drill runs it (its deploy's variables set), pasted into a shell it runs the same
        const string notRun = "forward not run after the failed rollback: web in production may be left on w7 or half rolled back; to restore w8 run the forward step: "
            + "TOLLGATE_VERSION='w8' TOLLGATE_SERVICE='web' TOLLGATE_ENVIRONMENT='production' touch \"forwarded-$TOLLGATE_VERSION\"";
        drill.Detail.ShouldStartWith("rollback exited 7 in ");
        drill.Detail.ShouldEndWith("; " + notRun);
        log.ToString().ShouldContain("drill web: " + notRun);
    }
}
