using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Domain;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Ledger.Tests;

/// <summary>
/// A SQLite ledger on a full disk, a real one (a small tmpfs; the tests run as root, as CI does): opening it needs its
/// <c>-shm</c> index, which SQLite reports as "disk I/O error" whatever stopped it; the line says the disk is full,
/// from the operating system's error behind it, where it said "the disk reported an I/O error".
/// </summary>
public sealed class SqliteFullDiskTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly string _mount = Directory.CreateTempSubdirectory("tollgate-full-disk-").FullName;

    /// <summary>
    /// 8 MB: room for a new ledger's migrations (about 1.4 MB of WAL) and the checkpoint at its close beside it; at 2 MB
    /// the checkpoint stopped fitting once the ledger had 15 steps, the WAL and <c>-shm</c> stayed, and the reopen needed
    /// no new space.
    /// </summary>
    public SqliteFullDiskTests() => Run("mount", "-t", "tmpfs", "-o", "size=8m", "tollgate-test", _mount);

    private string Ledger => Path.Combine(_mount, "ledger.db");

    [Fact]
    public async Task OpenAsync_DiskFilledAfterTheLedgerWasMade_SaysTheDiskIsFull()
    {
        await using (var ledger = await LedgerLocation.OpenAsync(Ledger, _mount, _clock))
        {
            await ledger.RecordAsync(new Report("canary", "before", "sha256:b", Verdict.Pass, [], []));
        }

        File.Exists(Ledger + "-shm").ShouldBeFalse("the ledger was closed cleanly, so opening it must make its -shm again");
        Fill();

        var error = await Should.ThrowAsync<InvalidInputException>(() => LedgerLocation.OpenAsync(Ledger, _mount, _clock));

        error.Message.ShouldBe($"cannot open the ledger at {Ledger}: the disk is full");
    }

    // Everything the file system has left, in one file beside the ledger.
    private void Fill()
    {
        using var filler = new FileStream(Path.Combine(_mount, "filler"), FileMode.Create);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                filler.Write(block);
                filler.Flush();
            }
        }
        catch (IOException)
        {
        }
    }

    public void Dispose()
    {
        Run("umount", "-l", _mount);
        Directory.Delete(_mount, recursive: true);
    }

    private static void Run(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, $"{program} {string.Join(' ', args)}: {error} (these tests mount a tmpfs, as root)");
    }
}
