using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
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

    /// <param name="clock">A clock that stands still until the test moves it (<see cref="AskedThenBudgetOverAsync"/>): the budget is
    /// then spent only once the ask is in flight, never before the probe is sent however long the server took to get there, so
    /// the reason's words do not race the wall clock.</param>
    private static Task<RunningServer> StartAsync(SilentServer prometheus, TimeProvider? clock = null) =>
        RunningServer.StartAsync(prometheus.Url.ToString(), ledger: Ledgers.TempSqlite(), clock: clock, configure: o => o with { AnswerBudget = TimeSpan.FromSeconds(1) });

    private static FakeTimeProvider StandingClock() => new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));

    private static async Task<(HttpStatusCode Status, JsonElement Body, TimeSpan Took)> PostAsync(RunningServer server, string route, string body)
    {
        var started = Stopwatch.GetTimestamp();
        using var answer = await server.Http.PostAsync(route, Body(body));
        var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.Clone();
        return (answer.StatusCode, json, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// The route asked, and once Prometheus has the ask (a connection it never answers), the standing clock moved past the
    /// 1s budget: the attempt's timeout runs on the server's clock, as the budget does.
    /// </summary>
    private static async Task<(HttpStatusCode Status, JsonElement Body, TimeSpan Took)> AskedThenBudgetOverAsync(
        RunningServer server, SilentServer prometheus, FakeTimeProvider clock, string route, string body)
    {
        var asked = PostAsync(server, route, body);
        await prometheus.Connected.WaitAsync(TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromSeconds(1));
        return await asked;
    }

    [Fact]
    public async Task Analysis_PrometheusHangs_Answers200HoldWithinTheBudgetNamingIt()
    {
        using var prometheus = new SilentServer();
        var clock = StandingClock();
        await using var server = await StartAsync(prometheus, clock);

        var (status, json, took) = await AskedThenBudgetOverAsync(server, prometheus, clock, "/api/v1/integrations/argo-rollouts/analysis",
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
        var clock = StandingClock();
        await using var server = await StartAsync(prometheus, clock);

        var (status, json, took) = await AskedThenBudgetOverAsync(server, prometheus, clock, "/api/v1/integrations/flagger/rollout", Flagger);

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

        // On the real clock: the budget counts from the request's arrival, so the answer comes 1s after it, not 1s after
        // the ask. A server slower than the budget to reach the ask answers "was not asked: … had run out", as promptly.
        answer.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        took.ShouldBeLessThan(TimeSpan.FromSeconds(1.9));
        (await answer.Content.ReadAsStringAsync()).ShouldMatch($@"Prometheus at {System.Text.RegularExpressions.Regex.Escape(prometheus.Url.ToString())} (did not answer before the answer budget of 1s ran out|was not asked: the answer budget of 1s had run out)");
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
        // The budget runs on the server's clock, moved by the test only once all 4 range queries are in flight at
        // Prometheus (before: a 1.2s-slow Prometheus against a 2s wall-clock budget; under load the probe alone spent it
        // and no range query was ever sent, so none was named). Each attempt is cut by the spec's 2s query timeout
        // (on the same clock), and no second one starts: the budget ran out meanwhile.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
        await using var prometheus = await FakePrometheus.StartAsync();
        prometheus.HoldRanges = true;
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite(), clock: clock, configure: o => o with { AnswerBudget = TimeSpan.FromSeconds(30) });

        var answering = PostAsync(server, "/api/v1/integrations/argo-rollouts/analysis",
            $$"""{"spec":"checkout","stableHash":"{{RunningServer.StableHash}}","latestHash":"7c9d5f8b6"}""");
        await prometheus.RangesInFlight(4).WaitAsync(TimeSpan.FromSeconds(60));
        clock.Advance(TimeSpan.FromSeconds(30));
        var (status, json, _) = await answering;

        status.ShouldBe(HttpStatusCode.OK);
        json.GetProperty("verdict").GetString().ShouldBe("hold");
        json.GetProperty("reason").GetString().ShouldBe("metric source unavailable: 4 of 4 queries were still waiting (error-rate baseline errors, error-rate baseline total, error-rate canary errors, error-rate canary total): "
            + $"Prometheus at {prometheus.Url}/ did not answer within 2s (after 1 attempt; the answer budget of 30s ran out before another)");
    }
}
