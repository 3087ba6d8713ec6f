using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Integrations;

public sealed class ArgoRolloutsTests
{
    private const string Route = "/api/v1/integrations/argo-rollouts/analysis";

    private static StringContent Body(string spec, string latest = "7c9d5f8b6", string? at = null) =>
        new($$"""{"spec":"{{spec}}","stableHash":"{{RunningServer.StableHash}}","latestHash":"{{latest}}"{{(at is null ? "" : $",\"at\":\"{at}\"")}}}""", System.Text.Encoding.UTF8, "application/json");

    [Fact]
    public async Task Analysis_HealthyCanary_PassesWithTheHashesInTheQueries()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        using var answer = await server.Http.PostAsync(Route, Body("checkout"));
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>();

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        json.GetProperty("verdict").GetString().ShouldBe("pass", json.ToString());
        prometheus.Queries.ShouldContain(q => q.Contains("rollouts_pod_template_hash=\"7c9d5f8b6\"", StringComparison.Ordinal));
        prometheus.Queries.ShouldContain(q => q.Contains("rollouts_pod_template_hash=\"6b8f4d7c1\"", StringComparison.Ordinal));
    }
}
