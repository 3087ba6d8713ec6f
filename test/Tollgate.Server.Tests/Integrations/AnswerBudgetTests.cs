using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Tollgate.Server.Tests.Support;
using Tollgate.Testing;

namespace Tollgate.Server.Tests.Integrations;

/// <summary>
/// A Prometheus that accepts and never answers: the controllers' routes answer within <c>--answer-budget</c> (here 1s,
/// against the spec's 2s timeout × 3 attempts), with a hold naming the budget and the source, before the controller's
/// own webhook timeout would count an Error (Argo) or a failed check (Flagger).
/// </summary>
public sealed class AnswerBudgetTests
{
    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private const string Flagger = $$$"""{"name":"checkout","namespace":"shop","checksum":"c1","metadata":{"spec":"checkout","stableHash":"{{{RunningServer.StableHash}}}","latestHash":"7c9d5f8b6"}}""";

    private static Task<RunningServer> StartAsync(SilentServer prometheus) =>
        RunningServer.StartAsync(prometheus.Url.ToString(), ledger: Ledgers.TempSqlite(), configure: o => o with { AnswerBudget = TimeSpan.FromSeconds(1) });

    private static async Task<(HttpStatusCode Status, JsonElement Body, TimeSpan Took)> PostAsync(RunningServer server, string route, string body)
    {
        var started = Stopwatch.GetTimestamp();
        using var answer = await server.Http.PostAsync(route, Body(body));
        var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.Clone();
        return (answer.StatusCode, json, Stopwatch.GetElapsedTime(started));
    }

    [Fact]
    public async Task Analysis_PrometheusHangs_Answers200HoldWithinTheBudgetNamingIt()
    {
        using var prometheus = new SilentServer();
        await using var server = await StartAsync(prometheus);

        var (status, json, took) = await PostAsync(server, "/api/v1/integrations/argo-rollouts/analysis",
            $$"""{"spec":"checkout","stableHash":"{{RunningServer.StableHash}}","latestHash":"7c9d5f8b6"}""");

        status.ShouldBe(HttpStatusCode.OK);
        took.ShouldBeLessThan(TimeSpan.FromSeconds(4));
        json.GetProperty("verdict").GetString().ShouldBe("hold");
        json.GetProperty("reason").GetString().ShouldBe($"metric source unavailable: Prometheus at {prometheus.Url} did not answer before the answer budget of 1s ran out (after 1 attempt)");
    }

    [Fact]
    public async Task FlaggerRollout_PrometheusHangs_Answers200HoldWithinTheBudget()
    {
        using var prometheus = new SilentServer();
        await using var server = await StartAsync(prometheus);

        var (status, json, took) = await PostAsync(server, "/api/v1/integrations/flagger/rollout", Flagger);

        status.ShouldBe(HttpStatusCode.OK, json.ToString());
        took.ShouldBeLessThan(TimeSpan.FromSeconds(4));
        json.GetProperty("verdict").GetString().ShouldBe("hold");
        json.GetProperty("reason").GetString()!.ShouldContain("answer budget of 1s ran out");
    }

    [Fact]
    public async Task FlaggerPreRollout_PrometheusHangs_412WithinTheBudget()
    {
        using var prometheus = new SilentServer();
        await using var server = await StartAsync(prometheus);
        var started = Stopwatch.GetTimestamp();

        using var answer = await server.Http.PostAsync("/api/v1/integrations/flagger/pre-rollout", Body(Flagger));
        var took = Stopwatch.GetElapsedTime(started);

        answer.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        took.ShouldBeLessThan(TimeSpan.FromSeconds(1.9));
        (await answer.Content.ReadAsStringAsync()).ShouldContain($"Prometheus at {prometheus.Url} did not answer before the answer budget of 1s ran out");
    }

    [Fact]
    public async Task Analysis_EachQuerySlow_QueriesAskedTogetherWithinTheBudget()
    {
        // Before: the 4 range queries were asked one after another (probe 0.8s + 4 x 0.8s past the 3s budget): every look held.
        await using var prometheus = await FakePrometheus.StartAsync();
        prometheus.Delay = TimeSpan.FromSeconds(0.8);
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite(), configure: o => o with { AnswerBudget = TimeSpan.FromSeconds(3) });

        var (status, json, _) = await PostAsync(server, "/api/v1/integrations/argo-rollouts/analysis",
            $$"""{"spec":"checkout","stableHash":"{{RunningServer.StableHash}}","latestHash":"7c9d5f8b6"}""");

        status.ShouldBe(HttpStatusCode.OK);
        json.GetProperty("verdict").GetString().ShouldBe("pass", json.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Analysis_BudgetRunsOutOnSlowQueries_ReasonSaysWhichWereStillWaiting()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        prometheus.Delay = TimeSpan.FromSeconds(1.2);
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite(), configure: o => o with { AnswerBudget = TimeSpan.FromSeconds(2) });

        var (_, json, took) = await PostAsync(server, "/api/v1/integrations/argo-rollouts/analysis",
            $$"""{"spec":"checkout","stableHash":"{{RunningServer.StableHash}}","latestHash":"7c9d5f8b6"}""");

        json.GetProperty("verdict").GetString().ShouldBe("hold");
        var reason = json.GetProperty("reason").GetString()!;
        reason.ShouldStartWith("metric source unavailable: 4 of 4 queries were still waiting (error-rate baseline ");
        reason.ShouldContain("error-rate canary total");
        reason.ShouldEndWith($"): Prometheus at {prometheus.Url}/ did not answer before the answer budget of 2s ran out (after 1 attempt)");
        took.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }
}
