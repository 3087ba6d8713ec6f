using Tollgate.Canary.Spec;
using Tollgate.Delivery.Deploys;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>
/// A <c>deploy run</c> whose deploy command fails (exit 4) while the ledger cannot be written: it rolls back all the
/// same, to the version the ledger named before the deploy command ran (v1, deployed the day before), and the one line
/// of exit 3 says what ran and what to record; a stop while the rollback command runs is still a stop (exit 130/143).
/// </summary>
public sealed class FailedRunLedgerDownTests : IAsyncLifetime
{
    private const string Connection = " --ledger /srv/tollgate/ledger.db --policy ci/tollgate.yaml";
    private static readonly DateTimeOffset T0 = DeployLedger.T0;
    private DeployLedger _deploys = null!;

    public async Task InitializeAsync() => _deploys = await DeployLedger.OpenAsync("tollgate-failedrun-");

    private string File(string name) => Path.Combine(_deploys.WorkingDirectory, name);

    private static InvalidInputException Full(string doing) => new($"cannot {doing} the ledger at /srv/tollgate/ledger.db: the disk is full") { LedgerFault = true };

    private DeployRunRequest Run(string rollback)
    {
        System.IO.File.WriteAllText(File("slo.yaml"), DeployGateTests.Spec);
        return new DeployRunRequest("checkout", "v2", "production", "exit 4", rollback, SpecLoader.Load(File("slo.yaml")), TimeSpan.FromSeconds(60)) { Connection = Connection };
    }

    private string WritesVersion => $"echo \"$TOLLGATE_ROLLBACK_VERSION\" > '{File("rolled-back-to")}'";

    private async Task<IReadOnlyList<(string Version, DeployResult Result, DeployIntent Intent)>> DeploysAsync() =>
        [.. (await _deploys.Store.DeploysAsync("checkout", "production")).Select(d => (d.Version, d.Result, d.Intent))];

    [Fact]
    public async Task RunAsync_TheDeployCommandFailedAndItsFailureCannotBeRecorded_RollsBackAndSaysHowToRecordBoth()
    {
        var store = new InterleavingStore(_deploys.Store) { FinishFault = Full("finish a deploy in") };

        var error = await Should.ThrowAsync<InvalidInputException>(() =>
            new DeployGate(store, new SyntheticPrometheus(T0, 0.001), TextWriter.Null).RunAsync(Run(WritesVersion), _deploys.Context()));

        System.IO.File.ReadAllText(File("rolled-back-to")).Trim().ShouldBe("v1", "rolled back to the version the ledger named before the deploy command ran");
        error.LedgerFault.ShouldBeTrue("a ledger failure: exit 3");
        error.Message.ShouldStartWith("the deploy of v2 of checkout to production failed (its deploy command exited 4 in ");
        error.Message.ShouldEndWith(") and was rolled back to v1, but its failure and its rollback could not be recorded: cannot finish a deploy in the ledger at /srv/tollgate/ledger.db: the disk is full; "
            + $"the ledger has it running: once the ledger can be written, record the failure and the rollback: tollgate deploy finish checkout --env production --result failed --at 2026-03-02T12:00:00Z{Connection} "
            + $"&& tollgate deploy start checkout --version v1 --env production --intent rollback --at 2026-03-02T12:00:00Z{Connection} "
            + $"&& tollgate deploy finish checkout --env production --result success --at 2026-03-02T12:00:00Z{Connection}");
        (await DeploysAsync()).ShouldBe([("v1", DeployResult.Success, DeployIntent.Planned), ("v2", DeployResult.Running, DeployIntent.Planned)], "from the refusal nothing more is written");
        store.HistoryReads.ShouldBe(1, "the history is read once, before the deploy command runs");
    }

