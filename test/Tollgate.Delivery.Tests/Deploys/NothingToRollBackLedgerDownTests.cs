using Tollgate.Canary.Spec;
using Tollgate.Delivery.Deploys;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>
/// A watch fails with nothing to roll back to (the only earlier deploy is of the same version), and the ledger stops
/// answering right after it recorded the failure (<see cref="RollbackOutcome.FailureRecorded"/>, no rollback): the line
/// says only the verdict is missing. Before, it said the deploy's rollback could not be recorded (there was none) and
/// that it stayed unjudged in the ledger, though the ledger has it failed.
/// </summary>
public sealed class NothingToRollBackLedgerDownTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DeployLedger.T0;
    private DeployLedger _deploys = null!;

    public async Task InitializeAsync()
    {
        _deploys = await DeployLedger.OpenAsync("tollgate-nothing-to-roll-back-");
        var again = new Deploy("production/v1-again", "checkout", "production", "v1", DeployIntent.Planned, T0) { FinishedAt = T0, Result = DeployResult.Success };
        await _deploys.Store.RecordAsync([new DeployEvent(again.Id, "test", again)]);
    }

    public Task DisposeAsync() => _deploys.DisposeAsync().AsTask();

    [Fact]
    public async Task WatchAsync_FailureRecordedThenTheLedgerStopsAnswering_SaysOnlyTheVerdictIsMissing()
    {
        var store = new InterleavingStore(_deploys.Store);
        var ledger = new RefusingLedger(_deploys.Ledger)
        {
            Recorded = look =>
            {
                if (look.Verdict == Verdict.Fail)
                {
                    store.ReadFault = new InvalidInputException("cannot read deploys from the ledger at /srv/tollgate/ledger.db: the server went away") { LedgerFault = true };
                }
            },
        };
        var path = Path.Combine(_deploys.WorkingDirectory, "slo.yaml");
        File.WriteAllText(path, DeployGateTests.Spec);
        var request = new DeployWatchRequest("checkout", "production", SpecLoader.Load(path), TimeSpan.FromSeconds(30)) { RollbackCommand = "true" };
        var context = new GateContext(_deploys.Clock, ledger, Policy.Default, _deploys.WorkingDirectory);
        using var stop = new CancellationTokenSource();
        var mover = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                _deploys.Clock.Advance(TimeSpan.FromSeconds(30));
                await Task.Delay(2, CancellationToken.None);
            }
        }, CancellationToken.None);
        InvalidInputException error;
        try
        {
            error = await Should.ThrowAsync<InvalidInputException>(() => new DeployGate(store, new SyntheticPrometheus(T0, 0.05), TextWriter.Null).WatchAsync(request, context));
        }
        finally
        {
            await stop.CancelAsync();
            await mover;
        }

        error.LedgerFault.ShouldBeTrue();
        error.Message.ShouldStartWith("the watch of v1 of checkout in production failed (");
        error.Message.ShouldEndWith(") and was not rolled back: no earlier successful deploy of another version that no rollback undid is recorded to roll back to; v1 may still be live, "
            + "but the deploy's verdict (fail) could not be recorded: cannot read deploys from the ledger at /srv/tollgate/ledger.db: the server went away; "
            + "the failure and what became of it are recorded: nothing else is missing");
        (await _deploys.Store.DeployAsync("production/v1-again")).ShouldNotBeNull().Result.ShouldBe(DeployResult.Failed, "the failure is recorded, as the line says");
    }
}
