using Tollgate.Canary.Tests.Cli;
using Tollgate.Testing;
using Tollgate.Ledger;

namespace Tollgate.Canary.Tests.Prometheus;

/// <summary><c>tollgate canary</c> end to end against a real Prometheus holding traffic with known answers.</summary>
[Collection(PrometheusCollection.Name)]
public sealed class CanaryCommandTests(PrometheusFixture prometheus)
{
    private static readonly string At = CanaryTraffic.JudgeAt.ToString("yyyy-MM-ddTHH:mm:ssZ");

    [Fact]
    public async Task Canary_HealthyCanary_Promotes()
    {
        var run = await RunAsync("--spec", prometheus.SpecFor("search"), "--at", At, "--format", "json");

        run.ExitCode.ShouldBe(0, run.Error + run.Out);
        var json = run.Json();
        json.GetProperty("verdict").GetString().ShouldBe("pass");
        json.GetProperty("kind").GetString().ShouldBe("canary");
        json.GetProperty("summary").GetProperty("slices").GetInt32().ShouldBe(20);
        json.GetProperty("summary").GetProperty("pass").GetInt32().ShouldBe(20);
    }

    [Fact]
    public async Task Canary_ThreeTimesTheErrorsOnOneTenantOfTwenty_RollsBackAndNamesIt()
    {
        var run = await RunAsync("--spec", prometheus.SpecFor("checkout"), "--at", At);

        run.ExitCode.ShouldBe(1, run.Out + run.Error);
        var lines = run.Out.Split('\n');
        lines[0].ShouldStartWith("ROLL BACK");
        lines[1].Trim().ShouldStartWith("tenant=acme endpoint=/pay: error rate ");
        lines[1].ShouldContain("x baseline (");
        run.Out.ShouldContain("1 roll back");
        run.Out.ShouldNotContain("tenant=globex endpoint=/pay: error rate");
    }

    [Fact]
    public async Task Canary_ThreeTimesTheErrors_EvidenceCarriesBothGroupsAndTheInterval()
    {
        var run = await RunAsync("--spec", prometheus.SpecFor("checkout"), "--at", At, "--format", "json");

        var finding = run.Json().GetProperty("findings")[0];
        finding.GetProperty("rule").GetString().ShouldBe("relative");
        finding.GetProperty("severity").GetString().ShouldBe("high");
        var evidence = finding.GetProperty("evidence");
        evidence.GetProperty("slice").GetProperty("tenant").GetString().ShouldBe("acme");
        evidence.GetProperty("ratio").GetDouble().ShouldBeInRange(2.3, 3.9);
        evidence.GetProperty("ratioInterval")[0].GetDouble().ShouldBeGreaterThan(2.0);
        evidence.GetProperty("canary").GetProperty("count").GetInt64().ShouldBeGreaterThan(80_000);
        evidence.GetProperty("baseline").GetProperty("events").GetInt64().ShouldBeGreaterThan(100);
        evidence.GetProperty("look").GetInt32().ShouldBe(10);
        evidence.GetProperty("looks").GetInt32().ShouldBe(10);
        evidence.GetProperty("intervalLevel").GetDouble().ShouldBeGreaterThan(0.99);
        evidence.GetProperty("adjustedPValue").GetDouble().ShouldBeLessThan(0.01);
    }