    [Fact]
    public async Task RunAsync_TheFailureIsRecordedButNotTheRollback_SaysItRolledBackAndHowToRecordIt()
    {
        var store = new InterleavingStore(_deploys.Store);
        store.AfterRecord = _ =>
        {
            store.RecordFault = Full("record delivery events in"); // the deploy's start is the last event the ledger takes
            return Task.CompletedTask;
        };
        var log = new StringWriter();

        var error = await Should.ThrowAsync<InvalidInputException>(() =>
            new DeployGate(store, new SyntheticPrometheus(T0, 0.001), log).RunAsync(Run(WritesVersion), _deploys.Context()));

        System.IO.File.ReadAllText(File("rolled-back-to")).Trim().ShouldBe("v1");
        log.ToString().ShouldContain("the ledger does not answer: cannot record delivery events in the ledger at /srv/tollgate/ledger.db: the disk is full; "
            + "rolling back checkout in production to the version it named before the deploy command ran, unchecked for a deploy started since (one would be taken down with it)\n");
        error.LedgerFault.ShouldBeTrue();
        error.Message.ShouldStartWith("the deploy of v2 of checkout to production failed (its deploy command exited 4 in ");
        error.Message.ShouldEndWith(") and was rolled back to v1, but its rollback could not be recorded: cannot record delivery events in the ledger at /srv/tollgate/ledger.db: the disk is full; "
            + $"once the ledger can be written, record the rollback: tollgate deploy start checkout --version v1 --env production --intent rollback --at 2026-03-02T12:00:00Z{Connection} "
            + $"&& tollgate deploy finish checkout --env production --result success --at 2026-03-02T12:00:00Z{Connection}");
        (await DeploysAsync()).ShouldBe([("v1", DeployResult.Success, DeployIntent.Planned), ("v2", DeployResult.Failed, DeployIntent.Planned)], "its finish recorded it failed");
    }

    [Fact]
    public async Task RunAsync_StoppedWhileTheRollbackCommandRunsWithTheLedgerDown_IsAStopThatSaysWhatIsNotRecorded()
    {
        var store = new InterleavingStore(_deploys.Store) { FinishFault = Full("finish a deploy in") };
        using var cancel = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!System.IO.File.Exists(File("started")))
            {
                await Task.Delay(20);
            }

