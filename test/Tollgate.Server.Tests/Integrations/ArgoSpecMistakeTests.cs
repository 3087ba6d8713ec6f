using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Integrations;

/// <summary>
/// A mistake the answers show (here the same stable and latest hash: both groups one set of pods) is exit 3 for
/// <c>tollgate canary</c>; the Argo route answers 200 <c>hold</c> with it as the reason, not judged and not recorded,
/// as for a Prometheus that refuses the credentials: Argo reads Inconclusive and pauses.
/// </summary>
public sealed class ArgoSpecMistakeTests
{
    [Fact]
    public async Task Analysis_SameStableAndLatestHash_HoldsNamingThemAndRecordsNothing()
    {
        // Before: the stable pods were judged against themselves, and passed.
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        var hash = RunningServer.StableHash;

        using var answer = await server.Http.PostAsync("/api/v1/integrations/argo-rollouts/analysis",
            new StringContent($$"""{"spec":"checkout","stableHash":"{{hash}}","latestHash":"{{hash}}"}""", System.Text.Encoding.UTF8, "application/json"));
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>();

        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        json.GetProperty("verdict").GetString().ShouldBe("hold", json.ToString());
        json.GetProperty("reason").GetString()!.ShouldContain($"the stable and the latest pod-template hash are both '{hash}'");
        json.GetProperty("recorded").GetBoolean().ShouldBeFalse();
        prometheus.Queries.ShouldBeEmpty();
    }
}
