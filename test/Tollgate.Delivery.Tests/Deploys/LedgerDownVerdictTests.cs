using Tollgate.Canary.Spec;
using Tollgate.Delivery.Deploys;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>
/// The ledger stops answering once the watch has judged the deploy, or refuses only the deploy's verdict: a failed
/// watch still rolls back (to the version the ledger named when the watch began), and the one line of exit 3 says
/// what happened, what is and is not recorded, and what to run.
/// </summary>
public sealed class LedgerDownVerdictTests : IAsyncLifetime
{
    private const string Connection = " --ledger /srv/tollgate/ledger.db";
    private static readonly DateTimeOffset T0 = DeployLedger.T0;
    private DeployLedger _deploys = null!;
    private RefusingLedger _ledger = null!;
    private string RolledBackTo => Path.Combine(_deploys.WorkingDirectory, "rolled-back-to");

    public async Task InitializeAsync()
    {
        _deploys = await DeployLedger.OpenAsync("tollgate-ledgerdown-");
        _ledger = new RefusingLedger(_deploys.Ledger);
        var v2 = new Deploy("production/v2", "checkout", "production", "v2", DeployIntent.Planned, T0) { FinishedAt = T0, Result = DeployResult.Success };
        await _deploys.Store.RecordAsync([new DeployEvent(v2.Id, "test", v2)]);
    }

    private static InvalidInputException Full(string doing) => new($"cannot {doing} the ledger at /srv/tollgate/ledger.db: the disk is full") { LedgerFault = true };

    private static Exception? RefuseVerdicts(Report report) => report.Kind == DeployReport.Kind ? Full("record a verdict in") : null;

    /// <summary>Watches v2 of checkout in production with a rollback command that writes the version it is told, the fake clock moving.</summary>
    private async Task<InvalidInputException> WatchAsync(IDeliveryStore store, double errorRate) =>
        await Should.ThrowAsync<InvalidInputException>(() => WatchAsync(store, errorRate, $"echo \"$TOLLGATE_ROLLBACK_VERSION\" > '{RolledBackTo}'", TextWriter.Null, CancellationToken.None));

