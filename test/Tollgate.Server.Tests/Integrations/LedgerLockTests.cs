using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Npgsql;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Integrations;

/// <summary>
/// A PostgreSQL ledger whose verdicts table another session holds locked: the write hangs, and the controllers' routes
/// still answer within <c>--answer-budget</c> (a <c>fail</c> as a fail, <c>"recorded": false</c>; any other verdict a
/// hold), before Argo's or Flagger's own timeout would count an error. The write the answer left goes on and lands once
/// the lock is released: once, and logged with its id.
/// </summary>
public sealed class LedgerLockTests
{
    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private static readonly string Argo = $$"""{"spec":"checkout","stableHash":"{{RunningServer.StableHash}}","latestHash":"7c9d5f8b6"}""";

    private static readonly string Flagger = $$$"""{"name":"checkout","namespace":"shop","phase":"Progressing","checksum":"c1","metadata":{"spec":"checkout","stableHash":"{{{RunningServer.StableHash}}}","latestHash":"7c9d5f8b6"}}""";

    [Fact]
    public async Task VerdictsLocked_CanaryClearlyWorse_RollbackAnsweredWithinTheBudgetThenRecordedOnce()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        prometheus.CanaryErrorsPerThousand = 100;
        var connection = await Ledgers.TempPostgresAsync();
        var logs = new List<string>();
        await using var server = await StartAsync(prometheus.Url, connection, logs);
        using var first = await server.Http.PostAsync("/api/v1/integrations/flagger/rollback", Body(Flagger));
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = await CountAsync(connection);

        var (status, json, took, metrics) = await WhileLockedAsync(connection, server, "/api/v1/integrations/flagger/rollback", Flagger);

        status.ShouldBe(HttpStatusCode.OK, json.ToString());
        took.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        json.GetProperty("verdict").GetString().ShouldBe("fail");
        json.GetProperty("recorded").GetBoolean().ShouldBeFalse();
        json.GetProperty("reason").GetString()!.ShouldContain("; not recorded: the ledger did not record the verdict before the answer budget of 2s ran out");
        metrics.ShouldContain("tollgate_verdicts_unrecorded_total{kind=\"canary\",outcome=\"fail\"} 1");
        var late = await LoggedAsync(logs, "recorded late flagger/rollback checkout fail");
        late.ShouldContain("do not record it by hand");
        (await CountAsync(connection)).ShouldBe(before + 1);
        lock (logs)
        {
            // Not the error line with the report to record by hand: the write was still under way, and it landed.
            logs.Count(l => l.Contains("not recorded in time flagger/rollback checkout fail", StringComparison.Ordinal)).ShouldBe(1);
            logs.Count(l => l.Contains("not recorded flagger/rollback", StringComparison.Ordinal)).ShouldBe(0);
        }
    }

    [Fact]
    public async Task VerdictsLocked_CanaryWithinBounds_HoldWithinTheBudgetNeverAPromote()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        var connection = await Ledgers.TempPostgresAsync();
        var logs = new List<string>();
        await using var server = await StartAsync(prometheus.Url, connection, logs);
        var before = await CountAsync(connection);

        var (status, json, took, metrics) = await WhileLockedAsync(connection, server, "/api/v1/integrations/argo-rollouts/analysis", Argo);

        status.ShouldBe(HttpStatusCode.OK);
        took.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        json.GetProperty("verdict").GetString().ShouldBe("hold");
        json.GetProperty("recorded").GetBoolean().ShouldBeFalse();
        json.GetProperty("reason").GetString()!.ShouldStartWith("not judged, not recorded in time: the ledger did not record the verdict before the answer budget of 2s ran out");
        metrics.ShouldContain("tollgate_verdicts_total{kind=\"canary\",outcome=\"not-judged\"} 1");
        metrics.ShouldNotContain("tollgate_verdicts_unrecorded_total{");
        await LoggedAsync(logs, "recorded late argo-rollouts checkout pass");
        (await CountAsync(connection)).ShouldBe(before + 1);
    }

    private static Task<RunningServer> StartAsync(string prometheus, string connection, List<string> logs) =>
        RunningServer.StartAsync(prometheus, ledger: connection, logs: logs, configure: o => o with { AnswerBudget = TimeSpan.FromSeconds(2) });

    /// <summary>
    /// Posts while another session holds the verdicts table in ACCESS EXCLUSIVE mode, then releases it. The client gives
    /// up after 15 s (the lock is released all the same), so a server that waits on the lock fails the test, not hangs it.
    /// </summary>
    private static async Task<(HttpStatusCode Status, JsonElement Body, TimeSpan Took, string Metrics)> WhileLockedAsync(string connection, RunningServer server, string route, string body)
    {
        var (status, json, took) = await LockedAsync(connection, server, route, body);

        // /metrics reads the models' gauges from the ledger, which the lock holds too: asked once it is released.
        return (status, json, took, await server.Http.GetStringAsync("/metrics"));
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body, TimeSpan Took)> LockedAsync(string connection, RunningServer server, string route, string body)
    {
        await using var held = await VerdictsLock.HoldAsync(connection);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var started = Stopwatch.GetTimestamp();
        using var answer = await server.Http.PostAsync(route, Body(body), patience.Token);
        var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(patience.Token)).RootElement.Clone();
        return (answer.StatusCode, json, Stopwatch.GetElapsedTime(started));
    }

    private static async Task<string> LoggedAsync(List<string> logs, string line)
    {
        for (var waited = 0; waited < 100; waited++)
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

        throw new ShouldAssertException($"no log line '{line}' within 10 s; the log: {string.Join('\n', logs)}");
    }

    private static async Task<long> CountAsync(string connection)
    {
        await using var reader = new NpgsqlConnection(connection);
        await reader.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM verdicts", reader);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
