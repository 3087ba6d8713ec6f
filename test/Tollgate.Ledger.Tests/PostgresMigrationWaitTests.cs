using Npgsql;
using Tollgate.Testing;

namespace Tollgate.Ledger.Tests;

/// <summary>
/// Opening a PostgreSQL ledger with a statement limit the program set (<c>tollgate serve</c>'s, when the connection sets
/// none) does not bound its migrations: a replica that waits longer than the limit for another one migrating (the
/// migration lock) or for a long writer of a table a step changes opens once the wait is over, and hears what it waited
/// for. The waits are real: another session holds the lock for twice the limit.
/// </summary>
public sealed class PostgresMigrationWaitTests
{
    private static readonly StatementLimit OneSecond = new(1, "the test's own limit", "none");

    [Fact]
    public async Task OpenAsync_AnotherOpenerHoldsTheMigrationLockPastTheLimit_OpensAndSaysItWaitsForTheMigrationLock()
    {
        var connection = await PostgresServer.Shared.CreateDatabaseAsync();
        await (await PostgresLedger.OpenAsync(connection, TimeProvider.System)).DisposeAsync();

        var said = await OpenWhileHeldAsync(connection, $"SELECT pg_advisory_xact_lock({PostgresLedger.MigrationLockKey:D})");

        said.ShouldContain(line => line.Contains("its migrations wait for the migration lock, which another Tollgate holds while it migrates the ledger (pid ", StringComparison.Ordinal), string.Join('\n', said));
    }

    [Fact]
    public async Task OpenAsync_DeploysHeldStepBehindALongWriterOfDeploys_OpensWithTheIndexAndSaysItWaitsForDeploys()
    {
        var connection = await PostgresServer.Shared.CreateDatabaseAsync();
        await (await PostgresLedger.OpenAsync(connection, TimeProvider.System)).DisposeAsync();
        await ExecuteAsync(connection, LedgerRewind.Before("Postgres", "deploys_held"));

        var said = await OpenWhileHeldAsync(connection, "LOCK TABLE deploys IN ROW EXCLUSIVE MODE"); // as an INSERT holds it

        said.ShouldContain(line => line.Contains("its migrations wait for a lock on table deploys, which another session's transaction holds (pid ", StringComparison.Ordinal), string.Join('\n', said));
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var index = new NpgsqlCommand("SELECT count(*) FROM pg_indexes WHERE indexname = 'deploys_held'", db);
        ((long)(await index.ExecuteScalarAsync())!).ShouldBe(1);
    }

    [Fact]
    public async Task OpenAsync_ProgramSetLimit_MigratesOnTheSessionItThenServesFrom()
    {
        var connection = new NpgsqlConnectionStringBuilder(await PostgresServer.Shared.CreateDatabaseAsync()) { ApplicationName = "one-pool" }.ConnectionString;
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { Pooling = false, ApplicationName = "admin" }.ConnectionString);
        await admin.OpenAsync();

        await using var ledger = await PostgresLedger.OpenAsync(connection, TimeProvider.System, OneSecond, CancellationToken.None);
        var afterOpen = await SessionsAsync(admin, "one-pool");
        (await ledger.NewerSchemaAsync()).ShouldBeNull();
        var afterRead = await SessionsAsync(admin, "one-pool");

        afterOpen.Count.ShouldBe(1, "the migrations' connection, kept in the one pool");
        afterRead.ShouldBe(afterOpen, "the first statement after the open reuses it: no second pool, no second connection at start");
    }

    private static async Task<List<int>> SessionsAsync(NpgsqlConnection admin, string application)
    {
        await using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 ORDER BY pid", admin)
        {
            Parameters = { new() { Value = application } },
        };
        var pids = new List<int>();
        await using var r = await command.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            pids.Add(r.GetInt32(0));
        }

        return pids;
    }

    /// <summary>
    /// Holds <paramref name="take"/>'s lock in another session's transaction for 2.5 s, twice the limit, while the ledger
    /// opens bounded by 1 s; the open must succeed after the lock is let go. What the open said while it waited.
    /// </summary>
    private static async Task<List<string>> OpenWhileHeldAsync(string connection, string take)
    {
        await using var holder = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { Pooling = false, ApplicationName = "long-writer" }.ConnectionString);
        await holder.OpenAsync();
        var held = await holder.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand(take, holder, held))
        {
            await command.ExecuteNonQueryAsync();
        }

        var said = new List<string>();
        var wait = new StartupWait(TimeSpan.FromMilliseconds(300), line => { lock (said) { said.Add(line); } });
        var opening = PostgresLedger.OpenAsync(connection, TimeProvider.System, OneSecond, CancellationToken.None, wait);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        opening.IsCompleted.ShouldBeFalse("the open waits for the lock");
        await held.RollbackAsync();

        await using var ledger = await opening;
        (await ledger.NewerSchemaAsync()).ShouldBeNull();
        lock (said)
        {
            said.ShouldContain(line => line.Contains("'long-writer' idle in transaction", StringComparison.Ordinal), string.Join('\n', said));
            return [.. said];
        }
    }

    private static async Task ExecuteAsync(string connection, string sql)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync();
    }
}
