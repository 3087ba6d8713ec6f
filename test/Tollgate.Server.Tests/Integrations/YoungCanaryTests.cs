using System.Net;
using System.Text;
using System.Text.Json;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Integrations;

/// <summary>
/// A canary younger than the spec's window (3 minutes of a 5-minute one), as the controllers ask about it each interval
/// without <c>at</c>: its look is its age (3 of 5), and Flagger's weight steps go on while every slice is within bounds;
/// only the promotion waits for the whole window.
/// </summary>
public sealed class YoungCanaryTests
{
    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private const string Flagger = $$$"""{"name":"checkout","namespace":"shop","checksum":"c1","metadata":{"spec":"checkout","stableHash":"{{{RunningServer.StableHash}}}","latestHash":"7c9d5f8b6"}}""";

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(RunningServer server, string route, string body)
    {
        using var answer = await server.Http.PostAsync(route, Body(body));
        return (answer.StatusCode, JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Fact]
    public async Task ArgoAnalysis_CanaryThreeMinutesOld_IsLookThreeOfFive()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        prometheus.CanaryMinutes = 3;
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        var (_, json) = await PostAsync(server, "/api/v1/integrations/argo-rollouts/analysis",
            $$"""{"spec":"checkout","stableHash":"{{RunningServer.StableHash}}","latestHash":"7c9d5f8b6"}""");

        json.GetProperty("verdict").GetString().ShouldBe("hold", json.ToString());
        var evidence = json.GetProperty("findings").EnumerateArray().First(f => f.GetProperty("rule").GetString() == "relative").GetProperty("evidence");
        evidence.GetProperty("look").GetInt32().ShouldBe(3);
        evidence.GetProperty("looks").GetInt32().ShouldBe(5);
    }

    [Fact]
    public async Task FlaggerConfirmTrafficIncrease_YoungCanaryWithinBounds_YesWhilePromotionWaits()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        prometheus.CanaryMinutes = 3;
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        var (status, report) = await PostAsync(server, "/api/v1/integrations/flagger/confirm-traffic-increase", Flagger);
        var (promotion, _) = await PostAsync(server, "/api/v1/integrations/flagger/confirm-promotion", Flagger);

        report.GetProperty("verdict").GetString().ShouldBe("hold");
        report.GetProperty("reason").GetString()!.ShouldStartWith("window not complete");
        report.GetProperty("findings").EnumerateArray().ShouldAllBe(f => f.GetProperty("evidence").GetProperty("status").GetString() == "within");
        status.ShouldBe(HttpStatusCode.OK, report.ToString());
        promotion.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task FlaggerConfirmTrafficIncrease_YoungCanaryBeyondItsBound_StillNo()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        prometheus.CanaryMinutes = 3;
        prometheus.CanaryErrorsPerThousand = 30;
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        var (status, report) = await PostAsync(server, "/api/v1/integrations/flagger/confirm-traffic-increase", Flagger);

        report.GetProperty("findings").EnumerateArray().ShouldContain(f => f.GetProperty("evidence").GetProperty("status").GetString() != "within", report.ToString());
        status.ShouldBe(HttpStatusCode.Forbidden, report.ToString());
    }
}
