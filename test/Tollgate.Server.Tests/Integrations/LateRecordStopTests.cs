using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Integrations;

/// <summary>
/// A verdict answered <c>"recorded": false</c> because the ledger was locked, its write still waiting, when the server is
/// stopped (a rollout restarts the pod): the stop waits for the write (bounded) and logs what became of it before it
/// returns, so the report to record by hand is in the log whenever the verdict is not in the ledger.
/// </summary>
public sealed class LateRecordStopTests
{
    private static readonly string Argo = $$"""{"spec":"checkout","stableHash":"{{RunningServer.StableHash}}","latestHash":"7c9d5f8b6"}""";

    [Fact]
    public async Task SqliteLocked_StoppedWhileTheWriteWaits_NotRecordedLateLoggedWithTheReportBeforeTheStopEnds()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        prometheus.CanaryErrorsPerThousand = 100;
        var ledger = Ledgers.TempSqlite();
        var logs = new List<string>();
        var server = await StartAsync(prometheus.Url, ledger, logs);
        var holder = new SqliteConnection($"Data Source={ledger};Pooling=False");
        await holder.OpenAsync();
        await using (var begin = new SqliteCommand("BEGIN IMMEDIATE", holder))
        {
            await begin.ExecuteNonQueryAsync();
        }

        string digest;
        try
        {
            digest = await PostFailUnrecordedAsync(server);
            await server.Server.StopAsync();

            // Before the stop returned, with the lock still held: the line with the report is there.
            var line = Single(logs, "not recorded late argo-rollouts checkout fail");
            line.ShouldContain(digest);
            line.ShouldContain("the report: {");
        }
        finally
        {
            await holder.DisposeAsync(); // rolls the holder's transaction back
            await server.DisposeAsync();
        }

        // Whatever became of the write, the log says it: in the ledger only with a 'recorded late' line.
        await using var reader = new SqliteConnection($"Data Source={ledger};Pooling=False");
        await reader.OpenAsync();
        await using var count = new SqliteCommand("SELECT COUNT(*) FROM verdicts WHERE digest = $d", reader);
        count.Parameters.AddWithValue("$d", digest);
        var rows = (long)(await count.ExecuteScalarAsync())!;
        rows.ShouldBe(Logged(logs, "serve recorded late argo-rollouts checkout fail") ? 1 : 0, string.Join('\n', logs));
    }

    [Fact]
    public async Task SqliteLocked_SecondStopWhileTheFirstWaits_ReturnsOnlyWhenTheStopHasLoggedTheWrite()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        prometheus.CanaryErrorsPerThousand = 100;
        var ledger = Ledgers.TempSqlite();
        var logs = new List<string>();
        var server = await StartAsync(prometheus.Url, ledger, logs);
        var holder = new SqliteConnection($"Data Source={ledger};Pooling=False");
        await holder.OpenAsync();
        await using (var begin = new SqliteCommand("BEGIN IMMEDIATE", holder))
        {
            await begin.ExecuteNonQueryAsync();
        }

        try
        {
            var digest = await PostFailUnrecordedAsync(server);
            var first = server.Server.StopAsync(); // waits for the locked write, up to three quarters of the 8s grace
            var second = server.Server.StopAsync(); // as a dispose overlapping the run's own stop does

            second.IsCompleted.ShouldBeFalse();
            await second;
            first.IsCompleted.ShouldBeTrue();
            Single(logs, "not recorded late argo-rollouts checkout fail").ShouldContain(digest);
        }
        finally
        {
            await holder.DisposeAsync();
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task PostgresLocked_StoppedWhileTheWriteWaits_WriteCutAndNotRecordedLateLoggedWithTheReport()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        prometheus.CanaryErrorsPerThousand = 100;
        var connection = await Ledgers.TempPostgresAsync();
        var logs = new List<string>();
        var server = await StartAsync(prometheus.Url, connection, logs);
        string digest;
        try
        {
            await using (await VerdictsLock.HoldAsync(connection))
            {
                digest = await PostFailUnrecordedAsync(server);
                await server.Server.StopAsync();
                var line = Single(logs, "not recorded late argo-rollouts checkout fail");
                line.ShouldContain(digest);
                line.ShouldContain("the report: {");
            }
        }
        finally
        {
            await server.DisposeAsync();
        }

        // The stop cut the write (rolled back): it never lands after the process is gone.
        await Task.Delay(TimeSpan.FromSeconds(1));
        await using var reader = new NpgsqlConnection(connection);
        await reader.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM verdicts WHERE digest = $1", reader) { Parameters = { new() { Value = digest } } };
        ((long)(await count.ExecuteScalarAsync())!).ShouldBe(0);
        Logged(logs, "serve recorded late argo-rollouts").ShouldBeFalse();
    }

    private static Task<RunningServer> StartAsync(string prometheus, string ledger, List<string> logs) =>
        RunningServer.StartAsync(prometheus, ledger: ledger, logs: logs, configure: o => o with { AnswerBudget = TimeSpan.FromSeconds(2), ShutdownTimeout = TimeSpan.FromSeconds(8) });

    private static async Task<string> PostFailUnrecordedAsync(RunningServer server)
    {
        using var answer = await server.Http.PostAsync("/api/v1/integrations/argo-rollouts/analysis", new StringContent(Argo, Encoding.UTF8, "application/json"));
        var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        json.GetProperty("verdict").GetString().ShouldBe("fail", json.ToString());
        json.GetProperty("recorded").GetBoolean().ShouldBeFalse();
        json.GetProperty("reason").GetString()!.ShouldContain("the write goes on");
        return json.GetProperty("digest").GetString()!;
    }

    private static string Single(List<string> logs, string start)
    {
        lock (logs)
        {
            var found = logs.Where(l => l.Contains(start, StringComparison.Ordinal)).ToList();
            found.Count.ShouldBe(1, string.Join('\n', logs));
            return found[0];
        }
    }

    private static bool Logged(List<string> logs, string start)
    {
        lock (logs)
        {
            return logs.Any(l => l.Contains(start, StringComparison.Ordinal));
        }
    }
}
