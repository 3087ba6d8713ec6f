using System.Text;
using System.Text.Json;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Observability;

/// <summary><c>tollgate_verdicts_total</c> and <c>tollgate_judge_duration_seconds</c> count every kind the server judges, not only canaries and plans.</summary>
public sealed class VerdictMetricsTests
{
    private static StringContent Payload(string checksum, string extra) =>
        new($$$"""{"name":"checkout","namespace":"shop","checksum":"{{{checksum}}}","metadata":{"spec":"checkout","stableHash":"{{{RunningServer.StableHash}}}","latestHash":"7c9d5f8b6"{{{extra}}}}}""", Encoding.UTF8, "application/json");

    [Fact]
    public async Task Metrics_RolloutApprovalAndManifestLint_CountedByKindAndOutcome()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        var unsafeManifests = File.ReadAllText(Path.Combine(Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../..")), "examples", "k8s", "unsafe", "checkout.yaml"));

        (await server.Http.PostAsync("/api/v1/integrations/flagger/confirm-rollout", Payload("c2", ",\"approval\":\"required\""))).Dispose();
        (await server.Http.PostAsync("/api/v1/integrations/flagger/pre-rollout", Payload("c3", ",\"manifests\":" + JsonSerializer.Serialize(unsafeManifests)))).Dispose();
        var metrics = await server.Http.GetStringAsync("/metrics");

        metrics.ShouldContain("tollgate_verdicts_total{kind=\"rollout\",outcome=\"review\"} 1");
        metrics.ShouldContain("tollgate_verdicts_total{kind=\"k8s-lint\",outcome=\"fail\"} 1");
        metrics.ShouldContain("tollgate_judge_duration_seconds_count{kind=\"rollout\"} 1");
        metrics.ShouldContain("tollgate_judge_duration_seconds_count{kind=\"k8s-lint\"} 1");
    }

    [Fact]
    public async Task Metrics_ArgoUnknownSpecAndBadBody_CountedAsCanaryNotJudged()
    {
        // Before: a hold for the request itself (a spec the server lacks, a misspelt field) was in no counter.
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        foreach (var body in (string[])["""{"spec":"nope"}""", """{"spec":"checkout","At":"x"}"""])
        {
            using var answer = await server.Http.PostAsync("/api/v1/integrations/argo-rollouts/analysis", new StringContent(body, Encoding.UTF8, "application/json"));
            (await answer.Content.ReadAsStringAsync()).ShouldContain("\"verdict\":\"hold\"");
        }

        var metrics = await server.Http.GetStringAsync("/metrics");

        metrics.ShouldContain("tollgate_verdicts_total{kind=\"canary\",outcome=\"not-judged\"} 2");
    }

    [Fact]
    public async Task Metrics_PrometheusDown_HoldsCountedAsCanaryNotJudged()
    {
        // Before: a hold because the source did not answer was counted as an ordinary hold, so an alert on not-judged never fired.
        await using var prometheus = await FakePrometheus.StartAsync();
        prometheus.Down = true;
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        using var argo = await server.Http.PostAsync("/api/v1/integrations/argo-rollouts/analysis", new StringContent($$"""{"spec":"checkout","stableHash":"{{RunningServer.StableHash}}","latestHash":"7c9d5f8b6"}""", Encoding.UTF8, "application/json"));
        using var rollout = await server.Http.PostAsync("/api/v1/integrations/flagger/rollout", Payload("c1", ""));
        prometheus.Down = false;
        using var judged = await server.Http.PostAsync("/api/v1/integrations/flagger/rollout", Payload("c1", ""));
        var metrics = await server.Http.GetStringAsync("/metrics");

        (await argo.Content.ReadAsStringAsync()).ShouldContain("metric source unavailable");
        metrics.ShouldContain("tollgate_verdicts_total{kind=\"canary\",outcome=\"not-judged\"} 2");
        metrics.ShouldContain("tollgate_verdicts_total{kind=\"canary\",outcome=\"pass\"} 1");
        metrics.ShouldNotContain("tollgate_verdicts_total{kind=\"canary\",outcome=\"hold\"}");
    }

    [Fact]
    public async Task Metrics_PrometheusAnswersWithWarnings_HoldsCountedAsHoldNotNotJudged()
    {
        // A partial response was answered and judged (it could roll back): its hold is a hold. Before: counted as
        // not-judged with a source that did not answer, so an alert on blindness fired on a store gateway's warning.
        await using var prometheus = await FakePrometheus.StartAsync();
        prometheus.Warning = "partial response: store gateway down";
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        using var argo = await server.Http.PostAsync("/api/v1/integrations/argo-rollouts/analysis", new StringContent($$"""{"spec":"checkout","stableHash":"{{RunningServer.StableHash}}","latestHash":"7c9d5f8b6"}""", Encoding.UTF8, "application/json"));
        var answer = await argo.Content.ReadAsStringAsync();
        var metrics = await server.Http.GetStringAsync("/metrics");

        answer.ShouldContain("\"verdict\":\"hold\"");
        answer.ShouldContain("the source answered with a warning, so its answer may be incomplete (a partial response?): partial response: store gateway down");
        metrics.ShouldContain("tollgate_verdicts_total{kind=\"canary\",outcome=\"hold\"} 1");
        metrics.ShouldNotContain("outcome=\"not-judged\"");
    }
}
