using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Apis;

/// <summary>
/// <c>POST /api/v1/events</c> on SQLite groups the bodies of concurrent requests into one transaction too (in its turn
/// on the ledger's connection), as on PostgreSQL (<see cref="EventsGroupCommitTests"/>).
/// </summary>
public sealed class EventsGroupCommitSqliteTests
{
    private const int Senders = 20;

    [Fact]
    public async Task Events_ManyBodiesWaitingTogether_WrittenInOneTransaction()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        var path = Ledgers.TempSqlite();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: path);
        // another process holds the ledger's write lock: the first body's write waits on it (busy timeout), the others queue meanwhile
        await using var other = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await other.OpenAsync();
        await using var held = other.BeginTransaction(deferred: false);

        var first = PostAsync(server, EventsGroupCommitTests.Deployed(0, "s"));
        // the first body alone in a write, held by the lock: the others can only queue behind it, to be written together
        await UntilAsync(async () => await ScrapedMetrics.ValueAsync(server, "tollgate_ledger_writes_in_progress{writes=\"events\"}") == 1);
        var others = Enumerable.Range(1, Senders - 1).Select(i => PostAsync(server, EventsGroupCommitTests.Deployed(i, "s"))).ToList();
        await UntilAsync(async () => await Waiting(server) == Senders - 1);
        await held.CommitAsync();
        var answers = await Task.WhenAll(others.Prepend(first));

        answers.ShouldAllBe(a => a.Status == HttpStatusCode.OK && a.Json.GetProperty("recorded").GetInt32() == 1);
        (await ScrapedMetrics.ValueAsync(server, "tollgate_ledger_commits_total{writes=\"events\"}")).ShouldBe(2, "the first body's transaction, then one for the bodies that waited together");
        (await ScrapedMetrics.ValueAsync(server, "tollgate_ledger_committed_total{writes=\"events\"}")).ShouldBe(Senders);
        var deploys = await server.Server.State.Ledger.DeliveryAsync(store => store.DeploysAsync(null, null), CancellationToken.None);
        deploys.Count.ShouldBe(Senders);
    }

    private static Task<double?> Waiting(RunningServer server) => ScrapedMetrics.ValueAsync(server, "tollgate_ledger_writes_waiting{writes=\"events\"}");

    private static async Task<(HttpStatusCode Status, JsonElement Json)> PostAsync(RunningServer server, string body)
    {
        using var answer = await server.Http.PostAsync("/api/v1/events", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));
        return (answer.StatusCode, await answer.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>Until <paramref name="done"/> holds, at most 8 s (the ledger's busy timeout is 10 s).</summary>
    private static async Task UntilAsync(Func<Task<bool>> done)
    {
        var waited = Stopwatch.StartNew();
        while (!await done())
        {
            waited.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(8));
            await Task.Delay(10);
        }
    }
}
