using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// A SQLite ledger on a read-only mount (a build's artifact, a volume mounted read-only into a reporting job): the
/// commands that only read it (<c>model live|lineage|which</c>, <c>dora</c>) answer as from the writable file, where
/// they refused it because opening wanted to write; what cannot be read without writing (a write-ahead log with
/// records in it, tables older than the binary's) is refused in one line saying so; a command that records still
/// says the ledger is read-only. The mount is a real read-only tmpfs (the tests run as root, as CI does).
/// </summary>
public sealed class ReadOnlyLedgerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-ro-ledger-").FullName;
    private readonly string _mount;

    public ReadOnlyLedgerTests()
    {
        _mount = Directory.CreateDirectory(Path.Combine(_directory, "mounted")).FullName;
        File.WriteAllText(Path.Combine(_directory, "model.bin"), "weights");
        File.WriteAllText(Path.Combine(_directory, "train.csv"), "x\n1\n2\n");
        Run("mount", "-t", "tmpfs", "-o", "size=32m", "tollgate-test", _mount);
    }

    public void Dispose()
    {
        Run("umount", "-l", _mount);
        Directory.Delete(_directory, recursive: true);
    }

    public static TheoryData<string[]> Queries => new()
    {
        { ["model", "live", "fraud"] },
        { ["model", "live", "fraud", "--at", "2026-11-26T12:00:00Z"] },
        { ["model", "lineage", "fraud@1"] },
        { ["model", "which", "--dataset", "train.csv"] },
        { ["dora", "--from", "2026-11-01T00:00:00Z", "--to", "2026-11-26T00:00:00Z", "--format", "json"] },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Query_LedgerOnAReadOnlyMount_AnswersAsFromTheWritableFile(string[] query)
    {
        var writable = await Recorded();
        var expected = await Cli([.. query, "--ledger", writable]);
        expected.ExitCode.ShouldBe(0, expected.Error);
        var mounted = Mounted(writable);

        var run = await Cli([.. query, "--ledger", mounted]);

        run.Error.ShouldBeEmpty();
        run.ExitCode.ShouldBe(0);
        run.Out.ShouldBe(expected.Out);
        Directory.GetFiles(_mount).ShouldBe([mounted], "nothing is written beside it");
    }

    [Fact]
    public async Task Query_WriteAheadLogWithRecordsLeftBesideIt_RefusedSayingWhy()
    {
        var writable = await Recorded();
        var mounted = Path.Combine(_mount, "ledger.db");
        using (var writer = new SqliteConnection($"Data Source={writable};Pooling=False"))
        {
            // A writer still holding the file: its last records are in the log, not yet in the file.
            writer.Open();
            using var command = writer.CreateCommand();
            command.CommandText = "PRAGMA wal_autocheckpoint=0; CREATE TABLE scratch (x); INSERT INTO scratch VALUES (1);";
            command.ExecuteNonQuery();
            File.Copy(writable, mounted);
            File.Copy(writable + "-wal", mounted + "-wal");
        }

        ReadOnly();

        var run = await Cli("model", "live", "fraud", "--ledger", mounted);

        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.ShouldBe($"tollgate: error: cannot read the ledger at {mounted}: it is read-only here and its write-ahead log ({mounted}-wal) holds records SQLite cannot read without writing its index; open it once where it can be written, or copy the ledger with its -wal file somewhere writable\n");
    }

    [Fact]
    public async Task Query_TablesOlderThanTheBinary_RefusedRatherThanReadWrongly()
    {
        var writable = await Recorded();
        int latest;
        using (var connection = new SqliteConnection($"Data Source={writable};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations) RETURNING version";
            latest = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        var mounted = Mounted(writable);

        var run = await Cli("model", "lineage", "fraud", "--ledger", mounted);

        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.ShouldBe($"tollgate: error: cannot read the ledger at {mounted}: it is read-only here and its tables are from an older tollgate (schema {latest - 1}, this one reads {latest}); open it once where it can be written, which brings it up to date, or give a writable copy\n");
    }

    [Theory]
    [InlineData(false, "cannot open the ledger at {0}: it is not a Tollgate ledger (it has tables of its own: users); nothing was changed: give --ledger a new file or a ledger Tollgate made")]
    [InlineData(true, "the ledger at {0} was written by a newer Tollgate (schema 99; this one knows up to {1}): use that version or a new ledger")]
    public async Task Query_AnotherProgramsDatabaseOrANewerTollgatesLedger_RefusedOnAReadOnlyMountAsWhereWritable(bool newer, string expected)
    {
        var writable = newer ? await Recorded() : Path.Combine(_directory, "app.db");
        using (var connection = new SqliteConnection($"Data Source={writable};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = newer ? "INSERT INTO schema_migrations VALUES (99, 'future', '2030-01-01T00:00:00Z')" : "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)";
            command.ExecuteNonQuery();
        }

        var there = await Cli("model", "live", "fraud", "--ledger", writable);
        var mounted = Mounted(writable);

        var run = await Cli("model", "live", "fraud", "--ledger", mounted);

        var known = Tollgate.Ledger.Migrations.Migration.For("Sqlite")[^1].Version;
        there.Error.ShouldBe($"tollgate: error: {string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, writable, known)}\n");
        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.ShouldBe($"tollgate: error: {string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, mounted, known)}\n");
    }

    [Fact]
    public async Task Record_LedgerOnAReadOnlyMount_SaysItIsReadOnlyAndRecordsNothing()
    {
        var mounted = Mounted(await Recorded());
        var before = await File.ReadAllBytesAsync(mounted);

        var run = await Cli("model", "register", "fraud", "--version", "2", "--artifact", "model.bin", "--dataset", "train.csv", "--ledger", mounted);

        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.ShouldBe($"tollgate: error: cannot open the ledger at {mounted}: the file system is read-only\n");
        (await File.ReadAllBytesAsync(mounted)).ShouldBe(before);
    }

    // fraud@1 registered on train.csv and in production, in a writable ledger of its own.
    private async Task<string> Recorded()
    {
        var ledger = Path.Combine(_directory, "ledger.db");
        (await Cli("model", "register", "fraud", "--version", "1", "--artifact", "model.bin", "--dataset", "train.csv", "--ledger", ledger)).ExitCode.ShouldBe(0);
        (await Cli("model", "promote", "fraud@1", "--initial", "--ledger", ledger)).ExitCode.ShouldBe(0);
        return ledger;
    }

    // The ledger copied onto the mount (after its last writer closed it: no log beside it), the mount then made read-only.
    private string Mounted(string ledger)
    {
        var mounted = Path.Combine(_mount, "ledger.db");
        File.Exists(ledger + "-wal").ShouldBeFalse("the last writer folded its log into the file");
        File.Copy(ledger, mounted);
        ReadOnly();
        return mounted;
    }

    private void ReadOnly() => Run("mount", "-o", "remount,ro", _mount);

    private Task<CliRun> Cli(params string[] args) => CliRun.RunAsync(_directory, args);

    private static void Run(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, $"{program} {string.Join(' ', args)}: {error} (these tests mount a tmpfs, as root)");
    }
}
