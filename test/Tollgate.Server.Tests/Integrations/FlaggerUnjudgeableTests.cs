using System.Net;
using System.Text;
using System.Text.Json;
using Tollgate.Server.Tests.Support;
using Tollgate.Testing;

namespace Tollgate.Server.Tests.Integrations;

/// <summary>
/// A canary that can never be judged is refused before traffic moves: a hash the spec's selectors use that the
/// webhook's metadata lacks is 400 naming it on every hook that judges or pre-checks, and a query Prometheus rejects
/// is "not ready" on <c>pre-rollout</c> and <c>confirm-rollout</c>, where both said ready and <c>rollout</c> then held for ever.
/// </summary>
public sealed class FlaggerUnjudgeableTests
{
    private static StringContent Payload(string spec, string hashes) =>
        new($$$"""{"name":"checkout","namespace":"shop","checksum":"q","metadata":{"spec":"{{{spec}}}"{{{hashes}}}}}""", Encoding.UTF8, "application/json");

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(RunningServer server, string hook, StringContent payload)
    {
        using var answer = await server.Http.PostAsync("/api/v1/integrations/flagger/" + hook, payload);
        return (answer.StatusCode, JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Theory]
    [InlineData("pre-rollout", "", "stableHash")]
    [InlineData("confirm-rollout", "", "stableHash")]
    [InlineData("rollout", "", "stableHash")]
    [InlineData("confirm-traffic-increase", "", "stableHash")]
    [InlineData("confirm-promotion", "", "stableHash")]
    [InlineData("rollback", "", "stableHash")]
    [InlineData("pre-rollout", ",\"stableHash\":\"6b8f4d7c1\"", "latestHash")]
    public async Task Hook_MetadataLacksAHashTheSpecSelectsBy_400NamingItInTheWebhooksWords(string hook, string hashes, string missing)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        var (status, problem) = await PostAsync(server, hook, Payload("checkout", hashes));

        status.ShouldBe(HttpStatusCode.BadRequest, problem.ToString());
        problem.GetProperty("field").GetString().ShouldBe("metadata." + missing);
        var detail = problem.GetProperty("detail").GetString()!;
        detail.ShouldContain($"the spec checkout selects by {{{{{missing}}}}}: add {missing}");
        detail.ShouldContain("to the webhook's metadata");
        detail.ShouldNotContain("--");
        prometheus.Queries.ShouldBeEmpty();
    }

    [Fact]
    public async Task PreRollout_QueryPrometheusRejects_NotReadyNamingTheSpecAndPrometheusMessage()
    {
        var directory = TestScratch.CreateSubdirectory("tollgate-flagger-badq-").FullName;
        await using var prometheus = await PrometheusProcess.StartAsync(directory, Path.Combine(directory, "data"));
        var url = prometheus.Url.ToString().TrimEnd('/');
        Directory.CreateDirectory(Path.Combine(directory, "specs"));
        var bad = RunningServer.CheckoutSpec(url);
        bad = bad.Replace("sum(increase(http_requests_total{code", "sum(increaze(http_requests_total{code", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(directory, "specs", "badq.yaml"), bad);
        await using var server = await RunningServer.StartAsync(url, ledger: Ledgers.TempSqlite(), directory: directory);
        const string Hashes = ",\"stableHash\":\"6b8f4d7c1\",\"latestHash\":\"7c9d5f8b6\"";

        var (preRollout, problem) = await PostAsync(server, "pre-rollout", Payload("badq", Hashes));
        var (confirm, waiting) = await PostAsync(server, "confirm-rollout", Payload("badq", Hashes));
        var (good, ready) = await PostAsync(server, "pre-rollout", Payload("checkout", Hashes));

        preRollout.ShouldBe(HttpStatusCode.PreconditionFailed, problem.ToString());
        var detail = problem.GetProperty("detail").GetString()!;
        detail.ShouldStartWith("the spec badq (line ");
        detail.ShouldContain("metric 'error-rate' errors: Prometheus rejected the query");
        detail.ShouldContain("increaze");
        confirm.ShouldBe(HttpStatusCode.Forbidden, waiting.ToString());
        waiting.GetProperty("detail").GetString().ShouldBe(detail);
        good.ShouldBe(HttpStatusCode.OK, ready.ToString());
    }
}
