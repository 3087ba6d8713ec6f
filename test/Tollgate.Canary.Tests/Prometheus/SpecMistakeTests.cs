using Tollgate.Canary.Tests.Cli;

namespace Tollgate.Canary.Tests.Prometheus;

/// <summary>
/// Specs a new user gets wrong, judged against the real Prometheus of <see cref="PrometheusFixture"/>: each holds with
/// the reason or is judged on the right counts, never promoted on what the mistake hid.
/// </summary>
[Collection(PrometheusCollection.Name)]
public sealed class SpecMistakeTests(PrometheusFixture prometheus)
{
    private static readonly string At = CanaryTraffic.JudgeAt.ToString("yyyy-MM-ddTHH:mm:ssZ");

    [Fact]
    public async Task Canary_LatencyMetricNameTypod_HoldsNamingItInsteadOfPromotingOnErrorsAlone()
    {
        // The healthy app: judged on error rate alone it promotes; its latency query selects a metric that does not exist.
        var spec = prometheus.SpecFor("search", edit: t => t.Replace("http_request_duration_seconds_bucket", "http_request_duration_bucket", StringComparison.Ordinal));

        var run = await RunAsync("--spec", spec, "--at", At, "--format", "json");

        run.ExitCode.ShouldBe(2, run.Out + run.Error);
        var json = run.Json();
        json.GetProperty("verdict").GetString().ShouldBe("hold");
        json.GetProperty("reason").GetString()!.ShouldContain("latency-p99: no series in either group: the buckets query returned none for any slice");
        json.GetProperty("summary").GetProperty("pass").GetInt32().ShouldBe(0);
        json.GetProperty("findings").EnumerateArray().Count(f => f.GetProperty("rule").GetString() == "no-data").ShouldBe(20);
    }

    [Fact]
    public async Task Canary_BucketsQueryKeepsTenantWhileSlicingByEndpoint_CountsEveryTenant()
    {
        // Sliced by endpoint only, a buckets query that also keeps tenant answers five series per slice and le: the
        // slice's histogram is their sum, the same as the query that aggregates them in Prometheus.
        string Spec(string bucketsBy) => prometheus.SpecFor("ledger", edit: t => t
            .Replace("sliceBy: [tenant, endpoint]", "sliceBy: [endpoint]", StringComparison.Ordinal)
            .Replace("sum by (tenant, endpoint)", "sum by (endpoint)", StringComparison.Ordinal)
            .Replace("sum by (le, tenant, endpoint)", bucketsBy, StringComparison.Ordinal));

        var summed = await RunAsync("--spec", Spec("sum by (le, endpoint)"), "--at", At, "--format", "json");
        var split = await RunAsync("--spec", Spec("sum by (le, endpoint, tenant)"), "--at", At, "--format", "json");

        static (long, long, double) Latency(CliRun run)
        {
            var evidence = run.Json().GetProperty("findings").EnumerateArray()
                .First(f => f.GetProperty("evidence").GetProperty("metric").GetString() == "latency-p99").GetProperty("evidence");
            return (evidence.GetProperty("baseline").GetProperty("count").GetInt64(), evidence.GetProperty("canary").GetProperty("count").GetInt64(),
                Math.Round(evidence.GetProperty("canary").GetProperty("value").GetDouble(), 9));
        }

        summed.ExitCode.ShouldBe(1, summed.Out);
        split.ExitCode.ShouldBe(1, split.Out);
        Latency(summed).Item1.ShouldBeGreaterThan(400_000);
        Latency(split).ShouldBe(Latency(summed));
    }

    [Fact]
    public async Task Canary_UrlWithAPathPrefixPrometheusDoesNotHave_Exit3OneLineNamingThePrefix()
    {
        // The real Prometheus answers "404 page not found" under a prefix it was not started with (--web.route-prefix).
        var run = await RunAsync("--spec", prometheus.SpecFor("search"), "--prometheus", prometheus.Url + "prometheus", "--at", At);

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Out.ShouldBeEmpty();
        run.Error.Trim().Split('\n').ShouldHaveSingleItem()
            .ShouldBe($"tollgate: error: Prometheus at {prometheus.Url}prometheus answered HTTP 404 (404 page not found): no Prometheus API under this URL; check its path prefix (Prometheus' --web.route-prefix, a proxy's path such as /prometheus)");
    }

    private Task<CliRun> RunAsync(params string[] args) =>
        CliRun.RunAsync(prometheus.Root, null, ["canary", .. args, "--ledger", Path.Combine(prometheus.Root, "ledger-" + Guid.NewGuid().ToString("N") + ".db")]);
}
