using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Canary.Spec;
using Tollgate.Delivery.Drills;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Dora;
using Tollgate.Ledger;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Tests.Drills;

/// <summary>
/// A drill whose steps ran while the ledger went away: the line said only "cannot read drills from the PostgreSQL
/// ledger …", which read as if nothing ran, and a user re-running the drill rolled production back a second time.
/// </summary>
public sealed class UnrecordedDrillTests : IDisposable
{
    private const string Refused = "cannot read drills from the PostgreSQL ledger at 127.0.0.1:55481/drill: Failed to connect to 127.0.0.1:55481: Connection refused";

    private static readonly DateTimeOffset Now = new(2026, 3, 31, 12, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-unrecorded-drill-").FullName;

    [Fact]
    public async Task RecordAsync_LedgerGoesDownWhileTheRollbackRuns_LineSaysTheDrillRanOkAndTheDrillRecordToRun()
    {
        await using var ledger = await LedgerLocation.OpenAsync(Path.Combine(_dir, "ledger.db"), _dir, new FakeTimeProvider(Now));
        var store = new FallingStore(DeliveryStore.Of(ledger), Path.Combine(_dir, "down"));
        await store.RecordDrillAsync(new Drill("checkout", true, null, Now.AddDays(-20)));
        var (drill, _) = await DrillRunner.RunAsync("checkout", "touch down rolled-back", "touch forwarded", null, TimeSpan.FromSeconds(10), TextWriter.Null, _dir, new FakeTimeProvider(Now), CancellationToken.None);

        var error = await Should.ThrowAsync<InvalidInputException>(() =>
            UnrecordedDrill.RecordAsync(store, drill, false, null, " --ledger 'postgres://postgres:***@127.0.0.1:55481/drill'", CancellationToken.None));

        error.LedgerFault.ShouldBeTrue("exit 3, as every ledger failure");
        error.Message.ShouldStartWith($"the drill of checkout ran: ok in {drill.Duration!.Value.TotalSeconds:0.#} s (rollback exited 0 in ");
        error.Message.ShouldContain("; forward exited 0 in ");
        error.Message.ShouldContain($"), but it could not be recorded: {Refused}; once the ledger answers, record it with tollgate drill record checkout --result ok --duration ");
        error.Message.ShouldContain("do not run the drill again to record it: that rolls checkout back again");
        error.Message.ShouldNotContain("\n");
        var record = Regex.Match(error.Message, @"--duration (\S+) --at (\S+) --ledger 'postgres://postgres:\*\*\*@127\.0\.0\.1:55481/drill' \(");
        record.Success.ShouldBeTrue(error.Message);
        PromDuration.TryParse(record.Groups[1].Value, out var duration).ShouldBeTrue(record.Groups[1].Value);
        (duration - drill.Duration.Value).Duration().ShouldBeLessThan(TimeSpan.FromMilliseconds(1));
        record.Groups[2].Value.ShouldBe("2026-03-31T12:00:00Z");
        File.Exists(Path.Combine(_dir, "forwarded")).ShouldBeTrue("the steps ran");
        File.Delete(Path.Combine(_dir, "down"));
        (await store.DrillsAsync("checkout")).Count.ShouldBe(1, "nothing recorded, nothing lost");
    }

    [Fact]
    public async Task RecordAsync_FailedStepThenOnlyTheWriteRefused_LineSaysItFailedWithTheVersionsAndRecordsItFailed()
    {
        await using var ledger = await LedgerLocation.OpenAsync(Path.Combine(_dir, "ledger.db"), _dir, new FakeTimeProvider(Now));
        var store = new FallingStore(DeliveryStore.Of(ledger), Path.Combine(_dir, "down")) { ReadsToo = false };
        var current = new Deploy("v3", "checkout", "production", "v3", DeployIntent.Planned, Now.AddDays(-1)) { FinishedAt = Now.AddDays(-1), Result = DeployResult.Success };
        var (drill, _) = await DrillRunner.RunAsync("checkout", "touch down; exit 4", "true", null, TimeSpan.FromSeconds(10), TextWriter.Null, _dir, new FakeTimeProvider(Now), CancellationToken.None, (current, "v2"));

        var error = await Should.ThrowAsync<InvalidInputException>(() =>
            UnrecordedDrill.RecordAsync(store, drill, true, ("production", current, "v2"), "", CancellationToken.None));

        drill.Ok.ShouldBeFalse();
        error.LedgerFault.ShouldBeTrue();
        error.Message.ShouldStartWith("the drill of checkout in production (rollback to v2, forward to v3) ran: FAILED in ");
        error.Message.ShouldContain("(rollback exited 4 in ");
        error.Message.ShouldContain($"but it could not be recorded: {Refused}; once the ledger answers, record it with tollgate drill record checkout --result failed --duration ");
        error.Message.ShouldContain("Z --new-service (do not run the drill again");
        File.Delete(Path.Combine(_dir, "down"));
        (await store.DrillsAsync(null)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RecordAsync_LedgerAnswers_RecordsTheDrillOnce()
    {
        await using var ledger = await LedgerLocation.OpenAsync(Path.Combine(_dir, "ledger.db"), _dir, new FakeTimeProvider(Now));
        var store = new FallingStore(DeliveryStore.Of(ledger), Path.Combine(_dir, "down"));
        var (drill, _) = await DrillRunner.RunAsync("checkout", "true", "true", null, TimeSpan.FromSeconds(10), TextWriter.Null, _dir, new FakeTimeProvider(Now), CancellationToken.None);

        await UnrecordedDrill.RecordAsync(store, drill, true, null, "", CancellationToken.None);

        (await store.DrillsAsync("checkout")).ShouldHaveSingleItem().Ok.ShouldBeTrue();
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// A real delivery store whose drill reads (unless <see cref="ReadsToo"/> is false) and writes fail as a PostgreSQL
    /// ledger whose server is gone fails them, while the file <paramref name="down"/> exists: a drill step that creates
    /// it takes the ledger down while the drill runs.
    /// </summary>
    private sealed class FallingStore(IDeliveryStore inner, string down) : IDeliveryStore
    {
        public bool ReadsToo { get; init; } = true;

        private Task Gone() => File.Exists(down) ? throw new InvalidInputException(Refused) { LedgerFault = true } : Task.CompletedTask;

        public async Task RecordDrillAsync(Drill drill, CancellationToken cancellationToken = default)
        {
            await Gone();
            await inner.RecordDrillAsync(drill, cancellationToken);
        }

        public async Task RecordDrillCheckedAsync(Drill drill, Action<KnownNames> check, CancellationToken cancellationToken = default)
        {
            await Gone();
            await inner.RecordDrillCheckedAsync(drill, check, cancellationToken);
        }

        public async Task<IReadOnlyList<Drill>> DrillsAsync(string? service, CancellationToken cancellationToken = default)
        {
            if (ReadsToo)
            {
                await Gone();
            }

            return await inner.DrillsAsync(service, cancellationToken);
        }

        public Task<IngestCounts> RecordAsync(IReadOnlyList<DeliveryEvent> events, CancellationToken cancellationToken = default) => inner.RecordAsync(events, cancellationToken);

        public Task<IngestCounts> RecordAsync(IAsyncEnumerable<IReadOnlyList<DeliveryEvent>> batches, int expected, IngestStages? stages = null, CancellationToken cancellationToken = default) =>
            inner.RecordAsync(batches, expected, stages, cancellationToken);

        public Task<IngestCounts> RecordCheckedAsync(IReadOnlyList<DeliveryEvent> events, Action<KnownNames> check, CancellationToken cancellationToken = default) =>
            inner.RecordCheckedAsync(events, check, cancellationToken);

        public Task<IngestCounts> ClaimAsync(DeployEvent started, Func<CancellationToken, Task> check, Action<KnownNames>? names, CancellationToken cancellationToken = default) =>
            inner.ClaimAsync(started, check, names, cancellationToken);

        public Task<Deploy?> FinishAsync(Deploy deploy, DeployResult result, DateTimeOffset at, CancellationToken cancellationToken = default) => inner.FinishAsync(deploy, result, at, cancellationToken);

        public Task<IReadOnlyList<Deploy>> DeploysAsync(string? service, string? environment, CancellationToken cancellationToken = default) => inner.DeploysAsync(service, environment, cancellationToken);

        public Task<Deploy?> NewestRunningAsync(string service, string environment, CancellationToken cancellationToken = default) => inner.NewestRunningAsync(service, environment, cancellationToken);

        public Task<Deploy?> DeployAsync(string id, CancellationToken cancellationToken = default) => inner.DeployAsync(id, cancellationToken);

        public Task<Deploy?> NewestStartedAsync(string service, string environment, DateTimeOffset after, DateTimeOffset by, CancellationToken cancellationToken = default) =>
            inner.NewestStartedAsync(service, environment, after, by, cancellationToken);

        public Task<IReadOnlyList<DeployTarget>> TargetsAsync(CancellationToken cancellationToken = default) => inner.TargetsAsync(cancellationToken);

        public Task<IReadOnlyList<Incident>> IncidentsAsync(string? service, CancellationToken cancellationToken = default) => inner.IncidentsAsync(service, cancellationToken);

        public Task<DoraFacts> DoraFactsAsync(string? service, DoraWindow window, CancellationToken cancellationToken = default) => inner.DoraFactsAsync(service, window, cancellationToken);
    }
}
