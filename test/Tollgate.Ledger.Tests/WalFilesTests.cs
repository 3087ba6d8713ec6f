using System.Diagnostics;

namespace Tollgate.Ledger.Tests;

/// <summary>
/// The wording of a write refused because the ledger's <c>-shm</c> or <c>-wal</c> is another user's: real files, and an
/// access check that says which of them this user may write (the tests run as root, which may write them all). The
/// same failure between two real users is <c>Tollgate.Cli.Tests.Commands.SharedLedgerUsersTests</c>.
/// </summary>
public sealed class WalFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-wal-files-").FullName;

    private string Ledger => Path.Combine(_dir, "shared.db");

    [Fact]
    public void Blocking_ShmAndEmptyWalOfAReader_NamesBothWithOwnerAndSaysToRemoveThem()
    {
        Make("", "-shm", "-wal");

        var why = WalFiles.Blocking(Ledger, f => f == Ledger, _ => "nobody");

        why.ShouldBe($"the ledger file may be written, but {Ledger}-shm (owned by nobody) and {Ledger}-wal (owned by nobody) beside it are not writable by this user, so SQLite opened the ledger read-only: a tollgate of a user who could only read the ledger left them; remove them when no tollgate is using the ledger");
    }

    [Fact]
    public void Blocking_OnlyTheShm_NamesItAloneOwnerUnknown()
    {
        Make("", "-shm", "-wal");
        File.WriteAllText(Ledger + "-wal", "frames");

        var why = WalFiles.Blocking(Ledger, f => !f.EndsWith("-shm", StringComparison.Ordinal), _ => null);

        why.ShouldBe($"the ledger file may be written, but {Ledger}-shm beside it is not writable by this user, so SQLite opened the ledger read-only: a tollgate of a user who could only read the ledger left it; remove it when no tollgate is using the ledger");
    }

    [Fact]
    public void Blocking_WalWithRecords_SaysNotToRemoveIt()
    {
        Make("", "-wal");
        File.WriteAllText(Ledger + "-wal", "frames");

        var why = WalFiles.Blocking(Ledger, f => f == Ledger, _ => "ci");

        why.ShouldBe($"the ledger file may be written, but {Ledger}-wal (owned by ci) beside it is not writable by this user, so SQLite opened the ledger read-only: {Ledger}-wal holds records not yet in the ledger, so do not remove it: run a tollgate that records as its owner once no other is using the ledger (it folds them in), or make it writable by this user");
    }

    [Theory]
    [InlineData(false, true)] // the ledger file itself is read-only: the general wording stands
    [InlineData(true, false)] // no -shm or -wal this user may not write
    public void Blocking_NotTheCause_IsNull(bool ledgerWritable, bool walFiles)
    {
        Make("", walFiles ? ["-shm", "-wal"] : []);

        WalFiles.Blocking(Ledger, f => f == Ledger ? ledgerWritable : false, _ => "nobody").ShouldBeNull();
        WalFiles.Blocking(Ledger + ".missing", _ => true, _ => "nobody").ShouldBeNull();
    }

    [Fact]
    public void FileAccessCheck_RealFiles_OwnerByNameOrUidAndWhetherWritable()
    {
        Make("", "-shm", "-wal");
        Chown(Ledger + "-shm", "65534");
        Chown(Ledger + "-wal", "4242");

        FileAccessCheck.Owner(Ledger).ShouldBe(Environment.UserName);
        FileAccessCheck.Owner(Ledger + "-shm").ShouldBe("nobody");
        FileAccessCheck.Owner(Ledger + "-wal").ShouldBe("uid 4242");
        FileAccessCheck.Owner(Ledger + ".missing").ShouldBeNull();
        FileAccessCheck.CanWrite(Ledger).ShouldBeTrue();
        FileAccessCheck.CanWrite(Path.Combine(_dir, "missing", "x")).ShouldBeFalse();
    }

    private void Make(string suffix, params string[] more)
    {
        foreach (var s in (string[])[suffix, .. more])
        {
            File.WriteAllBytes(Ledger + s, []);
        }
    }

    private static void Chown(string path, string uid)
    {
        using var chown = Process.Start("chown", [uid, path]);
        chown.WaitForExit();
        chown.ExitCode.ShouldBe(0, "the tests run as root, as CI does");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
