using System.Diagnostics;
using Tollgate.Cli.Tests.Hosting;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// One SQLite ledger, two real users (setpriv, from root, as CI runs): the ledger's maker writes it; another user in the
/// group of its directory may only read the file. That reader's <c>verdicts</c> leaves <c>-shm</c> and <c>-wal</c>
/// owned by it (SQLite cannot fold them away without writing), and the maker's next write was refused as "the ledger is
/// read-only (the file, its directory or the file system)", though neither was: the refusal now names the two files,
/// their owner and what to do, and doing it lets the maker write again.
/// </summary>
public sealed class SharedLedgerUsersTests : IDisposable
{
    private const string Group = "3000";
    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-shared-ledger-").FullName;

    public SharedLedgerUsersTests()
    {
        Run("chown", $"root:{Group}", _directory);
        Run("chmod", "2775", _directory);
        File.WriteAllText(Path.Combine(_directory, "plan.json"), """{"format_version":"1.2","resource_changes":[]}""");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Record_AfterAnotherUsersReaderLeftWalFiles_NamesThemTheirOwnerAndWhatToDo()
    {
        var ledger = Path.Combine(_directory, "shared.db");
        (await TollgateAs("2001", "plan", "plan.json", "--ledger", ledger)).Code.ShouldBe(0);
        (await TollgateAs("65534", "verdicts", "--ledger", ledger)).Code.ShouldBe(0);
        File.Exists(ledger + "-shm").ShouldBeTrue("the reader made the index and could not remove it");

        var refused = await TollgateAs("2001", "plan", "plan.json", "--ledger", ledger);
        File.Delete(ledger + "-shm");
        File.Delete(ledger + "-wal");
        var again = await TollgateAs("2001", "plan", "plan.json", "--ledger", ledger);

        refused.Code.ShouldBe(3);
        refused.Error.ShouldBe(
            $"tollgate: error: cannot record the verdict in the ledger at {ledger}: the ledger file may be written, but {ledger}-shm (owned by nobody) and {ledger}-wal (owned by nobody) beside it are not writable by this user, so SQLite opened the ledger read-only: a tollgate of a user who could only read the ledger left them; remove them when no tollgate is using the ledger\n");
        again.Code.ShouldBe(0, again.Error);
    }

    [Fact]
    public async Task EventsIngest_AfterAnotherUsersReaderLeftWalFiles_SaysSoAsARecordDoesAndKeepsWhatWasRecorded()
    {
        var ledger = Path.Combine(_directory, "shared.db");
        var lines = File.ReadAllLines(Tollgate.Testing.Repository.File("examples", "deploys", "worked-example.ndjson"));
        File.WriteAllLines(Path.Combine(_directory, "first.ndjson"), lines[..3]);
        File.WriteAllLines(Path.Combine(_directory, "rest.ndjson"), lines[3..]);
        (await TollgateAs("2001", "events", "ingest", "first.ndjson", "--ledger", ledger)).Code.ShouldBe(0);
        (await TollgateAs("2001", "verdicts", "--ledger", ledger)).Code.ShouldBe(0); // a new ledger is made WAL by its next open
        (await TollgateAs("65534", "verdicts", "--ledger", ledger)).Code.ShouldBe(0);
        File.Exists(ledger + "-shm").ShouldBeTrue("the reader made the index and could not remove it");

        var refused = await TollgateAs("2001", "events", "ingest", "rest.ndjson", "--ledger", ledger);
        File.Delete(ledger + "-shm");
        File.Delete(ledger + "-wal");
        var again = await TollgateAs("2001", "events", "ingest", "first.ndjson", "--ledger", ledger);

        refused.Code.ShouldBe(3);
        refused.Error.ShouldBe(
            $"tollgate: error: cannot record delivery events in the ledger at {ledger}: the ledger file may be written, but {ledger}-shm (owned by nobody) and {ledger}-wal (owned by nobody) beside it are not writable by this user, so SQLite opened the ledger read-only: a tollgate of a user who could only read the ledger left them; remove them when no tollgate is using the ledger\n");
        again.Code.ShouldBe(0, again.Error);
        again.Out.ShouldContain("0 recorded, 3 already recorded");
    }

    // The built tollgate as user UID in the directory's group (nobody is 65534; 2001 has no name, as a CI user may not).
    private async Task<(int Code, string Out, string Error)> TollgateAs(string uid, params string[] args)
    {
        var info = new ProcessStartInfo("setpriv") { WorkingDirectory = _directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[$"--reuid={uid}", $"--regid={Group}", "--clear-groups", "dotnet", BuiltTollgate.Dll, .. args])
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output, await error);
    }

    private static void Run(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, $"{program} {string.Join(' ', args)}: {error} (these tests run as root, as CI does)");
    }
}
