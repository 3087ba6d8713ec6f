namespace Tollgate.Ledger;

/// <summary>
/// The write-ahead log (<c>-wal</c>) and shared-memory index (<c>-shm</c>) beside a WAL-mode ledger, when they are what
/// keeps this user from writing a ledger it may write. SQLite makes them with the ledger's mode bits, owned by the
/// process that made them; one that may only read the ledger (another user's <c>dora</c> or <c>verdicts</c>) cannot
/// fold them away when it closes, and leaves them: a writer that may not write them opens the ledger read-only, and
/// every write fails as if the ledger were. A reader cannot avoid making them without giving up safety (SQLite's
/// <c>immutable</c> and <c>nolock</c> reads are wrong beside a writer; exclusive locking blocks every writer while it
/// reads), nor remove them (another process may be using them), so the writer's failure names them instead.
/// </summary>
internal static class WalFiles
{
    /// <summary>
    /// Why <paramref name="ledger"/> cannot be written when the ledger file itself may be: the <c>-shm</c> or <c>-wal</c>
    /// beside it that this user may not write, with its owner and what to do; null when that is not the cause.
    /// </summary>
    public static string? Blocking(string ledger) => Blocking(ledger, FileAccessCheck.CanWrite, FileAccessCheck.Owner);

    internal static string? Blocking(string ledger, Func<string, bool> canWrite, Func<string, string?> ownerOf)
    {
        if (!File.Exists(ledger) || !canWrite(ledger))
        {
            return null;
        }

        var blocked = new[] { ledger + "-shm", ledger + "-wal" }.Where(f => File.Exists(f) && !canWrite(f)).ToList();
        if (blocked.Count == 0)
        {
            return null;
        }

        var files = string.Join(" and ", blocked.Select(f => ownerOf(f) is { } owner ? $"{f} (owned by {owner})" : f));
        var (them, are) = blocked.Count == 1 ? ("it", "is") : ("them", "are");
        var records = blocked.FirstOrDefault(f => f.EndsWith("-wal", StringComparison.Ordinal) && new FileInfo(f).Length > 0);
        return $"the ledger file may be written, but {files} beside it {are} not writable by this user, so SQLite opened the ledger read-only: "
            + (records is null
                ? $"a tollgate of a user who could only read the ledger left {them}; remove {them} when no tollgate is using the ledger"
                : $"{records} holds records not yet in the ledger, so do not remove it: run a tollgate that records as its owner once no other is using the ledger (it folds them in), or make {them} writable by this user");
    }
}
