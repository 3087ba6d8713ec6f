using Npgsql;

namespace Tollgate.Ledger.Migrations;

/// <summary>
/// Says what the migrations of a PostgreSQL ledger wait for while they wait: the migration lock another Tollgate holds
/// while it migrates, or a lock on a table a step changes that another session holds (a long writer of <c>deploys</c>
/// holds off a <c>CREATE INDEX</c> on it). Read from <c>pg_locks</c> and <c>pg_stat_activity</c> on a connection of its
/// own, every <see cref="StartupWait.After"/> until the migrations end.
/// </summary>
internal static class MigrationWait
{
    /// <summary>Watches the session <paramref name="pid"/> (the one migrating) until <paramref name="done"/> is cancelled.</summary>
    public static async Task WatchAsync(NpgsqlDataSource dataSource, int pid, string server, StartupWait wait, TimeProvider clock, CancellationToken done)
    {
        var started = clock.GetTimestamp();
        try
        {
            while (true)
            {
                await Task.Delay(wait.After, clock, done);
                var waited = (int)clock.GetElapsedTime(started).TotalSeconds;
                wait.Say($"the PostgreSQL ledger at {server} is not open yet after {waited} s: its migrations wait for {await WhatAsync(dataSource, pid, done)}; the server starts once that ends");
            }
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested)
        {
            // the migrations ended
        }
        catch (NpgsqlException e)
        {
            wait.Say($"the PostgreSQL ledger at {server} is not open yet: its migrations wait, and what for could not be read ({e.Message})");
        }
    }

    /// <summary>The lock the session waits for and who holds it, in words.</summary>
    private static async Task<string> WhatAsync(NpgsqlDataSource dataSource, int pid, CancellationToken cancellationToken)
    {
        await using var db = await dataSource.OpenConnectionAsync(cancellationToken);
        var holders = await db.QueryAsync(
            """
            SELECT l.locktype::text, COALESCE(l.relation::regclass::text, ''), b.pid, COALESCE(b.application_name, ''), COALESCE(b.state, ''),
                   COALESCE(extract(epoch FROM now() - b.xact_start)::bigint, -1)
            FROM pg_locks l
            CROSS JOIN LATERAL unnest(pg_blocking_pids(l.pid)) AS blocker(pid)
            JOIN pg_stat_activity b ON b.pid = blocker.pid
            WHERE l.pid = $1 AND NOT l.granted
            ORDER BY b.pid
            """,
            null,
            r => (Kind: r.GetString(0), Table: r.GetString(1), Pid: r.GetInt32(2), Application: r.GetString(3), State: r.GetString(4), Open: r.GetInt64(5)),
            cancellationToken,
            pid);
        if (holders.Count == 0)
        {
            return "no lock (a step still runs)";
        }

        var first = holders[0];
        var what = first.Kind == "advisory"
            ? "the migration lock, which another Tollgate holds while it migrates the ledger"
            : first.Kind == "relation" ? $"a lock on table {first.Table}, which another session's transaction holds" : $"a {first.Kind} lock another session holds";
        var sessions = string.Join(", ", holders.Select(h =>
            $"pid {h.Pid}" + (h.Application.Length > 0 ? $" '{h.Application}'" : "") + (h.State.Length > 0 ? $" {h.State}" : "") + (h.Open >= 0 ? $", its transaction open {h.Open} s" : "")));
        return $"{what} ({sessions})";
    }
}
