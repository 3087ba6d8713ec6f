using System.Net;
using System.Text;
using System.Text.Json;
using Tollgate.Server.Integrations;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Integrations;

/// <summary>
/// The hooks Flagger calls around the analysis proper: <c>confirm-rollout</c> before the canary is scaled up,
/// <c>rollout</c> each interval, <c>confirm-traffic-increase</c> before each weight step, <c>post-rollout</c> after.
/// </summary>
public sealed class FlaggerHooksTests
{
    private static StringContent Payload(string phase = "Progressing", string checksum = "85d557f47b", string extra = "", string latestHash = "7c9d5f8b6") =>
        new($$$"""{"name":"checkout","namespace":"shop","phase":"{{{phase}}}","checksum":"{{{checksum}}}","metadata":{"spec":"checkout","stableHash":"{{{RunningServer.StableHash}}}","latestHash":"{{{latestHash}}}"{{{extra}}}}}""", Encoding.UTF8, "application/json");

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(RunningServer server, string hook, StringContent? payload = null)
    {
        using var answer = await server.Http.PostAsync("/api/v1/integrations/flagger/" + hook, payload ?? Payload());
        return (answer.StatusCode, JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Theory]
    [InlineData(false, 1000, 10, "no-data", HttpStatusCode.OK)] // weight 0: no canary series yet; the first step must be allowed
    [InlineData(true, 0, 10, "no-data", HttpStatusCode.OK)] // canary series without requests
    [InlineData(true, 30, 10, "min-samples", HttpStatusCode.OK)] // 150 canary requests in the window, minSamples 200
    [InlineData(true, 50, 25, "exceeds", HttpStatusCode.Forbidden)] // 2.5% against 1% on 250 requests: beyond maxRatio 2, not yet sure
    public async Task ConfirmTrafficIncrease_Hold_YesOnlyWhenMoreCanaryTrafficCuresIt(bool series, int requestsPerMinute, int errorsPerThousand, string holding, HttpStatusCode expected)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        prometheus.CanarySeries = series;
        prometheus.CanaryRequestsPerMinute = requestsPerMinute;
        prometheus.CanaryErrorsPerThousand = errorsPerThousand;
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        var (status, report) = await PostAsync(server, "confirm-traffic-increase");
        var (promotion, _) = await PostAsync(server, "confirm-promotion");
        var (rollout, _) = await PostAsync(server, "rollout");

        report.GetProperty("verdict").GetString().ShouldBe("hold", report.ToString());
        report.GetProperty("findings").EnumerateArray().ShouldContain(f => f.GetProperty("evidence").GetProperty("status").GetString() == holding);
        status.ShouldBe(expected, report.ToString());
        promotion.ShouldBe(HttpStatusCode.Forbidden);
        rollout.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ConfirmTrafficIncrease_BaselineBelowMinSamples_403WithTheReason()
    {
        // 150 baseline requests in the window, minSamples 200, the canary at 1,000 a minute. Before: 200, as for a canary
        // short of samples; but more weight on the canary takes requests from the baseline (the primary).
        await using var prometheus = await FakePrometheus.StartAsync();
        prometheus.BaselineRequestsPerMinute = 30;
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        var (status, report) = await PostAsync(server, "confirm-traffic-increase");
        var (rollout, _) = await PostAsync(server, "rollout");

        status.ShouldBe(HttpStatusCode.Forbidden, report.ToString());
        report.GetProperty("verdict").GetString().ShouldBe("hold");
        report.GetProperty("reason").GetString()!.ShouldContain("baseline 150 < minSamples 200");
        var evidence = report.GetProperty("findings").EnumerateArray().ShouldHaveSingleItem().GetProperty("evidence");
        evidence.GetProperty("status").GetString().ShouldBe("min-samples");
        evidence.GetProperty("below").EnumerateArray().Select(g => g.GetString()).ShouldBe(["baseline"]);
        rollout.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task JudgedHooks_OneRollout_ExistenceQuestionsAskedAtItsFirstLookOnly()
    {
        // No canary series yet: both canary queries answer nothing, so the first look asks whether http_requests_total
        // exists and carries code. A yes is kept for the rollout's analysis (its hash pair); a new rollout asks again.
        await using var prometheus = await FakePrometheus.StartAsync();
        prometheus.CanarySeries = false;
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        int Asked()
        {
            lock (prometheus.Queries)
            {
                return prometheus.Queries.Count(q => q.StartsWith("count(last_over_time(", StringComparison.Ordinal));
            }
        }

        var (first, _) = await PostAsync(server, "confirm-traffic-increase");
        var afterFirst = Asked();
        await PostAsync(server, "rollout");
        await PostAsync(server, "confirm-traffic-increase");
        var afterThird = Asked();
        prometheus.CanaryHash = "5e4d3c2b1";
        await PostAsync(server, "rollout", Payload(checksum: "9a1b2c3d4e", latestHash: "5e4d3c2b1"));

        first.ShouldBe(HttpStatusCode.OK);
        afterFirst.ShouldBe(2, "whether http_requests_total exists, and whether its series carry code");
        afterThird.ShouldBe(afterFirst);
        Asked().ShouldBe(afterFirst + 2);
    }

    [Fact]
    public async Task PrometheusDown_RolloutIsNoFailedCheck_TrafficIncreaseWaits()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        prometheus.Down = true;
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        var (rollout, rolloutReport) = await PostAsync(server, "rollout");
        var (traffic, trafficReport) = await PostAsync(server, "confirm-traffic-increase");

        rollout.ShouldBe(HttpStatusCode.OK);
        rolloutReport.GetProperty("verdict").GetString().ShouldBe("hold");
        traffic.ShouldBe(HttpStatusCode.Forbidden);
        trafficReport.GetProperty("reason").GetString()!.ShouldContain("fake outage");
    }

    [Fact]
    public async Task JudgedHooks_EachJudgementRecordedAsACanaryVerdict()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        prometheus.CanaryErrorsPerThousand = 80;
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        var (rollout, report) = await PostAsync(server, "rollout");
        await PostAsync(server, "confirm-traffic-increase");
        using var verdicts = await server.Http.GetAsync("/api/v1/verdicts?kind=canary");

        rollout.ShouldBe(HttpStatusCode.PreconditionFailed);
        report.GetProperty("verdict").GetString().ShouldBe("fail");
        var items = JsonDocument.Parse(await verdicts.Content.ReadAsStringAsync()).RootElement.GetProperty("items");
        items.GetArrayLength().ShouldBe(2);
        items.EnumerateArray().ShouldAllBe(item => item.GetProperty("verdict").GetString() == "fail");
        server.LogLines.ShouldContain(line => line.Contains("flagger/rollout", StringComparison.Ordinal));
        server.LogLines.ShouldContain(line => line.Contains("flagger/confirm-traffic-increase", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConfirmRollout_PrometheusUpThenDown_200ThenWaitsWith403()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        var (up, ready) = await PostAsync(server, "confirm-rollout", Payload(phase: "Initialized"));
        prometheus.Down = true;
        var (down, problem) = await PostAsync(server, "confirm-rollout", Payload(phase: "Waiting"));

        up.ShouldBe(HttpStatusCode.OK);
        ready.GetProperty("ready").GetBoolean().ShouldBeTrue();
        down.ShouldBe(HttpStatusCode.Forbidden);
        problem.GetProperty("title").GetString().ShouldBe("Waiting to roll out");
        problem.GetProperty("detail").GetString()!.ShouldContain("Prometheus is not ready");
    }

    [Fact]
    public async Task ConfirmRollout_UnsafeManifests_WaitsWith403AndTheLintRecorded()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        var manifests = ",\"manifests\":" + JsonSerializer.Serialize(File.ReadAllText(Path.Combine(root, "examples", "k8s", "unsafe", "checkout.yaml")));

        var (status, report) = await PostAsync(server, "confirm-rollout", Payload(phase: "Initialized", extra: manifests));
        using var verdicts = await server.Http.GetAsync("/api/v1/verdicts?kind=k8s-lint");

        status.ShouldBe(HttpStatusCode.Forbidden);
        report.GetProperty("kind").GetString().ShouldBe("k8s-lint");
        report.GetProperty("verdict").GetString().ShouldBe("fail");
        JsonDocument.Parse(await verdicts.Content.ReadAsStringAsync()).RootElement.GetProperty("items").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task PostRollout_OutcomeRecordedOncePerRevisionAndPhase()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        var (_, first) = await PostAsync(server, "post-rollout", Payload(phase: "Succeeded"));
        var (_, retry) = await PostAsync(server, "post-rollout", Payload(phase: "Succeeded"));
        var (_, nextRevision) = await PostAsync(server, "post-rollout", Payload(phase: "Failed", checksum: "9a1b2c3d4e"));
        var (status, _) = await PostAsync(server, "post-rollout", Payload(phase: "Succeeded", checksum: "0f0f0f0f0f"));

        first.GetProperty("recorded").GetBoolean().ShouldBeTrue();
        retry.GetProperty("recorded").GetBoolean().ShouldBeFalse();
        nextRevision.GetProperty("recorded").GetBoolean().ShouldBeTrue();
        status.ShouldBe(HttpStatusCode.OK);
        prometheus.Queries.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Progressing", "85d557f47b", "phase", "'Progressing' is not an outcome")]
    [InlineData("", "85d557f47b", "phase", "phase: missing")]
    [InlineData("Succeeded", "", "checksum", "checksum: missing")]
    public async Task PostRollout_NoOutcomeOrRevision_400NamingTheField(string phase, string checksum, string field, string detail)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());

        var (status, problem) = await PostAsync(server, "post-rollout", Payload(phase: phase, checksum: checksum));

        status.ShouldBe(HttpStatusCode.BadRequest);
        problem.GetProperty("field").GetString().ShouldBe(field);
        problem.GetProperty("detail").GetString()!.ShouldContain(detail);
    }

