using Tollgate.Domain;

namespace Tollgate.Server.Hosting;

/// <summary>
/// Whether the ledger is still one this build knows, asked before the server reads or writes it, at most once per
/// <see cref="Recheck"/> on the server's clock (one primary-key read of <c>schema_migrations</c>). A newer Tollgate
/// (another replica, a CI runner) that migrates a shared ledger under a running server is noticed within that
/// interval, and from then on every read and write is refused as a restart would be: the requests answer 503 with the
/// refusal and <c>/readyz</c> 503, since a newer step may have changed a table this build reads or writes.
/// <para>
/// And, on every call and again after it (<see cref="Kept"/>), whether the ledger's path still names the file the
/// server has open (<paramref name="moved"/>: a SQLite ledger deleted or replaced under it; one <c>stat</c>, the path's
/// inode against the open file's): what is written into a file no path names is gone at the next start, so such a write
/// is refused, and one that went into it answers as not recorded.
/// </para>
/// </summary>
/// <param name="newer">The refusal when the schema is newer; its own failure (the ledger cannot be read) in the words
/// of what the call was doing (<c>record the verdict in</c>, <c>read</c>).</param>
internal sealed class SchemaWatch(Func<string, CancellationToken, Task<InvalidInputException?>> newer, TimeProvider clock, Func<string, InvalidInputException?>? moved = null)
{
    public static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);

    private long _checkedAt = long.MinValue;
    private InvalidInputException? _refused;

    /// <summary>Throws the refusal once the ledger's schema is seen to be newer, or its file is gone; a ledger that cannot be read is left to the call.</summary>
    public async Task EnsureAsync(CancellationToken cancellationToken, string doing = "read")
    {
        if (Volatile.Read(ref _refused) is { } refused)
        {
            throw Again(refused);
        }

        Kept(doing);
        var now = clock.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _checkedAt);
        if (last != long.MinValue && now - last < Recheck.Ticks && now >= last || Interlocked.CompareExchange(ref _checkedAt, now, last) != last)
        {
            return;
        }

        if (await newer(doing, cancellationToken) is { } refusal)
        {
            Volatile.Write(ref _refused, refusal);
            throw Again(refusal);
        }
    }

    /// <summary>After a call: throws when the ledger's path no longer names the file the call read or wrote.</summary>
    public void Kept(string doing)
    {
        if (moved?.Invoke(doing) is { } gone)
        {
            throw gone;
        }
    }

    /// <summary>A new exception each time: one instance thrown by many requests at once would share its stack trace.</summary>
    private static InvalidInputException Again(InvalidInputException refusal) => new(refusal.Message) { LedgerFault = true };
}
