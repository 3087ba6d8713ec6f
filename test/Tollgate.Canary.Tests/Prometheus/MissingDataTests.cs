using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Canary.Tests.Cli;
using Tollgate.Testing;

namespace Tollgate.Canary.Tests.Prometheus;

/// <summary>
/// Data missing inside the window, against the real Prometheus of <see cref="PrometheusFixture"/>: steps nobody scraped,
/// series that stop, a window that ends after the clock, an answer the source flags as partial. None may promote.
/// </summary>
[Collection(PrometheusCollection.Name)]
public sealed class MissingDataTests(PrometheusFixture prometheus)
{
    private static readonly string At = CanaryTraffic.JudgeAt.ToString("yyyy-MM-ddTHH:mm:ssZ");

    [Fact]
    public async Task Canary_ScrapesFailingFourMinutesWhileServingErrors_HoldsNamingTheGap()
    {
        // midgap: the canary serves 30% errors from 10:23 to 10:27 and is not scraped then; its counters carry on.
        var run = await RunAsync(null, "--spec", prometheus.SpecFor("midgap"), "--at", At, "--format", "json");

        run.ExitCode.ShouldBe(2, run.Out + run.Error);
        var json = run.Json();
        json.GetProperty("verdict").GetString().ShouldBe("hold");
        var reason = json.GetProperty("reason").GetString()!;
        reason.ShouldStartWith("window not complete: tenant=acme endpoint=/pay error-rate: canary: no data for 4 of 10 steps (2026-11-01T10:24:00Z to 2026-11-01T10:27:00Z, last point before them 2026-11-01T10:23:00Z)");
        reason.ShouldEndWith("(and 3 more slice metrics)");
        var gaps = json.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("rule").GetString() == "no-data").ToList();
        gaps.Count.ShouldBe(4, "two slices, two metrics");
        gaps.ShouldAllBe(f => f.GetProperty("severity").GetString() == "low");
        json.GetProperty("summary").GetProperty("hold").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task Canary_CanarySeriesEndMidWindow_HoldsNamingItsLastPoint()
    {
        // gone: the canary's only pod is gone at 10:25; the baseline runs the whole window.
        var run = await RunAsync(null, "--spec", prometheus.SpecFor("gone"), "--at", At);

        run.ExitCode.ShouldBe(2, run.Out + run.Error);
        run.Out.ShouldStartWith("HOLD");
        run.Out.ShouldContain("window not complete: tenant=acme endpoint=/pay error-rate: canary: no data after 2026-11-01T10:25:00Z (5 of 10 steps, to the window's end 2026-11-01T10:30:00Z): pods gone or their scrapes failing?");
        run.Out.ShouldNotContain("promoted on error-rate");
    }

    [Fact]
    public async Task Canary_BothGroupsStopBeforeTheWindowEnds_HoldsNamingBoth()
    {
        // The traffic ends at 10:40: a window to 10:43 has three steps without a point from either group.
        var end = CanaryTraffic.Start.AddMinutes(43).ToString("yyyy-MM-ddTHH:mm:ssZ");

        var run = await RunAsync(null, "--spec", prometheus.SpecFor("search"), "--at", end, "--format", "json");

        run.ExitCode.ShouldBe(2, run.Out + run.Error);
        var reason = run.Json().GetProperty("reason").GetString()!;
        reason.ShouldStartWith("window not complete: tenant=acme endpoint=/pay error-rate: canary: no data after 2026-11-01T10:40:00Z (3 of 10 steps");
        reason.ShouldContain("; baseline: no data after 2026-11-01T10:40:00Z (3 of 10 steps");
    }

