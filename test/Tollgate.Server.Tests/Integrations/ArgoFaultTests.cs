using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Integrations;

public sealed class ArgoFaultTests
{
    private const string Route = "/api/v1/integrations/argo-rollouts/analysis";

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private static readonly string Checkout = $$"""{"spec":"checkout","stableHash":"{{RunningServer.StableHash}}","latestHash":"7c9d5f8b6"}""";

    [Fact]
    public async Task Analysis_PrometheusDown_Answers200HoldWithTheReason()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        prometheus.Down = true;
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        using var answer = await server.Http.PostAsync(Route, Body(Checkout));
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>();

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        json.GetProperty("verdict").GetString().ShouldBe("hold");
        json.GetProperty("reason").GetString()!.ShouldContain("fake outage");
    }

    [Theory]
    [InlineData("""{"spec":"payments"}""", "unknown spec 'payments'")]
    [InlineData("""{"stableHash":"a"}""", "spec: missing")]
    [InlineData("""{"spec":"checkout","latestHash":"a\"}"}""", "latestHash")]
    [InlineData("""{"spec":"checkout","stableHash":"a","latestHash":"b","at":"yesterday"}""", "at:")]
    [InlineData("""{"spec":"checkout","stableHash":"a","latestHash":"b","at":"2999-01-01T00:00:00Z"}""", "at: 2999-01-01T00:00:00Z is in the future (now is ")]
    [InlineData("""{"spec":"checkout","stableHash":"a","latestHash":"b","at":0}""", "bad request: at: 0 ends a 5m window that would start before 1970-01-01T00:00:00Z: give the end of a window with data, or leave at out for now")]
    [InlineData("""{"spec":"checkout","stableHash":"a","latestHash":"b","at":99999999999999999999}""", "bad request: at: 99999999999999999999 is out of range: Unix seconds from 0 to 253402300799 (year 9999)")]
    [InlineData("""{"spec":"checkout","stableHash":"a","latestHash":"b","at":"299"}""", "bad request: at: 299 ends a 5m window that would start before 1970-01-01T00:00:00Z")]
    [InlineData("""{"spec":"checkout","stableHash":"a","latestHash":"b","at":"2026-12-08T02:42:03"}""", "bad request: at: 2026-12-08T02:42:03 names no time-zone offset: RFC 3339 needs one")]
    [InlineData("""{"spec":"checkout","stableHash":"a","latestHash":"b","at":"2026-12-08"}""", "bad request: at: 2026-12-08 names no time-zone offset")]
    [InlineData("""{"spec":"checkout","stableHash":"a","latestHash":"b","at":" "}""", "bad request: at: must not be empty: give the end of the window judged, or leave it out for now")]
    [InlineData("""{"spec":"checkout","stableHash":"","latestHash":"b"}""", "bad request: stableHash: '' is not a pod-template hash")]
    [InlineData("""[1,2]""", "body: expected a JSON object")]
    [InlineData("""{"spec":""", "body: not JSON")]
    [InlineData("""{"spec":"checkout","spec":"payments","stableHash":"a","latestHash":"b"}""", "bad request: body: not JSON: the key 'spec' appears twice in one object: give each field once")]
    [InlineData("""{"spec":"checkout","stableHash":"a","latestHash":"b","At":"2026-11-01T10:30:00Z"}""", "bad request: At: unknown field; did you mean 'at'?")]
    [InlineData("""{"spec":"checkout","stableHash":"a","lastestHash":"b"}""", "bad request: lastestHash: unknown field; did you mean 'latestHash'?")]
    [InlineData("""{"spec":"checkout","window":"10m"}""", "bad request: window: unknown field (expected one of: spec, stableHash, latestHash, at)")]
    public async Task Analysis_NothingToJudge_Answers200HoldNamingWhy(string body, string reason)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        using var answer = await server.Http.PostAsync(Route, Body(body));
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>();

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        json.GetProperty("verdict").GetString().ShouldBe("hold");
        json.GetProperty("reason").GetString()!.ShouldContain(reason);
        prometheus.Queries.ShouldBeEmpty();
    }

    [Fact]
    public async Task WithoutSpecs_CanaryRoutesHoldOrRefuseNamingWhy_OtherRoutesServe()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite(), configure: options => options with { SpecsDirectory = null });

        using var argo = await server.Http.PostAsync(Route, Body(Checkout));
        var json = await argo.Content.ReadFromJsonAsync<JsonElement>();
        using var flagger = await server.Http.PostAsync("/api/v1/integrations/flagger/confirm-promotion", Body("""{"name":"checkout","namespace":"shop","phase":"Progressing","checksum":"c1","metadata":{"spec":"checkout"}}"""));
        using var ready = await server.Http.GetAsync("/readyz");
        using var metrics = await server.Http.GetAsync("/metrics");

        argo.StatusCode.ShouldBe(HttpStatusCode.OK);
        json.GetProperty("verdict").GetString().ShouldBe("hold");
        json.GetProperty("reason").GetString().ShouldBe("unknown spec 'checkout': this server judges no canary (it was started without --specs)");
        flagger.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await flagger.Content.ReadAsStringAsync()).ShouldContain("started without --specs");
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        metrics.StatusCode.ShouldBe(HttpStatusCode.OK);
        prometheus.Queries.ShouldBeEmpty();
    }

    [Fact]
    public async Task LedgerDown_ReadyzFailsAndArgoHoldsNeverPromotes()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        var connection = await Ledgers.TempPostgresAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: connection);
        using var readyBefore = await server.Http.GetAsync("/readyz");
        using var passBefore = await server.Http.PostAsync(Route, Body(Checkout));

        await DropAsync(connection);
        using var readyAfter = await server.Http.GetAsync("/readyz");
        using var answer = await server.Http.PostAsync(Route, Body(Checkout));
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>();

        readyBefore.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await passBefore.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("verdict").GetString().ShouldBe("pass");
        readyAfter.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        json.GetProperty("verdict").GetString().ShouldBe("hold");
        json.GetProperty("recorded").GetBoolean().ShouldBeFalse();
        json.GetProperty("reason").GetString()!.ShouldContain("nothing recorded");
    }

    [Fact]
    public async Task LedgerDown_PlansAndFlaggerEventsAre503_WhateverTheMessageSays()
    {
        // A ledger fault is told apart by its kind, not by the word "ledger" in its message: before, any bad input that
        // mentioned a ledger (a resource or Deployment named ledger) was a 503, and the boundary only guessed right here.
        await using var prometheus = await FakePrometheus.StartAsync();
        var connection = await Ledgers.TempPostgresAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: connection);
        var plan = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "plans", "mixed.json"));

        await DropAsync(connection);
        using var plans = await server.Http.PostAsync("/api/v1/plans", Body(plan));
        using var flagger = await server.Http.PostAsync("/api/v1/integrations/flagger/event",
            Body("""{"name":"checkout","namespace":"shop","phase":"Progressing","checksum":"c1","metadata":{"eventType":"Normal","eventMessage":"Advance checkout.shop canary weight 10"}}"""));

        foreach (var answer in new[] { plans, flagger })
        {
            var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
            answer.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, problem.ToString());
            problem.GetProperty("title").GetString().ShouldBe("Ledger unavailable");
            problem.GetProperty("detail").GetString()!.ShouldContain("PostgreSQL ledger");
        }
    }

    /// <summary>Drops the ledger's database under a running server: every later ledger call fails.</summary>
    internal static async Task DropAsync(string connection)
    {
        var database = new NpgsqlConnectionStringBuilder(connection).Database;
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { Database = "postgres" }.ConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE {database} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