    private async Task WatchAsync(IDeliveryStore store, double errorRate, string rollback, TextWriter log, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_deploys.WorkingDirectory, "slo.yaml");
        File.WriteAllText(path, DeployGateTests.Spec);
        var request = new DeployWatchRequest("checkout", "production", SpecLoader.Load(path), TimeSpan.FromSeconds(30))
        {
            RollbackCommand = rollback, Connection = Connection,
        };
        var context = new GateContext(_deploys.Clock, _ledger, Policy.Default, _deploys.WorkingDirectory) { Cancellation = cancellationToken };
        using var stop = new CancellationTokenSource();
        var mover = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                _deploys.Clock.Advance(TimeSpan.FromSeconds(30));
                await Task.Delay(2, CancellationToken.None);
            }
        }, CancellationToken.None);
        try
        {
            await new DeployGate(store, new SyntheticPrometheus(T0, errorRate), log).WatchAsync(request, context);
        }
        finally
        {
            await stop.CancelAsync();
            await mover;
        }
    }

    [Fact]
    public async Task WatchAsync_TheLedgerGoesDownOnceTheWatchFailed_RollsBackToTheVersionNamedWhenItBeganAndSaysHowToRecordIt()
    {
        var store = new InterleavingStore(_deploys.Store);
        _ledger.Refuse = RefuseVerdicts;
        _ledger.Recorded = look =>
        {
            if (look.Verdict == Verdict.Fail)
            {
                // The failing look is the last the ledger takes: from here it neither writes nor answers.
                store.RecordFault = Full("record delivery events in");
                store.ReadFault = Full("read deploys from");
            }
        };

        var error = await WatchAsync(store, 0.05);

        error.LedgerFault.ShouldBeTrue("a ledger failure: exit 3");
        error.Message.ShouldStartWith("the watch of v2 of checkout in production failed (");
        error.Message.ShouldContain(") and was rolled back to v1, but its failure and its rollback could not be recorded: cannot record delivery events in the ledger at /srv/tollgate/ledger.db: the disk is full; "
            + "once the ledger can be written, record its failure and the rollback: tollgate deploy finish checkout --env production --result failed --deploy production/v2 --watch-failed --ledger /srv/tollgate/ledger.db "
            + "&& tollgate deploy start checkout --version v1 --env production --intent rollback --at ");
        error.Message.ShouldMatch(@"&& tollgate deploy finish checkout --env production --result success --at \S+Z --ledger /srv/tollgate/ledger\.db$");
        File.ReadAllText(RolledBackTo).Trim().ShouldBe("v1", "rolled back to the version the ledger named when the watch began");
        (await _deploys.Store.DeploysAsync("checkout", "production")).Select(d => (d.Version, d.Result, d.Watch))
            .ShouldBe([("v1", DeployResult.Success, DeployWatch.None), ("v2", DeployResult.Success, DeployWatch.Watching)], "nothing after the failing look is recorded");
    }

    [Fact]
    public async Task WatchAsync_OnlyTheVerdictOfAFailedWatchCannotBeRecorded_SaysItRolledBackAndWhatIsRecorded()
    {
        _ledger.Refuse = RefuseVerdicts;

        var error = await WatchAsync(_deploys.Store, 0.05);

        error.LedgerFault.ShouldBeTrue();
        error.Message.ShouldStartWith("the watch of v2 of checkout in production failed (");
        error.Message.ShouldEndWith(") and was rolled back to v1, but the deploy's verdict (fail) could not be recorded: cannot record a verdict in the ledger at /srv/tollgate/ledger.db: the disk is full; "
            + "the failure and what became of it are recorded: nothing else is missing");
        File.ReadAllText(RolledBackTo).Trim().ShouldBe("v1");
        var deploys = await _deploys.Store.DeploysAsync("checkout", "production");
        deploys.Select(d => (d.Version, d.Result, d.Intent)).ShouldBe(
            [("v1", DeployResult.Success, DeployIntent.Planned), ("v2", DeployResult.Failed, DeployIntent.Planned), ("v1", DeployResult.Success, DeployIntent.Rollback)]);
    }

    [Fact]
    public async Task WatchAsync_OnlyTheVerdictOfAPassedWatchCannotBeRecorded_SaysItIsJudgedAndVerifiedNotUnjudged()
    {
        _ledger.Refuse = RefuseVerdicts;

        var error = await WatchAsync(_deploys.Store, 0.001);

        error.LedgerFault.ShouldBeTrue();
        error.Message.ShouldStartWith("the watch of v2 of checkout in production passed (");
        error.Message.ShouldEndWith(") and the ledger records it passed: verified, but the deploy's verdict (pass) could not be recorded: "
            + "cannot record a verdict in the ledger at /srv/tollgate/ledger.db: the disk is full; v2 is live; nothing else is missing");
        error.Message.ShouldNotContain("unjudged");
        (await _deploys.Store.DeploysAsync("checkout", "production")).Single(d => d.Version == "v2").Watch.ShouldBe(DeployWatch.Passed);
        File.Exists(RolledBackTo).ShouldBeFalse();
    }

    [Fact]
    public async Task WatchAsync_StoppedWhileTheRollbackCommandRunsWithTheLedgerDown_IsAStopThatSaysWhatIsNotRecorded()
    {
        var store = new InterleavingStore(_deploys.Store);
        _ledger.Refuse = RefuseVerdicts;
        _ledger.Recorded = look =>
        {
            if (look.Verdict == Verdict.Fail)
            {
                store.RecordFault = Full("record delivery events in");
                store.ReadFault = Full("read deploys from");
            }
        };
        var started = Path.Combine(_deploys.WorkingDirectory, "started");
        using var cancel = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!File.Exists(started))
            {
                await Task.Delay(20);
            }

            await cancel.CancelAsync(); // as SIGTERM does, once the rollback command has started
        });
        var log = new StringWriter();

        await Should.ThrowAsync<OperationCanceledException>(() => WatchAsync(store, 0.05, $"touch '{started}'; sleep 30", log, cancel.Token));
        await watcher;

        log.ToString().ShouldContain("the rollback of checkout in production to v1 was stopped with Tollgate: not recorded; v2 may still be live: roll back by hand\n");
        log.ToString().ShouldContain(") and its rollback to v1 stopped after ");
        log.ToString().ShouldContain(" s (Tollgate was stopped): v2 may still be live, but its failure and its rollback could not be recorded: cannot record delivery events in the ledger at /srv/tollgate/ledger.db: the disk is full; "
            + "once the ledger can be written, record its failure and the rollback: tollgate deploy finish checkout --env production --result failed --deploy production/v2 --watch-failed --ledger /srv/tollgate/ledger.db "
            + "&& tollgate deploy start checkout --version v1 --env production --intent rollback --at ");
    }

    public async Task DisposeAsync() => await _deploys.DisposeAsync();
}
