using Tollgate.Canary.Spec;
using Tollgate.Delivery.Deploys;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>
/// The ledger fails a write after the deploy command ran (a full disk, a PostgreSQL server restarted): exit 3, and the
/// line says the version is live, what the ledger holds of it and the commands that close and judge it.
/// </summary>
public sealed class UnrecordedDeployTests : IAsyncLifetime
{
    private const string Connection = " --ledger /srv/tollgate/ledger.db --policy ci/tollgate.yaml";
    private const string Resume = "tollgate deploy watch checkout --env production --spec slo.yaml --rollback-cmd ./rollback.sh --timeout 10m" + Connection;
    private static readonly DateTimeOffset T0 = DeployLedger.T0;
    private DeployLedger _deploys = null!;

    public async Task InitializeAsync() => _deploys = await DeployLedger.OpenAsync("tollgate-unrecorded-");

    private static InvalidInputException Full(string doing) => new($"cannot {doing} the ledger at /srv/tollgate/ledger.db: the disk is full") { LedgerFault = true };

    private CanarySpec Spec()
    {
        File.WriteAllText(Path.Combine(_deploys.WorkingDirectory, "slo.yaml"), DeployGateTests.Spec);
        return SpecLoader.Load(Path.Combine(_deploys.WorkingDirectory, "slo.yaml"));
    }

    [Fact]
    public async Task RunAsync_TheFinishCannotBeRecordedAfterTheDeployCommandSucceeded_SaysItIsLiveAndHowToCloseAndJudgeIt()
    {
        var store = new InterleavingStore(_deploys.Store) { FinishFault = Full("finish a deploy in") };
        var request = new DeployRunRequest("checkout", "v2", "production", "true", "./rollback.sh", Spec(), TimeSpan.FromSeconds(60))
        {
            Connection = Connection, ResumeCommand = Resume,
        };

        var error = await Should.ThrowAsync<InvalidInputException>(() =>
            new DeployGate(store, new SyntheticPrometheus(T0, 0.001), TextWriter.Null).RunAsync(request, _deploys.Context()));

        error.Message.ShouldBe("v2 of checkout was deployed to production (its deploy command exited 0) and is live, but its finish could not be recorded: "
            + "cannot finish a deploy in the ledger at /srv/tollgate/ledger.db: the disk is full; the ledger has it running and unwatched: once the ledger can be written, "
            + $"run tollgate deploy finish checkout --env production --result success --at 2026-03-02T12:00:00Z{Connection}, then {Resume}");
        error.LedgerFault.ShouldBeTrue("a ledger failure: exit 3");
        (await _deploys.Store.DeploysAsync("checkout", "production")).Single(d => d.Version == "v2").Result.ShouldBe(DeployResult.Running);
    }

    [Fact]
    public async Task WatchAsync_TheWatchCannotBeRecorded_SaysTheDeployIsLiveAndUnjudgedAndHowToJudgeIt()
    {
        var v2 = new Deploy("production/v2", "checkout", "production", "v2", DeployIntent.Planned, T0) { FinishedAt = T0, Result = DeployResult.Success };
        await _deploys.Store.RecordAsync([new DeployEvent(v2.Id, "test", v2)]);
        var store = new InterleavingStore(_deploys.Store) { RecordFault = Full("record delivery events in") };
        var request = new DeployWatchRequest("checkout", "production", Spec(), TimeSpan.FromSeconds(60)) { Connection = Connection, ResumeCommand = Resume };

        var error = await Should.ThrowAsync<InvalidInputException>(() =>
            new DeployGate(store, new SyntheticPrometheus(T0, 0.001), TextWriter.Null).WatchAsync(request, _deploys.Context()));

        error.Message.ShouldBe("v2 of checkout is live in production and unjudged: its watch could not be recorded: "
            + "cannot record delivery events in the ledger at /srv/tollgate/ledger.db: the disk is full; not verified and not rolled back; "
            + $"once the ledger can be written, to judge it (and roll back if it fails), run {Resume}");
        error.LedgerFault.ShouldBeTrue();
    }

    public Task DisposeAsync() => _deploys.DisposeAsync().AsTask();
}