    [Fact]
    public async Task LedgerDown_RolloutHoldsWith200NothingRecorded_TrafficIncreaseWaits()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        var connection = await Ledgers.TempPostgresAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: connection);

        await ArgoFaultTests.DropAsync(connection);
        var (rollout, hold) = await PostAsync(server, "rollout");
        var (traffic, problem) = await PostAsync(server, "confirm-traffic-increase");
        var (outcome, _) = await PostAsync(server, "post-rollout", Payload(phase: "Succeeded"));

        rollout.ShouldBe(HttpStatusCode.OK);
        hold.GetProperty("verdict").GetString().ShouldBe("hold");
        hold.GetProperty("recorded").GetBoolean().ShouldBeFalse();
        hold.GetProperty("reason").GetString()!.ShouldContain("nothing recorded");
        traffic.ShouldBe(HttpStatusCode.Forbidden);
        problem.GetProperty("title").GetString().ShouldBe("Not judged");
        outcome.ShouldBe(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public void Example_WiresEveryHookTheServerAnswers_EachToItsOwnRoute()
    {
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        var lines = File.ReadAllLines(Path.Combine(root, "examples", "flagger", "canary.yaml"));

        var wired = lines.Where(l => l.TrimStart().StartsWith("type: ", StringComparison.Ordinal)).Select(l => l.Trim()["type: ".Length..]).ToList();
        var urls = lines.Where(l => l.TrimStart().StartsWith("url: ", StringComparison.Ordinal)).Select(l => l.Trim()[(l.Trim().LastIndexOf('/') + 1)..]).ToList();

        wired.ShouldBe(FlaggerApi.Hooks);
        urls.ShouldBe(wired);
    }
}