    [Fact]
    public async Task Canary_WindowEndingAfterTheClock_HoldsWindowNotOver()
    {
        // Within the clock-skew allowance, so accepted; a minute of the window has not happened yet.
        var clock = new FakeTimeProvider(CanaryTraffic.JudgeAt.AddMinutes(-1));

        var run = await RunAsync(clock, "--spec", prometheus.SpecFor("search"), "--at", At, "--format", "json");

        run.ExitCode.ShouldBe(2, run.Out + run.Error);
        var json = run.Json();
        json.GetProperty("verdict").GetString().ShouldBe("hold");
        json.GetProperty("reason").GetString().ShouldBe(
            "window not over: it ends at 2026-11-01T10:30:00Z, after the clock (9m of its 10m observed); every slice is within bounds so far");
        json.GetProperty("facts").GetProperty("windowComplete").GetString().ShouldBe("false");
        // No slice counts as promoted beside the hold.
        json.GetProperty("summary").GetProperty("pass").GetInt32().ShouldBe(0);
        json.GetProperty("summary").GetProperty("hold").GetInt32().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Replay_RecordedBeforeTheWindowWasOver_HoldsWindowNotOver()
    {
        // Before: the recording kept only the window's end, so a replay after it judged the same answers against its
        // own clock and promoted what the live run held.
        var recording = Path.Combine(prometheus.Root, "rec-" + Guid.NewGuid().ToString("N"));
        var live = await RunAsync(new FakeTimeProvider(CanaryTraffic.JudgeAt.AddMinutes(-1)), "--spec", prometheus.SpecFor("search"), "--at", At, "--record", recording, "--format", "json");

        var replayed = await RunAsync(new FakeTimeProvider(CanaryTraffic.JudgeAt.AddDays(1)), "--spec", prometheus.SpecFor("search"), "--replay", recording, "--prometheus", "http://127.0.0.1:1", "--format", "json");

        live.ExitCode.ShouldBe(2, live.Out + live.Error);
        replayed.ExitCode.ShouldBe(2, replayed.Out + replayed.Error);
        replayed.Json().GetProperty("reason").GetString().ShouldBe(
            "window not over: it ends at 2026-11-01T10:30:00Z, after the clock (9m of its 10m observed); every slice is within bounds so far");
        replayed.Json().GetProperty("summary").GetProperty("pass").GetInt32().ShouldBe(0);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    [InlineData("markdown")]
    [InlineData("sarif")]
    [InlineData("junit")]
    public async Task Canary_SourceWarnsOfAPartialResponse_HoldsNamingTheWarningInEveryFormat(string format)
    {
        // A Thanos-style querier in front of the real Prometheus: the real answers, with a warning and an info attached.
        using var http = new HttpClient();
        await using var thanos = await ScriptedServer.StartAsync(request => WithWarnings(http, request));

        var run = await RunAsync(null, "--spec", prometheus.SpecFor("search"), "--at", At, "--prometheus", thanos.Url.ToString(), "--format", format);

        run.ExitCode.ShouldBe(2, run.Out + run.Error);
        run.Out.ShouldContain("the source answered with a warning, so its answer may be incomplete (a partial response?): partial response: store gateway down");
        run.Out.ShouldContain("the source noted: PromQL info: metric might not be a counter");
        run.Out.ShouldNotContain("promoted on error-rate");
    }

    /// <summary>Prometheus' own answer to the request, with a warning and an info added to every range query's.</summary>
    private (HttpStatusCode, string) WithWarnings(HttpClient http, HttpListenerRequest request)
    {
        using var reader = new StreamReader(request.InputStream);
        var form = reader.ReadToEnd();
        using var message = new HttpRequestMessage(new HttpMethod(request.HttpMethod), new Uri(prometheus.Url, request.Url!.PathAndQuery))
        {
            Content = new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        using var answer = http.Send(message);
        var body = answer.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        if (!request.Url.AbsolutePath.EndsWith("/query_range", StringComparison.Ordinal) || JsonNode.Parse(body) is not JsonObject json)
        {
            return (answer.StatusCode, body);
        }

        json["warnings"] = new JsonArray("partial response: store gateway down");
        json["infos"] = new JsonArray("PromQL info: metric might not be a counter");
        return (answer.StatusCode, json.ToJsonString());
    }

    private string Ledger() => Path.Combine(prometheus.Root, "ledger-" + Guid.NewGuid().ToString("N") + ".db");

    private Task<CliRun> RunAsync(TimeProvider? clock, params string[] args) =>
        CliRun.RunAsync(prometheus.Root, clock, ["canary", .. args, "--ledger", Ledger()]);
}
