using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Apis;

/// <summary>
/// <c>POST /api/v1/events</c> on PostgreSQL groups the bodies of concurrent requests into one transaction: each
/// answered 200 is recorded once, and a body the ledger refuses (an incident resolved before it was detected) is
/// refused alone, the bodies it shared a transaction with recorded; a body sees the names of the bodies before it in
/// its transaction (the near-duplicate warning is that of one body at a time, as on SQLite); a stop cuts a hung write.
/// </summary>
public sealed class EventsGroupCommitTests
{
    private const int Senders = 40;

    /// <summary>A deploy of checkout to prod at 10:<paramref name="i"/>, its event id <c>PREFIX-i</c>.</summary>
    internal static string Deployed(int i, string prefix = "g") =>
        "{\"context\":{\"version\":\"0.4.1\",\"id\":\"" + prefix + "-" + i + "\",\"source\":\"/ci\",\"type\":\"dev.cdevents.service.deployed.0.2.0\",\"timestamp\":\"2026-11-01T10:"
        + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture) + ":00Z\"},\"subject\":{\"id\":\"checkout\",\"source\":\"/ci\",\"content\":{\"environment\":{\"id\":\"prod\"},\"artifactId\":\"pkg:oci/checkout@sha256:a" + i + "\"}}}";

    private const string ResolvedBeforeDetected =
        """
        {"context":{"version":"0.4.1","id":"I1-detected","source":"/pager","type":"dev.cdevents.incident.detected.0.2.0","timestamp":"2026-11-01T14:30:00Z"},"subject":{"id":"incident/checkout/I1","source":"/pager","content":{"environment":{"id":"prod"},"service":{"id":"service/checkout"}}}}
        {"context":{"version":"0.4.1","id":"I1-resolved","source":"/pager","type":"dev.cdevents.incident.resolved.0.2.0","timestamp":"2026-11-01T13:00:00Z"},"subject":{"id":"incident/checkout/I1","source":"/pager","content":{"environment":{"id":"prod"},"service":{"id":"service/checkout"}}}}
        """;

    [Fact]
    public async Task Events_ManySendersAndOneBadBodyAtOnce_EachGoodBodyRecordedOnceTheBadOneRefusedAlone()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: await Ledgers.TempPostgresAsync());

        var bodies = Enumerable.Range(0, Senders).Select(i => Deployed(i)).Append(ResolvedBeforeDetected).ToList();
        var answers = await Task.WhenAll(bodies.Select(async body =>
        {
            using var answer = await server.Http.PostAsync("/api/v1/events", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));
            return (answer.StatusCode, Json: await answer.Content.ReadFromJsonAsync<JsonElement>());
        }));
        var deploys = await server.Server.State.Ledger.DeliveryAsync(store => store.DeploysAsync(null, null), CancellationToken.None);
        var incidents = await server.Server.State.Ledger.DeliveryAsync(store => store.IncidentsAsync(null), CancellationToken.None);

        answers[..Senders].ShouldAllBe(a => a.StatusCode == HttpStatusCode.OK && a.Json.GetProperty("recorded").GetInt32() == 1 && a.Json.GetProperty("duplicates").GetInt32() == 0);
        answers[Senders].StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        answers[Senders].Json.GetProperty("detail").GetString()!.ShouldContain("is resolved at 2026-11-01T13:00:00Z, before it was detected at 2026-11-01T14:30:00Z");
        deploys.Select(d => d.Id).Order().ShouldBe(Enumerable.Range(0, Senders).Select(i => "g-" + i).Order());
        incidents.ShouldBeEmpty();
    }

    /// <summary>Event bodies queued for the events' group commit, as <c>/metrics</c> tells.</summary>
    private static async Task<bool> WaitingAsync(RunningServer server, int bodies) =>
        await ScrapedMetrics.ValueAsync(server, "tollgate_ledger_writes_waiting{writes=\"events\"}") == bodies;

    [Fact]
    public async Task Events_ManyBodiesWaitingTogether_WrittenInOneTransaction()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        var connection = await Ledgers.TempPostgresAsync();
        // serve's statement limit raised past the wait below: on a loaded CI machine 40 requests can take over 20 s to queue
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: connection, configure: o => o with { LedgerStatementLimit = TimeSpan.FromMinutes(3) });
        var (admin, held) = await LockDeploysAsync(connection);
        await using var _ = admin;

        // the first body's write waits on the lock; the others, sent meanwhile, wait together for the next transaction
        var first = PostAsync(server, Deployed(0));
        await UntilAsync(() => SomeoneWaitsOnALockAsync(admin));
        var others = Enumerable.Range(1, Senders - 1).Select(i => PostAsync(server, Deployed(i))).ToList();
        await UntilAsync(() => WaitingAsync(server, Senders - 1));
        await held.CommitAsync();
        var answers = await Task.WhenAll(others.Prepend(first));
        await using var transactions = new NpgsqlCommand("SELECT count(DISTINCT xmin::text) FROM delivery_events", admin);

        answers.ShouldAllBe(a => a.Status == HttpStatusCode.OK && a.Json.GetProperty("recorded").GetInt32() == 1);
        ((long)(await transactions.ExecuteScalarAsync())!).ShouldBe(2, "the first body's transaction, then one for the bodies that waited together");
        (await ScrapedMetrics.ValueAsync(server, "tollgate_ledger_commits_total{writes=\"events\"}")).ShouldBe(2);
        (await ScrapedMetrics.ValueAsync(server, "tollgate_ledger_committed_total{writes=\"events\"}")).ShouldBe(Senders);
    }

    private static string DeployedTo(string id, string service) =>
        $$$$"""{"context":{"version":"0.4.1","id":"{{{{id}}}}","source":"/ci","type":"dev.cdevents.service.deployed.0.2.0","timestamp":"2026-11-01T10:00:00Z"},"subject":{"id":"{{{{service}}}}","source":"/ci","content":{"environment":{"id":"prod"},"artifactId":"pkg:oci/{{{{service}}}}@sha256:abc"}}}""";

    private static async Task<(HttpStatusCode Status, JsonElement Json)> PostAsync(RunningServer server, string body)
    {
        using var answer = await server.Http.PostAsync("/api/v1/events", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));
        return (answer.StatusCode, await answer.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>
    /// Until <paramref name="done"/> holds, at most 90 s: 40 requests reach a loaded CI machine's server slowly (runs took
    /// over 10 s and over 20 s); the first body's write, waiting on the lock meanwhile, runs under a 3-minute statement limit.
    /// </summary>
    private static async Task UntilAsync(Func<Task<bool>> done)
    {
        var waited = Stopwatch.StartNew();
        while (!await done())
        {
            waited.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(90));
            await Task.Delay(10);
        }
    }

    /// <summary>The deploys table locked by another session (the events' writer waits on it) until the transaction ends.</summary>
    private static async Task<(NpgsqlConnection Admin, NpgsqlTransaction Lock)> LockDeploysAsync(string connection)
    {
        var admin = new NpgsqlConnection(connection);
        await admin.OpenAsync();
        var transaction = await admin.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("LOCK TABLE deploys IN ACCESS EXCLUSIVE MODE", admin, transaction);
        await command.ExecuteNonQueryAsync();
        return (admin, transaction);
    }

    /// <summary>
    /// A session of this test's database waits for the deploys table: pg_locks is the whole cluster's, and the other
    /// lock tests running beside this one (a verdicts table held for the warm-up's probe) have waiters of their own, so
    /// counting every lock not granted went on before the first body's write waited, and its body and the next then
    /// formed one batch and the wait for one body queued never ended (90 s in CI).
    /// </summary>
    private static async Task<bool> SomeoneWaitsOnALockAsync(NpgsqlConnection admin)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_locks WHERE NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND relation = 'deploys'::regclass", admin);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task Events_TwoBodiesNamingNearDuplicatesInOneBatch_WarnedAsOneAtATime(string engine)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        var connection = engine == "sqlite" ? Ledgers.TempSqlite() : await Ledgers.TempPostgresAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: connection);
        (HttpStatusCode Status, JsonElement Json)[] answers;
        if (engine == "sqlite")
        {
            answers = [await PostAsync(server, DeployedTo("n-1", "payments")), await PostAsync(server, DeployedTo("n-2", "chekout")), await PostAsync(server, DeployedTo("n-3", "checkout"))];
        }
        else
        {
            // the first body's write waits on the lock; the two sent meanwhile wait together, in order, and form the next batch
            var (admin, held) = await LockDeploysAsync(connection);
            await using var _ = admin;
            var first = PostAsync(server, DeployedTo("n-1", "payments"));
            await UntilAsync(() => SomeoneWaitsOnALockAsync(admin));
            var typo = PostAsync(server, DeployedTo("n-2", "chekout"));
            await UntilAsync(() => WaitingAsync(server, 1));
            var right = PostAsync(server, DeployedTo("n-3", "checkout"));
            await UntilAsync(() => WaitingAsync(server, 2));
            await held.CommitAsync();
            answers = await Task.WhenAll(first, typo, right);
            (await ScrapedMetrics.ValueAsync(server, "tollgate_ledger_commits_total{writes=\"events\"}")).ShouldBe(2, "the two near duplicates shared one transaction");
        }

        answers.ShouldAllBe(a => a.Status == HttpStatusCode.OK && a.Json.GetProperty("recorded").GetInt32() == 1);
        answers[1].Json.GetProperty("warning").ValueKind.ShouldBe(JsonValueKind.Null);
        answers[2].Json.GetProperty("warning").GetString()!.ShouldContain("service checkout (chekout)");
    }

    [Fact]
    public async Task Events_WriteHungWhenTheServerStops_503NothingRecordedAndTheStopDoesNotWaitOnIt()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        var connection = await Ledgers.TempPostgresAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: connection);
        var (admin, held) = await LockDeploysAsync(connection);
        await using var _ = admin;

        var written = PostAsync(server, DeployedTo("h-1", "checkout"));
        await UntilAsync(() => SomeoneWaitsOnALockAsync(admin));
        var waiting = PostAsync(server, DeployedTo("h-2", "checkout"));
        await UntilAsync(() => WaitingAsync(server, 1));
        var stop = Stopwatch.StartNew();
        await server.Server.StopAsync();
        stop.Stop();
        var answers = await Task.WhenAll(written, waiting);
        await held.CommitAsync();
        await Task.Delay(300); // a write that went on after the stop would record now
        await using var count = new NpgsqlCommand("SELECT count(*) FROM delivery_events", admin);
        var recorded = (long)(await count.ExecuteScalarAsync())!;

        stop.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20), "the stop (grace 25 s) cuts the hung write at half its grace, not at its end");
        foreach (var (status, json) in answers)
        {
            status.ShouldBe(HttpStatusCode.ServiceUnavailable);
            json.GetProperty("detail").GetString()!.ShouldBe("cannot record events: the server is shutting down; nothing was recorded: send them again");
        }

        recorded.ShouldBe(0);
    }
}
