using Tollgate.Domain;

namespace Tollgate.Server.Hosting;

/// <summary>
/// Whether the ledger is still one this build knows, asked before the server reads or writes it, at most once per
/// <see cref="Recheck"/> on the server's clock (one primary-key read of <c>schema_migrations</c>). A newer Tollgate
/// (another replica, a CI runner) that migrates a shared ledger under a running server is noticed within that
/// interval, and from then on every read and write is refused as a restart would be: the requests answer 503 with the
/// refusal and <c>/readyz</c> 503, since a newer step may have changed a table this build reads or writes.
/// </summary>
internal sealed class SchemaWatch(Func<CancellationToken, Task<InvalidInputException?>> newer, TimeProvider clock)
{
    public static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);

    private long _checkedAt = long.MinValue;
    private InvalidInputException? _refused;

    /// <summary>Throws the refusal once the ledger's schema is seen to be newer; a ledger that cannot be read is left to the call.</summary>
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _refused) is { } refused)
        {
            throw Again(refused);
        }

        var now = clock.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _checkedAt);
        if (last != long.MinValue && now - last < Recheck.Ticks && now >= last || Interlocked.CompareExchange(ref _checkedAt, now, last) != last)
        {
            return;
        }

        if (await newer(cancellationToken) is { } refusal)
        {
            Volatile.Write(ref _refused, refusal);
            throw Again(refusal);
        }
    }

    /// <summary>A new exception each time: one instance thrown by many requests at once would share its stack trace.</summary>
    private static InvalidInputException Again(InvalidInputException refusal) => new(refusal.Message) { LedgerFault = true };
}
