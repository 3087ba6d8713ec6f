using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using Tollgate.Server.Tests.Support;
using Tollgate.Testing;

namespace Tollgate.Server.Tests.Integrations;

/// <summary>
/// A PostgreSQL ledger whose verdicts table another session keeps locked: the server's verdict write, which no request
/// cancels, runs out of the statement limit (the server's own when the connection sets none, else the user's) and fails
/// its batch, so the one writer every verdict waits behind is free again instead of waiting for ever.
/// </summary>
public sealed class LedgerStatementLimitTests
{
    private static readonly string Argo = $$"""{"spec":"checkout","stableHash":"{{RunningServer.StableHash}}","latestHash":"7c9d5f8b6"}""";

    [Fact]
    public async Task VerdictsLockedForGood_NoLimitInTheConnection_TheServersLimitFailsTheWriteAndLaterVerdictsRecord()
    {
        var connection = await Ledgers.TempPostgresAsync();

        var late = await LockedForGoodAsync(connection, TimeSpan.FromSeconds(2));

        late.ShouldContain("the statement ran past its 2 s limit (tollgate serve's own limit, as the connection string sets no command_timeout); set command_timeout=N in the connection string (Command Timeout=N among keywords) to change it");
        late.ShouldNotContain("in the connection string)");
    }

    [Fact]
    public async Task VerdictsLockedForGood_UsersOwnCommandTimeout_ItsLimitIsKept()
    {
        var connection = PostgresServer.ToUrl(await Ledgers.TempPostgresAsync(), "?command_timeout=2");

        var late = await LockedForGoodAsync(connection, ServeOptions.DefaultLedgerStatementLimit);

        late.ShouldContain("the statement ran past its 2 s limit (command_timeout=2 in the connection string)");
    }

    [Fact]
    public async Task AnotherReplicaMigratingPastTheLimit_TheServerWaitsLogsWhatForAndStarts()
    {
        var connection = await Ledgers.TempPostgresAsync();
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var replica = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { Pooling = false, ApplicationName = "other-replica" }.ConnectionString);
        await replica.OpenAsync();
        var migrating = await replica.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({Ledger.PostgresLedger.MigrationLockKey:D})", replica, migrating))
        {
            await take.ExecuteNonQueryAsync();
        }

        var logs = new List<string>();
        var starting = RunningServer.StartAsync(prometheus.Url, ledger: connection, logs: logs,
            configure: o => o with { LedgerStatementLimit = TimeSpan.FromSeconds(1), LedgerWaitNote = TimeSpan.FromMilliseconds(300) });
        var waiting = await LoggedAsync(logs, "not listening yet: the PostgreSQL ledger at ", TimeSpan.FromSeconds(15));
        await Task.Delay(TimeSpan.FromSeconds(2)); // past the 1 s limit
        starting.IsCompleted.ShouldBeFalse("the server waits for the other replica's migration");
        await migrating.RollbackAsync();

        await using var server = await starting;
        waiting.ShouldContain("its migrations wait for the migration lock, which another Tollgate holds while it migrates the ledger (pid ");
        waiting.ShouldContain("'other-replica' idle in transaction");
        using var health = await server.Http.GetAsync("/healthz");
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>
    /// Posts an analysis while the verdicts table is locked and stays so: answered a hold within the answer budget, then
    /// the write fails within the limit ('not recorded late', the lock still held). With the lock released, the next
    /// analysis is recorded: the writer is not stuck behind the failed one.
    /// </summary>
    private static async Task<string> LockedForGoodAsync(string connection, TimeSpan serverLimit)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        var logs = new List<string>();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: connection, logs: logs,
            configure: o => o with { AnswerBudget = TimeSpan.FromSeconds(2), LedgerStatementLimit = serverLimit });
        string late;
        await using (var held = await VerdictsLock.HoldAsync(SessionOf(connection)))
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            var started = Stopwatch.GetTimestamp();
            using var answer = await server.Http.PostAsync("/api/v1/integrations/argo-rollouts/analysis", Body(), patience.Token);
            var json = await answer.Content.ReadFromJsonAsync<JsonElement>(patience.Token);
            Stopwatch.GetElapsedTime(started).ShouldBeLessThan(TimeSpan.FromSeconds(5));
            answer.StatusCode.ShouldBe(HttpStatusCode.OK);
            json.GetProperty("verdict").GetString().ShouldBe("hold");
            json.GetProperty("recorded").GetBoolean().ShouldBeFalse();

            late = await LoggedAsync(logs, "not recorded late argo-rollouts checkout pass", TimeSpan.FromSeconds(15));
        }

        using var after = await server.Http.PostAsync("/api/v1/integrations/argo-rollouts/analysis", Body());
        var recorded = await after.Content.ReadFromJsonAsync<JsonElement>();
        recorded.GetProperty("verdict").GetString().ShouldBe("pass", recorded.ToString());
        await using var reader = new NpgsqlConnection(SessionOf(connection));
        await reader.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM verdicts", reader);
        ((long)(await count.ExecuteScalarAsync())!).ShouldBe(1, "the failed write none, the next analysis one");
        return late;
    }

    private static StringContent Body() => new(Argo, Encoding.UTF8, "application/json");

    /// <summary>The keyword form for the test's own session (Npgsql does not take a <c>postgres://</c> URL).</summary>
    private static string SessionOf(string connection) =>
        connection.StartsWith("postgres://", StringComparison.Ordinal) ? Ledger.PostgresConnectionString.Parse(connection).Builder.ConnectionString : connection;

    private static async Task<string> LoggedAsync(List<string> logs, string line, TimeSpan within)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < within)
        {
            lock (logs)
            {
                if (logs.FirstOrDefault(l => l.Contains(line, StringComparison.Ordinal)) is { } found)
                {
                    return found;
                }
            }

            await Task.Delay(100);
        }

        throw new ShouldAssertException($"no log line '{line}' within {within.TotalSeconds} s (the writer still waits on the lock); the log: {string.Join('\n', logs)}");
    }
}
