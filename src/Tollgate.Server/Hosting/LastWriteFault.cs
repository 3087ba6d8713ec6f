using Tollgate.Domain;

namespace Tollgate.Server.Hosting;

/// <summary>
/// The ledger's last write, when it failed (read-only, full, locked past its limit, deleted, down): <c>/readyz</c>
/// answers 503 naming it for <see cref="Window"/> after it unless a write has landed since, since a replica that can
/// read its ledger but record nothing must leave the load balancer while its neighbours record. A read proves no
/// write; once the window passes with no write, the replica is ready again and the next request tries.
/// </summary>
internal sealed class LastWriteFault(TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private Fault? _last;

    /// <summary>Runs a write, remembering whether it failed for the ledger's sake (not one input's, not the stop's).</summary>
    public async Task<T> WatchAsync<T>(Func<Task<T>> write)
    {
        try
        {
            var result = await write();
            Volatile.Write(ref _last, null);
            return result;
        }
        catch (InvalidInputException e) when (e.LedgerFault)
        {
            Volatile.Write(ref _last, new Fault(e.Message, clock.GetUtcNow()));
            throw;
        }
    }

    /// <summary>Why the replica is not ready: the last write failed within <see cref="Window"/>, none landed since; else null.</summary>
    public string? Recent()
    {
        if (Volatile.Read(ref _last) is not { } last)
        {
            return null;
        }

        var ago = clock.GetUtcNow() - last.At;
        return ago < Window
            ? $"the ledger's last write failed {Math.Max(0, (int)ago.TotalSeconds)}s ago and none has landed since (ready again {(int)Window.TotalSeconds}s after it, or at the next write that lands): {last.Reason}"
            : null;
    }

    private sealed record Fault(string Reason, DateTimeOffset At);
}
