using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tollgate.Server.Integrations;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Integrations;

/// <summary>
/// Argo's web metric provider sends GET (its default), POST or PUT, and counts any non-2xx as an Error: a PUT with
/// <c>jsonBody</c> is judged as a POST is, and a GET (no body) is a 200 hold naming the method to set.
/// </summary>
public sealed class ArgoMethodsTests
{
    private const string Route = "/api/v1/integrations/argo-rollouts/analysis";

    [Fact]
    public async Task Analysis_Put_JudgedAsPost()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        using var answer = await server.Http.PutAsync(Route, new StringContent(
            $$"""{"spec":"checkout","stableHash":"{{RunningServer.StableHash}}","latestHash":"7c9d5f8b6"}""", Encoding.UTF8, "application/json"));
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>();

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        json.GetProperty("verdict").GetString().ShouldBe("pass", json.ToString());
        json.TryGetProperty("recorded", out _).ShouldBeFalse(json.ToString()); // present only as false, on what was not recorded
    }

    [Fact]
    public async Task Analysis_GetWithoutBody_200HoldNamingTheMethodToSet()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        using var answer = await server.Http.GetAsync(Route);
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>();

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        json.GetProperty("verdict").GetString().ShouldBe("hold");
        json.GetProperty("reason").GetString().ShouldBe(ArgoRolloutsApi.WithoutBody);
        prometheus.Queries.ShouldBeEmpty();
    }
}
