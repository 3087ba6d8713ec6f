using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Integrations;

/// <summary>
/// A ledger that cannot record suspends promotion, never a rollback: a canary judged clearly worse is still rolled back
/// (Flagger's <c>rollback</c> 200, <c>rollout</c> 412, Argo's <c>fail</c>), said unrecorded, logged and counted.
/// </summary>
public sealed class LedgerDownTests
{
    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private static readonly string Argo = $$"""{"spec":"checkout","stableHash":"{{RunningServer.StableHash}}","latestHash":"7c9d5f8b6"}""";

    private static readonly string Flagger = $$$"""{"name":"checkout","namespace":"shop","phase":"Progressing","checksum":"c1","metadata":{"spec":"checkout","stableHash":"{{{RunningServer.StableHash}}}","latestHash":"7c9d5f8b6"}}""";

    [Fact]
    public async Task LedgerDown_CanaryClearlyWorse_StillRolledBackSaidUnrecordedAndCounted()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        prometheus.CanaryErrorsPerThousand = 100;
        var connection = await Ledgers.TempPostgresAsync();
        var logs = new List<string>();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: connection, logs: logs);
        await ArgoFaultTests.DropAsync(connection);

        using var rollback = await server.Http.PostAsync("/api/v1/integrations/flagger/rollback", Body(Flagger));
        using var rollout = await server.Http.PostAsync("/api/v1/integrations/flagger/rollout", Body(Flagger));
        using var promotion = await server.Http.PostAsync("/api/v1/integrations/flagger/confirm-promotion", Body(Flagger));
        using var argo = await server.Http.PostAsync("/api/v1/integrations/argo-rollouts/analysis", Body(Argo));
        var json = await argo.Content.ReadFromJsonAsync<JsonElement>();
        var rolledBack = await rollback.Content.ReadFromJsonAsync<JsonElement>();
        var metrics = await server.Http.GetStringAsync("/metrics");

        rollback.StatusCode.ShouldBe(HttpStatusCode.OK);
        rolledBack.GetProperty("verdict").GetString().ShouldBe("fail");
        rolledBack.GetProperty("recorded").GetBoolean().ShouldBeFalse();
        rolledBack.GetProperty("reason").GetString()!.ShouldContain("; not recorded: cannot ");
        rollout.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        promotion.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        argo.StatusCode.ShouldBe(HttpStatusCode.OK);
        json.GetProperty("verdict").GetString().ShouldBe("fail");
        json.GetProperty("recorded").GetBoolean().ShouldBeFalse();
        json.GetProperty("digest").GetString().ShouldNotBeNullOrEmpty();
        metrics.ShouldContain("tollgate_verdicts_unrecorded_total{kind=\"canary\",outcome=\"fail\"} 4");
        metrics.ShouldContain("tollgate_verdicts_total{kind=\"canary\",outcome=\"fail\"} 4");
        logs.Count(l => l.Contains("not recorded flagger/rollback", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task LedgerDown_SchemaCheckDueBeforeTheWrite_ReasonSaysTheVerdictCouldNotBeRecorded()
    {
        // The once-a-second schema check runs first in the write and fails first: its words are the write's, not "read".
        await using var prometheus = await FakePrometheus.StartAsync();
        prometheus.CanaryErrorsPerThousand = 100;
        var connection = await Ledgers.TempPostgresAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: connection);
        await ArgoFaultTests.DropAsync(connection);
        await Task.Delay(Tollgate.Server.Hosting.SchemaWatch.Recheck + TimeSpan.FromMilliseconds(200));

        using var argo = await server.Http.PostAsync("/api/v1/integrations/argo-rollouts/analysis", Body(Argo));
        var json = await argo.Content.ReadFromJsonAsync<JsonElement>();

        json.GetProperty("verdict").GetString().ShouldBe("fail");
        json.GetProperty("reason").GetString()!.ShouldContain("; not recorded: cannot record the verdict in the PostgreSQL ledger at ");
    }

    [Fact]
    public async Task LedgerDown_CanaryWithinBounds_NeverPromotedWithoutARecord()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        var connection = await Ledgers.TempPostgresAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: connection);
        await ArgoFaultTests.DropAsync(connection);

        using var promotion = await server.Http.PostAsync("/api/v1/integrations/flagger/confirm-promotion", Body(Flagger));
        using var rollback = await server.Http.PostAsync("/api/v1/integrations/flagger/rollback", Body(Flagger));
        var metrics = await server.Http.GetStringAsync("/metrics");

        promotion.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await promotion.Content.ReadAsStringAsync()).ShouldContain("not judged, nothing recorded");
        rollback.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        metrics.ShouldContain("tollgate_verdicts_total{kind=\"canary\",outcome=\"not-judged\"} 2");
        metrics.ShouldNotContain("tollgate_verdicts_unrecorded_total{");
    }

    /// <summary>
    /// The checkout spec plus a metric whose own floor no window reaches: every judgement has a <c>min-samples</c>
    /// finding, which the policy's <c>reviewOn</c> asks a review for, so the gate reads the digest's approvals.
    /// </summary>
    private static async Task<RunningServer> ReviewingServerAsync(string prometheus, string connection)
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-serve-").FullName;
        Directory.CreateDirectory(Path.Combine(directory, "specs"));
        await File.WriteAllTextAsync(Path.Combine(directory, "specs", "strict.yaml"), RunningServer.CheckoutSpec(prometheus) + """

              - name: error-rate-strict
                type: ratio
                errors: 'sum(increase(http_requests_total{code=~"5..", {{selector}}}[{{interval}}]))'
                total: 'sum(increase(http_requests_total{ {{selector}} }[{{interval}}]))'
                maxRatio: 2.0
                minSamples: 100000000
            """);
        await File.WriteAllTextAsync(Path.Combine(directory, "policy.yaml"), "reviewOn: [min-samples]\n");
        return await RunningServer.StartAsync(prometheus, ledger: connection, directory: directory, configure: o => o with { PolicyFile = "policy.yaml" });
    }

    private static readonly string Strict = Flagger.Replace("\"spec\":\"checkout\"", "\"spec\":\"strict\"", StringComparison.Ordinal);

    [Fact]
    public async Task LedgerDownWhileReadingApprovals_CanaryClearlyWorse_StillRolledBackSaidUnrecorded()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        prometheus.CanaryErrorsPerThousand = 100;
        var connection = await Ledgers.TempPostgresAsync();
        await using var server = await ReviewingServerAsync(prometheus.Url, connection);
        await ArgoFaultTests.DropAsync(connection);

        using var rollback = await server.Http.PostAsync("/api/v1/integrations/flagger/rollback", Body(Strict));
        var rolledBack = await rollback.Content.ReadFromJsonAsync<JsonElement>();
        var metrics = await server.Http.GetStringAsync("/metrics");

        rollback.StatusCode.ShouldBe(HttpStatusCode.OK, rolledBack.ToString());
        rolledBack.GetProperty("verdict").GetString().ShouldBe("fail");
        rolledBack.GetProperty("recorded").GetBoolean().ShouldBeFalse();
        rolledBack.GetProperty("reason").GetString()!.ShouldContain("; not recorded: cannot ");
        rolledBack.GetProperty("findings").EnumerateArray().ShouldContain(f => f.GetProperty("rule").GetString() == "min-samples");
        metrics.ShouldContain("tollgate_verdicts_unrecorded_total{kind=\"canary\",outcome=\"fail\"} 1");
    }

    [Fact]
    public async Task LedgerDownWhileReadingApprovals_CanaryWithinBounds_NeverPromotedWithoutARecord()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        var connection = await Ledgers.TempPostgresAsync();
        await using var server = await ReviewingServerAsync(prometheus.Url, connection);
        await ArgoFaultTests.DropAsync(connection);

        using var promotion = await server.Http.PostAsync("/api/v1/integrations/flagger/confirm-promotion", Body(Strict));
        using var rollback = await server.Http.PostAsync("/api/v1/integrations/flagger/rollback", Body(Strict));
        var metrics = await server.Http.GetStringAsync("/metrics");

        promotion.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await promotion.Content.ReadAsStringAsync()).ShouldContain("not judged, nothing recorded: cannot ");
        rollback.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        metrics.ShouldContain("tollgate_verdicts_total{kind=\"canary\",outcome=\"not-judged\"} 2");
        metrics.ShouldNotContain("tollgate_verdicts_unrecorded_total{");
    }
}
