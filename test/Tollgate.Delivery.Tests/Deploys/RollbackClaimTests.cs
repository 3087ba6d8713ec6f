using Tollgate.Delivery.Deploys;
using Tollgate.Domain.Delivery;
using Tollgate.Testing;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>
/// The rollback's start is recorded in a claim (<see cref="Ledger.Delivery.IDeliveryStore.ClaimAsync"/>) that reads the
/// newest deploy again: a <c>deploy run</c> whose claim lands after the rollback's first read (forced here, recorded
/// while the rollback reads its target) deploys, and the rollback's command, which would take it down, is not run. A
/// stop (the token cancelled, as SIGINT does) between the deploy's failure and the rollback's start is met where the
/// command would run: the rollback recorded failed, the line that says to roll back by hand, the command not started.
/// </summary>
public abstract class RollbackClaimTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DeployLedger.T0;
    private DeployLedger _deploys = null!;

    /// <summary>The <c>--ledger</c> of the engine under test: null for SQLite, a fresh PostgreSQL database.</summary>
    protected abstract Task<string?> ConnectionAsync();

    public async Task InitializeAsync() => _deploys = await DeployLedger.OpenAsync("tollgate-rollback-claim-", await ConnectionAsync());

    public Task DisposeAsync() => _deploys.DisposeAsync().AsTask();

    private string Marker => Path.Combine(_deploys.WorkingDirectory, "rolled-back");

    /// <summary>v2, deployed at T0 (its watch then failed), as the store has it; the clock five minutes on.</summary>
    private async Task<Deploy> V2Async()
    {
        var v2 = new Deploy("v2", "checkout", "production", "v2", DeployIntent.Planned, T0) { FinishedAt = T0, Result = DeployResult.Success };
        await _deploys.Store.RecordAsync([new DeployEvent(v2.Id, "test", v2)]);
        _deploys.Clock.SetUtcNow(T0.AddMinutes(5));
        return (await _deploys.Store.DeployAsync(v2.Id)).ShouldNotBeNull();
    }

    private async Task<IReadOnlyList<Deploy>> DeploysAsync() => await _deploys.Store.DeploysAsync("checkout", "production");

    [Fact]
    public async Task RunAsync_DeployRunClaimsBetweenTheReadAndTheRollbacksStart_NotRolledBackItsCommandNeverRun()
    {
        var v2 = await V2Async();
        var v3 = new Deploy("v3", "checkout", "production", "v3", DeployIntent.Planned, T0.AddMinutes(4));
        // The other run's claim lands after the rollback's first read of the newest deploy, while it reads its target.
        var store = new InterleavingStore(_deploys.Store) { AfterRead = other => other.RecordAsync([new DeployEvent(v3.Id, "tollgate.deploy.started", v3)]) };
        var log = new StringWriter();

        var outcome = await Rollback.RunAsync(store, v2, $"touch '{Marker}'", TimeSpan.FromSeconds(30), log, _deploys.WorkingDirectory, _deploys.Clock, "during its watch", CancellationToken.None);

        File.Exists(Marker).ShouldBeFalse(log.ToString());
        outcome.SupersededBy.ShouldNotBeNull().Id.ShouldBe("v3");
        outcome.Recorded.ShouldBeNull();
        outcome.Command.ShouldBeNull();
        log.ToString().ShouldBe("v3 superseded v2 of checkout in production during its watch: not rolling back\n");
        var deploys = await DeploysAsync();
        deploys.ShouldNotContain(d => d.Intent == DeployIntent.Rollback, "no rollback recorded, running or otherwise");
        (deploys.Single(d => d.Id == "v2").Result, deploys.Single(d => d.Id == "v3").Result).ShouldBe((DeployResult.Failed, DeployResult.Running));
    }

    [Fact]
    public async Task RunAsync_WithACommand_ReadsWhetherItIsSupersededOnceInTheClaim()
    {
        var v2 = await V2Async();
        var store = new InterleavingStore(_deploys.Store);

        var outcome = await Rollback.RunAsync(store, v2, $"touch '{Marker}'", TimeSpan.FromSeconds(30), TextWriter.Null, _deploys.WorkingDirectory, _deploys.Clock, "during its watch", CancellationToken.None);

        File.Exists(Marker).ShouldBeTrue("rolled back");
        outcome.StartRecorded.ShouldBeTrue();
        store.NewestReads.ShouldBe(1, "the newest deploy read once, in the claim that records the rollback under way");
    }

    [Fact]
    public async Task RunAsync_StoppedBetweenTheFailureAndTheRollbacksStart_RecordedAsAStoppedRollbackItsCommandNeverStarted()
    {
        var v2 = await V2Async();
        using var stop = new CancellationTokenSource();
        var store = new InterleavingStore(_deploys.Store) { AfterRead = _ => stop.CancelAsync() }; // SIGINT while the target is read
        var log = new StringWriter();

        var outcome = await Rollback.RunAsync(store, v2, $"touch '{Marker}'", TimeSpan.FromSeconds(30), log, _deploys.WorkingDirectory, _deploys.Clock, "during its watch", stop.Token);

        File.Exists(Marker).ShouldBeFalse(log.ToString());
        outcome.Command.ShouldNotBeNull().Interrupted.ShouldBeTrue();
        outcome.StartRecorded.ShouldBeTrue();
        log.ToString().ShouldEndWith("the rollback of checkout in production to v1 was stopped with Tollgate: recorded as failed; v2 is recorded failed and may still be live: roll back by hand\n");
        var deploys = await DeploysAsync();
        deploys.Single(d => d.Id == "v2").Result.ShouldBe(DeployResult.Failed);
        var rollback = deploys.Single(d => d.Intent == DeployIntent.Rollback);
        (rollback.Version, rollback.Remediates, rollback.Result).ShouldBe(("v1", "v2", DeployResult.Failed));
    }
}

public sealed class SqliteRollbackClaimTests : RollbackClaimTests
{
    protected override Task<string?> ConnectionAsync() => Task.FromResult<string?>(null);
}

public sealed class PostgresRollbackClaimTests : RollbackClaimTests
{
    protected override async Task<string?> ConnectionAsync() => await PostgresServer.Shared.CreateDatabaseAsync();
}
