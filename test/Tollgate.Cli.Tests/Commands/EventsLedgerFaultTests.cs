using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>events ingest</c> into a SQLite ledger that fails says so as every other ledger write does (the ledger's path and
/// the problem in our words, exit 3), where it printed SQLite's own message without the path; what the ledger held stays.
/// The read-only case (another user's WAL files) is in <see cref="SharedLedgerUsersTests"/>, a lock held by another
/// connection in the ledger's own tests (the lock is waited for 30 seconds here).
/// </summary>
public sealed class EventsLedgerFaultTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-events-fault-").FullName;

    [Fact]
    public async Task EventsIngest_DeploysTableCorrupt_OneLineExit3AndTheLedgerUntouched()
    {
        var ledger = Path.Combine(_dir, "ledger.db");
        var lines = await File.ReadAllLinesAsync(Repository.File("examples", "deploys", "worked-example.ndjson"));
        await File.WriteAllLinesAsync(Path.Combine(_dir, "first.ndjson"), lines[..3]);
        await File.WriteAllLinesAsync(Path.Combine(_dir, "rest.ndjson"), lines[3..]);
        (await CliRun.RunAsync(_dir, "events", "ingest", "first.ndjson", "--ledger", ledger)).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync(_dir, "verdicts", "--ledger", ledger)).ExitCode.ShouldBe(0); // a new ledger is made WAL by its next open
        LedgerPages.Garble(ledger, "deploys");
        var before = await File.ReadAllBytesAsync(ledger);

        var run = await CliRun.RunAsync(_dir, "events", "ingest", "rest.ndjson", "--ledger", ledger);

        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.ShouldBe($"tollgate: error: cannot record delivery events in the ledger at {ledger}: the ledger file is corrupt\n");
        run.Out.ShouldBeEmpty();
        (await File.ReadAllBytesAsync(ledger)).SequenceEqual(before).ShouldBeTrue("the ledger file changed");
        File.Exists(ledger + "-wal").ShouldBeFalse();
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
