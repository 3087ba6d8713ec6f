using System.Text.Json;
using Tollgate.Canary.Tests.Cli;

namespace Tollgate.Canary.Tests.Prometheus;

/// <summary>
/// A label misspelt in a query's own matchers, judged against the real Prometheus of <see cref="PrometheusFixture"/>:
/// the metric exists, but no series carries the label, so the query answers nothing, as a service without errors does.
/// And recordings made before Tollgate asked its questions beside the spec's queries, replayed.
/// </summary>
[Collection(PrometheusCollection.Name)]
public sealed class LabelMistakeTests(PrometheusFixture prometheus)
{
    private static readonly string At = CanaryTraffic.JudgeAt.ToString("yyyy-MM-ddTHH:mm:ssZ");

    [Fact]
    public async Task Canary_ErrorsQueryLabelMisspelt_Exit3NamingTheLabelAndTheLabelsTheSeriesCarry()
    {
        // checkout's canary has 3x the errors on one tenant. Before: cdoe=~"5.." matched no series, the empty answer read
        // as zero errors in both groups, and the canary promoted.
        var spec = prometheus.SpecFor("checkout", edit: t => t.Replace("{code=~", "{cdoe=~", StringComparison.Ordinal));

        var run = await RunAsync("--spec", spec, "--at", At, "--format", "json");

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Out.ShouldBeEmpty();
        run.Error.Trim().Split('\n').ShouldHaveSingleItem().ShouldBe(
            $"tollgate: error: {spec}:17: metric 'error-rate' errors: no series of http_requests_total carries the label 'cdoe' that cdoe=~\"5..\" requires "
            + "between 2026-11-01T10:20:00Z and 2026-11-01T10:30:00Z nor in the day before (a misspelt label, or a service or scrape down for over a day), "
            + "so the query's empty answer is not zero errors but a label that does not exist; "
            + "http_requests_total's series carry app, code, endpoint, tenant, version; did you mean 'code'? (check the label name): "
            + "sum by (tenant, endpoint) (increase(http_requests_total{cdoe=~\"5..\", {{selector}}}[{{interval}}]))");
    }

    [Fact]
    public async Task Canary_TotalQueryLabelMisspelt_Exit3InsteadOfHoldingEveryLook()
    {
        // Before: "total: no series for this slice while the errors query has some", on every slice, look after look.
        var spec = prometheus.SpecFor("search", edit: t => t.Replace("total: 'sum by (tenant, endpoint) (increase(http_requests_total{ {{selector}} }",
            "total: 'sum by (tenant, endpoint) (increase(http_requests_total{endpiont=\"/pay\", {{selector}} }", StringComparison.Ordinal));

        var run = await RunAsync("--spec", spec, "--at", At);

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        var line = run.Error.Trim().Split('\n').ShouldHaveSingleItem();
        line.ShouldStartWith($"tollgate: error: {spec}:18: metric 'error-rate' total: no series of http_requests_total carries the label 'endpiont' that endpiont=\"/pay\" requires");
        line.ShouldContain("so the query can never answer and every slice would hold for lack of data; http_requests_total's series carry app, code, endpoint, tenant, version; did you mean 'endpoint'?");
    }

