using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Judgement;
using Tollgate.Domain.Verdicts;
using static Tollgate.Canary.Tests.Judgement.Observations;

namespace Tollgate.Canary.Tests.Evaluation;

/// <summary>
/// Prometheus answers that cannot be counts (issue 14): each holds with the reason as <c>no-data</c> (or the source
/// unavailable), never promotes, never fails, never throws.
/// </summary>
public sealed class BadAnswerTests
{
    private static readonly DateTimeOffset End = new(2026, 11, 1, 10, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset First = End.AddMinutes(-9);
    private const string Tenant = """{"tenant":"acme"}""";

    public static TheoryData<string, string, string> Cases => new()
    {
        // case, canary total's series (JSON after "result":[), expected words in the reason
        { "negative count", Series(Tenant, "\"-500\""), "a negative count -500" },
        { "absurd value", Series(Tenant, "\"1e308\""), "an absurd value 1E+308" },
        { "not finite", Series(Tenant, "\"+Inf\""), "NaN or infinite values (canary total Infinity at 2026-11-01T10:25:00Z in " },
        { "errors above totals", Series(Tenant, "\"3\""), "errors (20) above the total (3)" },
        { "series without the slice label", Series("""{"pod":"p1"}""", "\"1000\""), "without the sliceBy label tenant" },
        { "duplicate series", Series(Tenant, "\"1000\"") + "," + Series(Tenant, "\"1000\""), "the same series twice" },
        { "value of the wrong type", Series(Tenant, "1000"), "not the Prometheus format" },
        { "pair of the wrong type", $"{{\"metric\":{Tenant},\"values\":[{{\"t\":1}}]}}", "not the Prometheus format" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Evaluate_HostileAnswer_HoldsWithTheReason(string name, string canaryTotal, string reason)
    {
        var spec = JudgeSpec();
        var source = new ScriptedSource((canary, errors) => (canary, errors) switch
        {
            (true, false) => "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[" + canaryTotal + "]}}",
            (true, true) => ScriptedSource.Matrix(First, (Tenant, Repeat("\"20\""))),
            (false, true) => ScriptedSource.Matrix(First, (Tenant, Repeat("\"2\""))),
            _ => ScriptedSource.Matrix(First, (Tenant, Repeat("\"1000\""))),
        });

        var judgement = await new CanaryEvaluator(spec, source).EvaluateAsync(EvaluationWindow.Ending(End, spec.Window, spec.Interval), true, CancellationToken.None);

        judgement.Verdict.ShouldBe(Verdict.Hold, name);
        judgement.Reason.ShouldContain(reason, Case.Insensitive, name);
    }

    [Fact]
    public async Task Evaluate_WellFormedAnswer_IsJudged()
    {
        // The same script with a well-formed canary total: judged (10x the baseline's errors rolls back), so the
        // cases above hold because of what they break.
        var spec = JudgeSpec();
        var source = new ScriptedSource((canary, errors) => ScriptedSource.Matrix(First, (Tenant, Repeat(errors ? canary ? "\"20\"" : "\"2\"" : "\"1000\""))));

        var judgement = await new CanaryEvaluator(spec, source).EvaluateAsync(EvaluationWindow.Ending(End, spec.Window, spec.Interval), true, CancellationToken.None);

        judgement.Verdict.ShouldBe(Verdict.Fail, judgement.Reason);
    }

    [Fact]
    public async Task Evaluate_SamplesWithAnIdlePodStep_LeavesTheNaNOutWithANote()
    {
        // avg of a pod without requests in a step is 0/0 = NaN. Before: the slice held for ever, "the source returned NaN
        // or infinite values", naming no group, series or step.
        var spec = JudgeSpec(Samples) with { MinSamples = 5 };
        var pods = new[] { """{"tenant":"acme","pod":"p1"}""", """{"tenant":"acme","pod":"p2"}""" };
        var source = new ScriptedSource((canary, _) => ScriptedSource.Matrix(First,
            (pods[0], Repeat("\"0.1\"")),
            (pods[1], [.. Repeat("\"0.1\"").Select((v, i) => canary && i == 4 ? "\"NaN\"" : v)])));

        var judgement = await new CanaryEvaluator(spec, source).EvaluateAsync(EvaluationWindow.Ending(End, spec.Window, spec.Interval), true, CancellationToken.None);

        judgement.Verdict.ShouldBe(Verdict.Pass, judgement.Reason);
        judgement.Notes.ShouldContain("pod-latency: 1 NaN sample left out (canary 1, baseline 0): a series without a value in a step, as 0/0 gives for an average over no requests");
        judgement.Checks.ShouldAllBe(c => c.CanaryCount == 19 && c.BaselineCount == 20);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(true, false)]
    public async Task Evaluate_OneQueryUnanswered_EverySliceHoldsAndNoneIsJudgedOnAZeroItNeverSaw(bool canaryGroup, bool errorsField)
    {
        // Canary errors 10x the baseline's: judged, this rolls back. With the baseline's errors unanswered it must not
        // roll back on "0 baseline errors"; with the canary's errors unanswered no slice may promote on "0 errors".
        var spec = JudgeSpec();
        var answered = new ScriptedSource((canary, errors) => ScriptedSource.Matrix(First, (Tenant, Repeat(errors ? canary ? "\"20\"" : "\"2\"" : "\"1000\""))));
        var source = new OneUnanswered(answered, q => q.Contains("v2", StringComparison.Ordinal) == canaryGroup && q.Contains("errors", StringComparison.Ordinal) == errorsField);

        var judgement = await new CanaryEvaluator(spec, source).EvaluateAsync(EvaluationWindow.Ending(End, spec.Window, spec.Interval), true, CancellationToken.None);

        judgement.Verdict.ShouldBe(Verdict.Hold, judgement.Reason);
        judgement.Unavailable.ShouldHaveSingleItem().ShouldContain("connection refused");
        judgement.Slices.ShouldAllBe(s => s.Value == Verdict.Hold);
        judgement.Checks.ShouldAllBe(c => c.Status == CheckStatus.NoData);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Evaluate_EmptyTotalWhoseProbeIsUnanswered_HoldsOnTheUnansweredSourceNotOnNoData(bool canaryGroup)
    {
        // The total answers empty, its metric has no series over the window, and the scan of the day before (was it
        // there and stopped, or never there?) is not answered: unknown, not "no data" (which reads as a canary without
        // traffic yet, and Flagger would add weight on it).
        var spec = JudgeSpec();
        var answered = new ScriptedSource((canary, errors) => canary == canaryGroup && !errors
            ? ScriptedSource.Matrix(First)
            : ScriptedSource.Matrix(First, (Tenant, Repeat(errors ? "\"2\"" : "\"1000\""))));
        var source = new ProbesUnanswered(answered);

        var judgement = await new CanaryEvaluator(spec, source).EvaluateAsync(EvaluationWindow.Ending(End, spec.Window, spec.Interval), true, CancellationToken.None);

        judgement.Verdict.ShouldBe(Verdict.Hold, judgement.Reason);
        judgement.Verdict.ShouldBe(Verdict.Hold, judgement.Reason);
        judgement.Unavailable.ShouldContain(u => u.Contains($"{(canaryGroup ? "canary" : "baseline")} total: no series of", StringComparison.Ordinal), string.Join(" | ", judgement.Unavailable));
        judgement.Reason.ShouldNotContain("no data");
    }

    /// <summary>The scripted range answers; the probes of an empty answer: no series over the window, the day's scan unanswered.</summary>
    private sealed class ProbesUnanswered(Tollgate.Canary.Sources.IMetricSource answered) : Tollgate.Canary.Sources.IMetricSource
    {
        public Task<Tollgate.Canary.Sources.MetricResponse> RangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) =>
            answered.RangeAsync(query, start, end, step, cancellationToken);

        public Task<Tollgate.Canary.Sources.MetricResponse> InstantAsync(string query, DateTimeOffset at, CancellationToken cancellationToken) =>
            Task.FromResult(query.StartsWith(MetricProbe.LastSeenQuery("")[..20], StringComparison.Ordinal)
                ? Tollgate.Canary.Sources.MetricResponse.Down("query timed out")
                : Tollgate.Canary.Sources.PrometheusResponse.Parse(System.Net.HttpStatusCode.OK, """{"status":"success","data":{"resultType":"vector","result":[]}}""", query));
    }

    /// <summary>The scripted answers, except one query the source never answers.</summary>
    private sealed class OneUnanswered(Tollgate.Canary.Sources.IMetricSource answered, Func<string, bool> unanswered) : Tollgate.Canary.Sources.IMetricSource
    {
        public Task<Tollgate.Canary.Sources.MetricResponse> RangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) =>
            unanswered(query) ? Task.FromResult(Tollgate.Canary.Sources.MetricResponse.Down("connection refused")) : answered.RangeAsync(query, start, end, step, cancellationToken);

        public Task<Tollgate.Canary.Sources.MetricResponse> InstantAsync(string query, DateTimeOffset at, CancellationToken cancellationToken) =>
            answered.InstantAsync(query, at, cancellationToken);
    }

    private static string Series(string labels, string value) =>
        $"{{\"metric\":{labels},\"values\":[" + string.Join(",", Enumerable.Range(0, 10).Select(i => $"[{First.ToUnixTimeSeconds() + 60 * i},{(i == 4 ? value : "\"1000\"")}]")) + "]}";

    private static string[] Repeat(string value) => Enumerable.Repeat(value, 10).ToArray();
}
