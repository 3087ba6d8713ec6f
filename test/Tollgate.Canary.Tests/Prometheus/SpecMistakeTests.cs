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
    public async Task Canary_LatencyMetricNameTypod_Exit3NamingTheMetricInsteadOfHoldingEveryLook()
    {
        // The healthy app: judged on error rate alone it promotes; its latency query selects a metric that does not exist.
        // Before: hold, "no series in either group", with 20 no-data findings, look after look, for a name that can never answer.
        var spec = prometheus.SpecFor("search", edit: t => t.Replace("http_request_duration_seconds_bucket", "http_request_duration_bucket", StringComparison.Ordinal));

        var run = await RunAsync("--spec", spec, "--at", At, "--format", "json");

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Out.ShouldBeEmpty();
        var line = run.Error.Trim().Split('\n').ShouldHaveSingleItem();
        line.ShouldStartWith($"tollgate: error: {spec}:");
        line.ShouldContain("metric 'latency-p99' buckets: the source has no series named http_request_duration_bucket between 2026-11-01T10:20:00Z and "
            + "2026-11-01T10:30:00Z nor in the day before (a misspelt name, or a service or scrape down for over a day), so the query can never answer "
            + "and every slice would hold for lack of data");
        line.ShouldContain("increase(http_request_duration_bucket{");
    }

    [Fact]
    public async Task Canary_ServiceStoppedReportingBeforeTheWindow_HoldsSayingWhenItsSeriesStopped()
    {
        // The fixture's data ends at 10:39:45; a window from 10:45 to 10:55 has no series at all.
        // Before: exit 3, "the source has no series named http_requests_total … a metric that does not exist (check the name …)".
        var at = CanaryTraffic.Start.AddMinutes(55).ToString("yyyy-MM-ddTHH:mm:ssZ");

        var run = await RunAsync("--spec", prometheus.SpecFor("checkout"), "--at", at, "--format", "json");

        run.ExitCode.ShouldBe(2, run.Out + run.Error);
        run.Json().GetProperty("reason").GetString().ShouldBe("no data: errors: no series of http_requests_total since 2026-11-01T10:39:45Z "
            + "(none from 2026-11-01T10:45:00Z to 2026-11-01T10:55:00Z): is the service, or its scrape, down?");
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

    [Fact]
    public async Task Canary_ErrorsMetricNameMisspelt_Exit3NamingTheMetricAndTheQuery()
    {
        // Before: the errors query's empty answer read as zero errors in both groups, and the healthy app promoted
        // whatever its errors; the misspelt name answers exactly as "no 5xx at all" does.
        var spec = prometheus.SpecFor("checkout", edit: t => t.Replace("http_requests_total{code=~", "http_request_total{code=~", StringComparison.Ordinal));

        var run = await RunAsync("--spec", spec, "--at", At, "--format", "json");

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Out.ShouldBeEmpty();
        var line = run.Error.Trim().Split('\n').ShouldHaveSingleItem();
        line.ShouldStartWith($"tollgate: error: {spec}:17: metric 'error-rate' errors: the source has no series named http_request_total between 2026-11-01T10:20:00Z and 2026-11-01T10:30:00Z nor in the day before (a misspelt name, or a service or scrape down for over a day), so the query's empty answer is not zero errors but a metric without series");
        line.ShouldContain("did you mean http_requests_total?");
        line.ShouldEndWith(": sum by (tenant, endpoint) (increase(http_request_total{code=~\"5..\", {{selector}}}[{{interval}}]))");
    }

    [Fact]
    public async Task Canary_ErrorsQueryMatchesNoSeriesOfAMetricThatExists_ZeroErrorsAndJudged()
    {
        // No 503 was ever answered: Prometheus returns nothing, as for a service without errors. The metric exists, so
        // that is zero errors in both groups, and the healthy app promotes on it.
        var spec = prometheus.SpecFor("search", edit: t => t.Replace("code=~\"5..\"", "code=\"503\"", StringComparison.Ordinal));

        var run = await RunAsync("--spec", spec, "--at", At, "--format", "json");

        run.ExitCode.ShouldBe(0, run.Out + run.Error);
        var errors = run.Json().GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("evidence").GetProperty("metric").GetString() == "error-rate").ToList();
        errors.Count.ShouldBe(40, "20 slices, relative and slo");
        errors.ShouldAllBe(f => f.GetProperty("evidence").GetProperty("canary").GetProperty("events").GetInt64() == 0
            && f.GetProperty("evidence").GetProperty("baseline").GetProperty("count").GetInt64() > 10_000);
    }

    [Fact]
    public async Task Canary_ErrorsQueryMatchesNoSeries_RecordThenReplayAnswersTheMetricProbeOffline()
    {
        // The question whether the errors query's metric exists is recorded with the queries: offline, the replay
        // reads zero errors again (an unrecorded question would be unanswered, and the replay would hold).
        var spec = prometheus.SpecFor("search", edit: t => t.Replace("code=~\"5..\"", "code=\"503\"", StringComparison.Ordinal));
        var recording = Path.Combine(prometheus.Root, "rec-" + Guid.NewGuid().ToString("N"));
        var live = await RunAsync("--spec", spec, "--at", At, "--record", recording, "--format", "json");

        var replayed = await RunAsync("--spec", spec, "--replay", recording, "--prometheus", "http://127.0.0.1:1", "--format", "json");

        live.ExitCode.ShouldBe(0, live.Out + live.Error);
        replayed.ExitCode.ShouldBe(0, replayed.Out + replayed.Error);
        replayed.Json().GetProperty("reason").GetString().ShouldBe(live.Json().GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Canary_SliceByLabelNoSeriesCarries_Exit3NamingItAndTheLabelsTheSeriesCarry()
    {
        // Before: every series lacked 'tennant', so every slice held ("a series without the sliceBy label tennant"), look after look.
        var spec = prometheus.SpecFor("search", edit: t => t.Replace("tenant", "tennant", StringComparison.Ordinal));

        var run = await RunAsync("--spec", spec, "--at", At);

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Error.Trim().Split('\n').ShouldHaveSingleItem().ShouldBe(
            $"tollgate: error: {spec}:17: sliceBy label 'tennant' is on none of the 1 series the errors query of metric 'error-rate' answered for the baseline "
            + "(they carry endpoint); http_requests_total's series carry app, code, endpoint, tenant, version; did you mean 'tenant'?: "
            + "slice by labels the series carry, and keep them in each query's by (…)");
    }

    [Fact]
    public async Task Canary_CanarySelectorMatchesTheBaselinesPods_Exit3InsteadOfJudgingThemAgainstThemselves()
    {
        // version=~"v1" is not the baseline's text, so the loader cannot tell; the answers can. Before: promoted.
        var spec = prometheus.SpecFor("checkout", edit: t => t.Replace("canary: 'app=\"checkout\", version=\"v2\"'", "canary: 'app=\"checkout\", version=~\"v1\"'", StringComparison.Ordinal));

        var run = await RunAsync("--spec", spec, "--at", At);

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Error.Trim().Split('\n').ShouldHaveSingleItem().ShouldBe(
            $"tollgate: error: {spec}: groups.baseline (app=\"checkout\", version=\"v1\") and groups.canary (app=\"checkout\", version=~\"v1\") select the same series: "
            + "every query answered both groups with the same series and values, so the canary would be judged against itself; groups.canary must match the canary's pods only");
    }

    [Fact]
    public async Task Canary_GroupsSwappedWhileTheCanaryIsYoungerThanTheWindow_HoldsNamingTheBaselineStartedLater()
    {
        // The late app's canary (v2) started 5 minutes before the window's end. Swapped, the "canary" is the old version,
        // which ran all the window: before, the window counted as complete and the old version was judged against the
        // new one's 5 minutes, and promoted.
        var at = CanaryTraffic.LateStart.AddMinutes(5).ToString("yyyy-MM-ddTHH:mm:ssZ");
        var swapped = prometheus.SpecFor("late", edit: t => t
            .Replace("version=\"v1\"", "version=\"old\"", StringComparison.Ordinal)
            .Replace("version=\"v2\"", "version=\"v1\"", StringComparison.Ordinal)
            .Replace("version=\"old\"", "version=\"v2\"", StringComparison.Ordinal));

        var run = await RunAsync("--spec", swapped, "--at", at, "--format", "json");
        var right = await RunAsync("--spec", prometheus.SpecFor("late"), "--at", at, "--format", "json");

        run.ExitCode.ShouldBe(2, run.Out + run.Error);
        run.Json().GetProperty("reason").GetString().ShouldBe("window not complete: " +
            "the baseline had no traffic in the window's first interval while the canary had: the baseline has not run the whole window "
            + "(a baseline that started after its canary: are groups.baseline and groups.canary swapped?)");
        run.Json().GetProperty("summary").GetProperty("fail").GetInt32().ShouldBe(0);
        right.ExitCode.ShouldBe(2, right.Out + right.Error);
        right.Json().GetProperty("reason").GetString()!.ShouldStartWith("window not complete: the canary had no traffic in the window's first interval");
    }

    private Task<CliRun> RunAsync(params string[] args) =>
        CliRun.RunAsync(prometheus.Root, null, ["canary", .. args, "--ledger", Path.Combine(prometheus.Root, "ledger-" + Guid.NewGuid().ToString("N") + ".db")]);
}