    [Fact]
    public async Task Canary_EmptyErrorsWithAMatcherThatAlsoMatchesSeriesWithoutItsLabel_OnlyTheRequiredLabelAsked()
    {
        // No 503 at all: zero errors, promoted. code="503" needs series carrying code (asked, and they do); zone=~"eu|"
        // also matches series without zone, so it is no mistake and nothing is asked about it.
        var spec = prometheus.SpecFor("search", edit: t => t.Replace("code=~\"5..\"", "code=\"503\", zone=~\"eu|\"", StringComparison.Ordinal));
        var recording = Path.Combine(prometheus.Root, "rec-" + Guid.NewGuid().ToString("N"));

        var run = await RunAsync("--spec", spec, "--at", At, "--record", recording, "--format", "json");

        run.ExitCode.ShouldBe(0, run.Out + run.Error);
        var asked = Recorded(recording).Select(r => r.Query).ToList();
        asked.ShouldContain("count(last_over_time({__name__=\"http_requests_total\", code!=\"\"}[10m]))");
        asked.ShouldNotContain(q => q.Contains("zone!=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Canary_ErrorsQueryOrVectorZeroWithAMisspeltLabel_Exit3TooThoughItAnswersZeros()
    {
        // `… or vector(0)` answers a series of zeros, not nothing: before, the misspelt label passed as zero errors.
        var spec = prometheus.SpecFor("checkout", edit: t => Unsliced(t).Replace(
            "errors: 'sum (increase(http_requests_total{code=~\"5..\", {{selector}}}[{{interval}}]))'",
            "errors: 'sum (increase(http_requests_total{cdoe=~\"5..\", {{selector}}}[{{interval}}])) or vector(0)'", StringComparison.Ordinal));

        var run = await RunAsync("--spec", spec, "--at", At);

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Error.ShouldContain("no series of http_requests_total carries the label 'cdoe' that cdoe=~\"5..\" requires");
    }

    [Fact]
    public async Task Canary_ErrorsQueryOrVectorZeroOfACounterNotCreatedYet_JudgedAsZeroErrors()
    {
        // The `or vector(0)` is there for a counter that appears with its first error: its absence is no mistake.
        var spec = prometheus.SpecFor("search", edit: t => Unsliced(t).Replace(
            "errors: 'sum (increase(http_requests_total{code=~\"5..\", {{selector}}}[{{interval}}]))'",
            "errors: 'sum (increase(http_server_errors_total{code=~\"5..\", {{selector}}}[{{interval}}])) or vector(0)'", StringComparison.Ordinal));

        File.ReadAllText(spec).ShouldContain("or vector(0)", Case.Sensitive, "the edit took: the spec asks or vector(0)");
        var run = await RunAsync("--spec", spec, "--at", At, "--format", "json");

        run.ExitCode.ShouldBe(0, run.Out + run.Error);
    }

    [Fact]
    public async Task Canary_SlicedErrorsQueryOrVectorZeroWithoutAnyError_JudgedAsZeroErrorsNotASliceLabelMistake()
    {
        // No 9xx anywhere: the answer is `or vector(0)`'s one series without labels. Before: exit 3, "sliceBy label
        // 'tenant' is on none of the 1 series" on looks without errors only (and judged on the others).
        var spec = prometheus.SpecFor("search", edit: t => t.Replace(
            "errors: 'sum by (tenant, endpoint) (increase(http_requests_total{code=~\"5..\", {{selector}}}[{{interval}}]))'",
            "errors: 'sum by (tenant, endpoint) (increase(http_requests_total{code=~\"9..\", {{selector}}}[{{interval}}])) or vector(0)'", StringComparison.Ordinal));

        File.ReadAllText(spec).ShouldContain("or vector(0)", Case.Sensitive, "the edit took: the spec asks or vector(0)");
        var run = await RunAsync("--spec", spec, "--at", At, "--format", "json");

        run.ExitCode.ShouldBe(0, run.Out + run.Error);
        run.Json().GetProperty("verdict").GetString().ShouldBe("pass");
    }

    // The example spec judged as one slice: no sliceBy, every query summed over the slices.
    private static string Unsliced(string spec) => spec
        .Replace("sliceBy: [tenant, endpoint]", "", StringComparison.Ordinal)
        .Replace("sum by (tenant, endpoint) (", "sum (", StringComparison.Ordinal)
        .Replace("sum by (le, tenant, endpoint) (", "sum by (le) (", StringComparison.Ordinal);

    [Fact]
    public async Task Canary_LabelMistakeRecorded_ReplayRefusesItOfflineWithTheSameLine()
    {
        var spec = prometheus.SpecFor("checkout", edit: t => t.Replace("{code=~", "{cdoe=~", StringComparison.Ordinal));
        var recording = Path.Combine(prometheus.Root, "rec-" + Guid.NewGuid().ToString("N"));
        var live = await RunAsync("--spec", spec, "--at", At, "--record", recording);

        var replayed = await RunAsync("--spec", spec, "--replay", recording, "--prometheus", "http://127.0.0.1:1");

        live.ExitCode.ShouldBe(3, live.Error);
        replayed.ExitCode.ShouldBe(3, replayed.Out + replayed.Error);
        replayed.Error.ShouldBe(live.Error);
        replayed.Error.ShouldContain("no series of http_requests_total carries the label 'cdoe'");
    }

    [Fact]
    public async Task Replay_RecordingWithoutTheProbesAnswers_JudgedWithOneNoteInsteadOfHolding()
    {
        // A recording as --record wrote it before Tollgate asked whether a metric exists or carries a label: the same
        // run's files with those answers removed. Before: the unanswered question held every slice.
        var spec = prometheus.SpecFor("search", edit: t => t.Replace("code=~\"5..\"", "code=\"503\"", StringComparison.Ordinal));
        var recording = Path.Combine(prometheus.Root, "rec-" + Guid.NewGuid().ToString("N"));
        var live = await RunAsync("--spec", spec, "--at", At, "--record", recording, "--format", "json");
        var probes = Recorded(recording).Where(r => r.Query.StartsWith("count(last_over_time(", StringComparison.Ordinal)).ToList();
        probes.Count.ShouldBe(2, "whether http_requests_total exists, and whether its series carry code");
        probes.ForEach(p => File.Delete(p.File));

        var replayed = await RunAsync("--spec", spec, "--replay", recording, "--prometheus", "http://127.0.0.1:1", "--format", "json");

        live.ExitCode.ShouldBe(0, live.Out + live.Error);
        replayed.ExitCode.ShouldBe(0, replayed.Out + replayed.Error);
        replayed.Json().GetProperty("reason").GetString().ShouldBe(live.Json().GetProperty("reason").GetString());
        live.Json().TryGetProperty("notes", out _).ShouldBeFalse();
        var note = replayed.Json().GetProperty("notes").EnumerateArray().ShouldHaveSingleItem().GetString()!;
        note.ShouldStartWith("the recording has no answer to 2 questions Tollgate asks beside the spec's queries (recorded before it asked them; first: count(last_over_time({__name__=\"http_requests_total\"}[10m])))");
        note.ShouldContain("is unknown");
    }

    [Fact]
    public async Task Replay_RecordingWithoutOneOfTheSpecsOwnQueries_StillHolds()
    {
        // The spec's own queries are the evidence: one missing from the recording is unanswered, as before, never skipped.
        var spec = prometheus.SpecFor("search");
        var recording = Path.Combine(prometheus.Root, "rec-" + Guid.NewGuid().ToString("N"));
        await RunAsync("--spec", spec, "--at", At, "--record", recording, "--format", "json");
        File.Delete(Recorded(recording).First(r => r.Query.StartsWith("sum by (tenant, endpoint) (increase(http_requests_total{code=~", StringComparison.Ordinal)).File);

        var replayed = await RunAsync("--spec", spec, "--replay", recording, "--prometheus", "http://127.0.0.1:1", "--format", "json");

        replayed.ExitCode.ShouldBe(2, replayed.Out + replayed.Error);
        var reason = replayed.Json().GetProperty("reason").GetString()!;
        reason.ShouldStartWith("metric source unavailable: error-rate ");
        reason.ShouldContain(" errors: the recording in ");
    }

    /// <summary>Each recorded request's file and query.</summary>
    private static IEnumerable<(string File, string Query)> Recorded(string recording) =>
        Directory.GetFiles(recording, "*.json").Where(f => Path.GetFileName(f) != "evaluation.json")
            .Select(f => (f, JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("query").GetString()!)).ToList();

    private Task<CliRun> RunAsync(params string[] args) =>
        CliRun.RunAsync(prometheus.Root, null, ["canary", .. args, "--ledger", Path.Combine(prometheus.Root, "ledger-" + Guid.NewGuid().ToString("N") + ".db")]);
}