            await cancel.CancelAsync(); // as SIGTERM does, once the rollback command has started
        });
        var log = new StringWriter();

        await Should.ThrowAsync<OperationCanceledException>(() => new DeployGate(store, new SyntheticPrometheus(T0, 0.001), log)
            .RunAsync(Run($"touch '{File("started")}'; sleep 30; touch '{File("finished")}'"), _deploys.Context() with { Cancellation = cancel.Token }));
        await watcher;

        System.IO.File.Exists(File("finished")).ShouldBeFalse("the rollback command is stopped with Tollgate");
        log.ToString().ShouldContain("the rollback of checkout in production to v1 was stopped with Tollgate: not recorded; v2 may still be live: roll back by hand\n");
        log.ToString().ShouldContain(") and its rollback to v1 stopped after ");
        log.ToString().ShouldContain(" s (Tollgate was stopped): v2 may still be live, but its failure and its rollback could not be recorded: cannot finish a deploy in the ledger at /srv/tollgate/ledger.db: the disk is full; "
            + $"the ledger has it running: once the ledger can be written, record the failure and the rollback: tollgate deploy finish checkout --env production --result failed --at 2026-03-02T12:00:00Z{Connection} ");
        log.ToString().ShouldContain("--result failed --at 2026-03-02T12:00:00Z" + Connection + "\n"); // the rollback cut short: recorded as failed
        (await DeploysAsync()).ShouldBe([("v1", DeployResult.Success, DeployIntent.Planned), ("v2", DeployResult.Running, DeployIntent.Planned)]);
    }

    /// <summary>Stops Tollgate (as SIGTERM does) once <c>started</c> exists, then waits for <paramref name="run"/> to end.</summary>
    private async Task<Exception> StopWhenStartedAsync(Func<CancellationToken, Task> run)
    {
        using var cancel = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!System.IO.File.Exists(File("started")))
            {
                await Task.Delay(20);
            }

            await cancel.CancelAsync();
        });
        var stopped = await Should.ThrowAsync<Exception>(() => run(cancel.Token));
        await watcher;
        return stopped;
    }

    [Fact]
    public async Task RunAsync_StoppedWhileTheDeployCommandRunsWithTheLedgerDown_IsAStopThatSaysWhatIsNotRecordedAndHowToRecordIt()
    {
        var store = new InterleavingStore(_deploys.Store);
        store.AfterRecord = _ =>
        {
            // the deploy's start is the last the ledger takes: from here it neither writes nor answers
            (store.RecordFault, store.FinishFault, store.ReadFault) = (Full("record delivery events in"), Full("finish a deploy in"), Full("read deploys from"));
            return Task.CompletedTask;
        };
        var ledger = new RefusingLedger(_deploys.Ledger) { Refuse = _ => Full("record a verdict in") };
        var log = new StringWriter();
        var request = Run("./rollback.sh") with { DeployCommand = $"touch '{File("started")}'; sleep 30; touch '{File("finished")}'" };

        var stopped = await StopWhenStartedAsync(token =>
            new DeployGate(store, new SyntheticPrometheus(T0, 0.001), log).RunAsync(request, _deploys.Context() with { Ledger = ledger, Cancellation = token }));

        stopped.ShouldBeAssignableTo<OperationCanceledException>("a stop is exit 130/143, not the ledger's exit 3: " + stopped.Message);
        System.IO.File.Exists(File("finished")).ShouldBeFalse("the deploy command is stopped with Tollgate");
        log.ToString().ShouldContain("the deploy command was stopped with Tollgate: v2 of checkout is not rolled back in production, and its failure could not be recorded: "
            + "cannot finish a deploy in the ledger at /srv/tollgate/ledger.db: the disk is full; the ledger has it running: once the ledger can be written, "
            + $"run tollgate deploy finish checkout --env production --result failed --at 2026-03-02T12:00:00Z{Connection}; "
            + "to roll back to v1, run TOLLGATE_ROLLBACK_VERSION='v1' TOLLGATE_FAILED_VERSION='v2' TOLLGATE_SERVICE='checkout' TOLLGATE_ENVIRONMENT='production' ./rollback.sh, then record it: "
            + $"tollgate deploy start checkout --version v1 --env production --intent rollback{Connection} && tollgate deploy finish checkout --env production --result success{Connection}\n");
        (await DeploysAsync()).ShouldBe([("v1", DeployResult.Success, DeployIntent.Planned), ("v2", DeployResult.Running, DeployIntent.Planned)], "from the refusal nothing more is written");
    }

    [Fact]
    public async Task RunAsync_StoppedWhileTheDeployCommandRunsAndOnlyTheVerdictIsRefused_IsAStopThatSaysSo()
    {
        var ledger = new RefusingLedger(_deploys.Ledger) { Refuse = _ => Full("record a verdict in") };
        var log = new StringWriter();
        var request = Run("./rollback.sh") with { DeployCommand = $"touch '{File("started")}'; sleep 30" };

        var stopped = await StopWhenStartedAsync(token =>
            new DeployGate(_deploys.Store, new SyntheticPrometheus(T0, 0.001), log).RunAsync(request, _deploys.Context() with { Ledger = ledger, Cancellation = token }));

        stopped.ShouldBeAssignableTo<OperationCanceledException>(stopped.Message);
        log.ToString().ShouldContain("the deploy command was stopped with Tollgate: v2 of checkout is recorded failed in production and not rolled back; to roll back to v1, run TOLLGATE_ROLLBACK_VERSION='v1' TOLLGATE_FAILED_VERSION='v2' TOLLGATE_SERVICE='checkout' TOLLGATE_ENVIRONMENT='production' ./rollback.sh, then record it: ");
        log.ToString().ShouldContain(" could not be recorded: cannot record a verdict in the ledger at /srv/tollgate/ledger.db: the disk is full; what became of the deploy is recorded\n");
        (await DeploysAsync()).ShouldBe([("v1", DeployResult.Success, DeployIntent.Planned), ("v2", DeployResult.Failed, DeployIntent.Planned)]);
    }

    public Task DisposeAsync() => _deploys.DisposeAsync().AsTask();
}