    [Fact]
    public async Task Canary_P99Up60Percent_RollsBack()
    {
        var run = await RunAsync("--spec", prometheus.SpecFor("ledger"), "--at", At, "--format", "json");

        run.ExitCode.ShouldBe(1, run.Out + run.Error);
        var failing = run.Json().GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("severity").GetString() == "high").ToList();
        failing.ShouldNotBeEmpty();
        failing.ShouldAllBe(f => f.GetProperty("evidence").GetProperty("metric").GetString() == "latency-p99");
        failing[0].GetProperty("rule").GetString().ShouldBe("relative");
        failing[0].GetProperty("evidence").GetProperty("ratio").GetDouble().ShouldBeInRange(1.4, 1.8);
    }

    [Fact]
    public async Task Canary_P99PerMinuteAsRawSamples_RollsBackByMannWhitney()
    {
        // Each minute's p99 of each slice is one sample: Mann-Whitney U on 10 canary vs 10 baseline values.
        const string samples = """
              - name: p99-per-minute
                type: samples
                samples: 'histogram_quantile(0.99, sum by (le, tenant, endpoint) (increase(http_request_duration_seconds_bucket{ {{selector}} }[{{interval}}])))'
                minSamples: 8
                maxRatio: 1.2
            """;
        var spec = prometheus.SpecFor("ledger", edit: t => t[..t.IndexOf("  - name: latency-p99", StringComparison.Ordinal)] + samples);

        var run = await RunAsync("--spec", spec, "--at", At, "--format", "json");

        run.ExitCode.ShouldBe(1, run.Out + run.Error);
        var worst = run.Json().GetProperty("findings")[0];
        worst.GetProperty("rule").GetString().ShouldBe("relative");
        worst.GetProperty("evidence").GetProperty("metric").GetString().ShouldBe("p99-per-minute");
        worst.GetProperty("evidence").GetProperty("canary").GetProperty("count").GetInt64().ShouldBe(10);
        worst.GetProperty("evidence").GetProperty("ratio").GetDouble().ShouldBeInRange(1.4, 1.8);
        worst.GetProperty("evidence").GetProperty("test").GetString()!.ShouldContain("Mann-Whitney U against the baseline");
    }

    [Fact]
    public async Task Canary_TooLittleTraffic_Holds()
    {
        var run = await RunAsync("--spec", prometheus.SpecFor("quiet"), "--at", At, "--format", "json");

        run.ExitCode.ShouldBe(2);
        var json = run.Json();
        json.GetProperty("verdict").GetString().ShouldBe("hold");
        json.GetProperty("findings").EnumerateArray().ShouldAllBe(f => f.GetProperty("rule").GetString() == "min-samples");
        json.GetProperty("reason").GetString()!.ShouldContain("below minSamples 200");
    }

    [Fact]
    public async Task Canary_PrometheusStopped_HoldsWithTheReason()
    {
        var empty = Path.Combine(prometheus.Root, "stopped-" + Guid.NewGuid().ToString("N"));
        Uri url;
        await using (var server = await PrometheusProcess.StartAsync(prometheus.Root, empty))
        {
            url = server.Url;
        }

        var run = await RunAsync("--spec", prometheus.SpecFor("search", url, t => t.Replace("timeout: 10s", "timeout: 2s", StringComparison.Ordinal)), "--at", At);

        run.ExitCode.ShouldBe(2, run.Out + run.Error);
        run.Out.ShouldStartWith("HOLD");
        run.Out.ShouldContain("metric source unavailable: cannot reach Prometheus");
        run.Out.ShouldContain("after 3 attempts");
    }

    [Fact]
    public async Task Canary_WindowBeforeTheCanaryStarted_HoldsUntilTheWindowIsOver()
    {
        var early = CanaryTraffic.Start.AddMinutes(5).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var run = await RunAsync("--spec", prometheus.SpecFor("search"), "--at", early);

        run.ExitCode.ShouldBe(2, run.Out);
        run.Out.ShouldContain("window not complete: the canary had no traffic in the window's first interval (1m), so it has not held for the whole 10m");
        run.Out.ShouldContain(": 0 promote, ");
    }

    [Fact]
    public async Task Canary_RecordThenReplay_JudgesAgainOfflineWithTheSameDigest()
    {
        var spec = prometheus.SpecFor("checkout");
        var recording = Path.Combine(prometheus.Root, "rec-" + Guid.NewGuid().ToString("N"));
        var live = await RunAsync("--spec", spec, "--at", At, "--record", recording, "--format", "json");

        var replayed = await RunAsync("--spec", spec, "--replay", recording, "--prometheus", "http://127.0.0.1:1", "--format", "json");

        Directory.GetFiles(recording, "*.json").Length.ShouldBeGreaterThan(4);
        replayed.ExitCode.ShouldBe(live.ExitCode);
        replayed.Json().GetProperty("digest").GetString().ShouldBe(live.Json().GetProperty("digest").GetString());
        replayed.Json().GetProperty("reason").GetString().ShouldBe(live.Json().GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Canary_AtWithAFractionOfASecond_JudgesTheSecondItReportsAndReplays()
    {
        // Before: queried half a second after the end the report named, under the same digest, with other figures (3.0x
        // where the named window's is 2.8x); --record wrote the whole second, so the replay found no recorded answer.
        var spec = prometheus.SpecFor("checkout");
        var recording = Path.Combine(prometheus.Root, "rec-" + Guid.NewGuid().ToString("N"));
        var whole = await RunAsync("--spec", spec, "--at", At, "--format", "json");
        var fraction = await RunAsync("--spec", spec, "--at", At.Replace("Z", ".5Z", StringComparison.Ordinal), "--record", recording, "--format", "json");

        var replayed = await RunAsync("--spec", spec, "--replay", recording, "--prometheus", "http://127.0.0.1:1", "--format", "json");

        fraction.ExitCode.ShouldBe(whole.ExitCode, fraction.Error);
        fraction.Json().GetProperty("digest").GetString().ShouldBe(whole.Json().GetProperty("digest").GetString());
        fraction.Json().GetProperty("findings").GetRawText().ShouldBe(whole.Json().GetProperty("findings").GetRawText());
        replayed.ExitCode.ShouldBe(whole.ExitCode, replayed.Out);
        replayed.Json().GetProperty("reason").GetString().ShouldBe(whole.Json().GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Canary_QueryPrometheusRejects_Exit3WithPrometheusMessage()
    {
        var spec = prometheus.SpecFor("search", edit: t => t.Replace("increase(http_requests_total{ {{selector}} }", "increase(http_requests_total{ {{selector}} ", StringComparison.Ordinal));

        var run = await RunAsync("--spec", spec, "--at", At);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldContain("Prometheus rejected the query");
        run.Error.ShouldContain("bad_data");
        run.Error.ShouldStartWith($"tollgate: error: {spec}:");
        run.Error.ShouldMatch(@"^tollgate: error: \S+\.yaml:\d+: metric '[a-z0-9-]+' (errors|total): Prometheus rejected the query ");
    }

    [Fact]
    public async Task Canary_EveryVerdict_GoesToTheLedger()
    {
        var directory = Path.Combine(prometheus.Root, "ledger-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        await CliRun.RunAsync(directory, null, "canary", "--spec", prometheus.SpecFor("quiet"), "--at", At);
        await CliRun.RunAsync(directory, null, "canary", "--spec", prometheus.SpecFor("checkout"), "--at", At);

        await using var ledger = await LedgerLocation.OpenAsync(null, directory, TimeProvider.System);
        var entries = await ledger.RecentAsync("canary", 10);
        entries.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Canary_WatchOnARegression_RollsBackBeforeTheWindowEnds()
    {
        var clock = new JumpingClock(CanaryTraffic.Start.AddMinutes(18));

        var run = await CliRun.RunAsync(prometheus.Root, clock, "canary", "--spec", prometheus.SpecFor("ledger"), "--watch", "--ledger", Ledger());

        run.ExitCode.ShouldBe(1, run.Error);
        run.Error.ShouldContain("[1m/10m]");
        var looks = run.Error.Split('\n').Count(l => l.StartsWith('['));
        looks.ShouldBeLessThan(10);
    }

    [Fact]
    public async Task Canary_WatchOnAHealthyCanary_PromotesAfterTheWholeWindow()
    {
        var clock = new JumpingClock(CanaryTraffic.Start.AddMinutes(18));

        var run = await CliRun.RunAsync(prometheus.Root, clock, "canary", "--spec", prometheus.SpecFor("search"), "--watch", "--ledger", Ledger());

        run.ExitCode.ShouldBe(0, run.Error);
        run.Error.ShouldContain("[9m/10m] hold");
        run.Error.ShouldContain("[10m/10m] promote");
        run.Out.ShouldStartWith("PROMOTE");
    }

    // Issue 9's scenarios: twenty slices at 800 requests per minute per slice and group, 0.2% baseline errors, the
    // README's spec (maxRatio 2, maxValue 1%, window 10m, minSamples 200), the error-rate metric only.

    [Fact]
    public async Task Canary_OneSliceAtFourTimesTheBaseline_RollsBackAndNamesIt()
    {
        var run = await RunAsync("--spec", ErrorRateSpec("fourx"), "--at", At, "--format", "json");

        run.ExitCode.ShouldBe(1, run.Out);
        var json = run.Json();
        json.GetProperty("summary").GetProperty("fail").GetInt32().ShouldBe(1);
        var worst = json.GetProperty("findings")[0];
        worst.GetProperty("address").GetString().ShouldBe("tenant=acme endpoint=/pay");
        worst.GetProperty("rule").GetString().ShouldBe("relative");
        var evidence = worst.GetProperty("evidence");
        evidence.GetProperty("ratio").GetDouble().ShouldBeGreaterThan(2);
        evidence.GetProperty("ratioInterval")[0].GetDouble().ShouldBeGreaterThan(1);
        evidence.GetProperty("adjustedPValue").GetDouble().ShouldBeLessThan(0.01);
    }

    [Fact]
    public async Task Canary_OneSliceAtTwoAndAHalfTimes_RollsBackOnThePooledBaseline()
    {
        var run = await RunAsync("--spec", ErrorRateSpec("twohalf"), "--at", At, "--format", "json");

        run.ExitCode.ShouldBe(1, run.Out);
        var worst = run.Json().GetProperty("findings")[0];
        worst.GetProperty("address").GetString().ShouldBe("tenant=acme endpoint=/pay");
        var evidence = worst.GetProperty("evidence");
        evidence.GetProperty("borrowedBaselineRequests").GetDouble().ShouldBeGreaterThan(0);
        evidence.GetProperty("ratio").GetDouble().ShouldBeGreaterThan(2);
    }

    [Fact]
    public async Task Canary_HealthyTwentySlicesAtTheIssueRate_PromotesAfterTheWindow()
    {
        var run = await RunAsync("--spec", ErrorRateSpec("steady"), "--at", At, "--format", "json");

        run.ExitCode.ShouldBe(0, run.Out);
        run.Json().GetProperty("summary").GetProperty("pass").GetInt32().ShouldBe(20);
    }

    [Fact]
    public async Task Canary_HealthyWithBaselinesFiveTimesApart_NeverRollsBackAndBorrowsNothing()
    {
        var run = await RunAsync("--spec", ErrorRateSpec("spread"), "--at", At, "--format", "json");

        run.ExitCode.ShouldNotBe(1, run.Out);
        var findings = run.Json().GetProperty("findings").EnumerateArray().ToList();
        findings.ShouldAllBe(f => f.GetProperty("severity").GetString() != "high");
        var judged = findings.First(f => f.GetProperty("evidence").TryGetProperty("baselineHomogeneityPValue", out _)).GetProperty("evidence");
        judged.GetProperty("baselineHomogeneityPValue").GetDouble().ShouldBeLessThan(0.05);
        judged.GetProperty("borrowedBaselineRequests").GetDouble().ShouldBe(0);
    }

    private string ErrorRateSpec(string app) =>
        prometheus.SpecFor(app, edit: t => t[..t.IndexOf("  - name: latency-p99", StringComparison.Ordinal)]);

    private string Ledger() => Path.Combine(prometheus.Root, "ledger-" + Guid.NewGuid().ToString("N") + ".db");

    private Task<CliRun> RunAsync(params string[] args) =>
        CliRun.RunAsync(prometheus.Root, null, ["canary", .. args, "--ledger", Ledger()]);
}
