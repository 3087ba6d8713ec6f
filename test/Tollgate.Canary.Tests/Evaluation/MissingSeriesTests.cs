using System.Net;
using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Judgement;
using Tollgate.Canary.Sources;
using Tollgate.Domain.Verdicts;
using static Tollgate.Canary.Tests.Judgement.Observations;

namespace Tollgate.Canary.Tests.Evaluation;

/// <summary>
/// Answers that are well formed but incomplete or split: a metric whose queries return nothing (a typo'd metric
/// name), a slice one metric has and another lacks, and several bucket series per slice (a query that keeps pod).
/// </summary>
public sealed class MissingSeriesTests
{
    private static readonly DateTimeOffset End = new(2026, 11, 1, 10, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset First = End.AddMinutes(-9);

    private const string Latency = """
          - name: latency-p99
            type: latency
            buckets: 'sum by (le, tenant) (increase(latency_bucket{ {{selector}} }[{{interval}}]))'
            maxRatio: 1.5
        """;

    private const string LatencyByPod = """
          - name: latency-p99
            type: latency
            buckets: 'sum by (le, tenant, pod) (increase(latency_bucket{ {{selector}} }[{{interval}}]))'
            maxRatio: 1.5
        """;

    [Fact]
    public async Task Evaluate_LatencyQueryReturnsNoSeries_HoldsNamingTheMetric()
    {
        // A healthy error rate and a buckets query with a typo'd metric name: Prometheus answers it with no series.
        var spec = JudgeSpec(Ratio + "\n" + Latency);
        var source = new QuerySource(query => query.Contains("latency_bucket", StringComparison.Ordinal) ? Empty : Healthy("acme"));

        var judgement = await EvaluateAsync(spec, source);

        judgement.Verdict.ShouldBe(Verdict.Hold, judgement.Reason);
        judgement.Reason.ShouldContain("latency-p99: no series in either group: the buckets query returned none for any slice");
        var check = judgement.Checks.Single(c => c.Metric == "latency-p99");
        check.Rule.ShouldBe("no-data");
        judgement.Checks.Where(c => c.Metric == "error-rate").ShouldAllBe(c => c.Status == CheckStatus.Within);
    }

    [Fact]
    public async Task Evaluate_SliceMissingFromOneMetric_HoldsThatSliceOnly()
    {
        // Both tenants answer the error rate; only acme has latency buckets: globex is not promoted on errors alone.
        var spec = JudgeSpec(Ratio + "\n" + Latency);
        var source = new QuerySource(query => query.Contains("latency_bucket", StringComparison.Ordinal)
            ? Buckets(("""{"tenant":"acme","le":"0.1"}""", 300), ("""{"tenant":"acme","le":"+Inf"}""", 400))
            : Healthy("acme", "globex"));

        var judgement = await EvaluateAsync(spec, source);

        judgement.Verdict.ShouldBe(Verdict.Hold, judgement.Reason);
        judgement.Slices.Single(s => s.Key.ToString() == "tenant=globex").Value.ShouldBe(Verdict.Hold);
        judgement.Slices.Single(s => s.Key.ToString() == "tenant=acme").Value.ShouldBe(Verdict.Pass);
        judgement.Checks.Single(c => c.Slice.ToString() == "tenant=globex" && c.Metric == "latency-p99").Detail
            .ShouldBe("no series in either group for this slice (other metrics have it)");
    }

    [Fact]
    public async Task Evaluate_TotalQueryReturnsNoSeries_HoldsNamingTheTotalQueryNotErrorsAboveZero()
    {
        // Before: "canary: errors (2) above the total (0) in step 1", as if the exporter counted wrong.
        var spec = JudgeSpec();
        var source = new QuerySource(query => query.Contains("increase(requests", StringComparison.Ordinal) ? Empty : Healthy("acme"));

        var judgement = await EvaluateAsync(spec, source);

        judgement.Verdict.ShouldBe(Verdict.Hold, judgement.Reason);
        judgement.Checks.ShouldAllBe(c => c.Rule == "no-data");
        judgement.Reason.ShouldContain("canary: total: no series for this slice while the errors query has some");
    }

    [Fact]
    public async Task Evaluate_BucketsWithoutPlusInf_HoldsWhereTheSlowRequestsWentUncounted()
    {
        // Before: promoted. Buckets 0.1 and 0.5 only (a query filtering le): the canary's requests slower than 0.5 s,
        // the regression itself, were in no bucket, and the histogram read as if none were slower.
        var spec = JudgeSpec(Latency);
        var source = new QuerySource(query => Buckets(("""{"tenant":"acme","le":"0.1"}""", 300), ("""{"tenant":"acme","le":"0.5"}""", 400)));

        var judgement = await EvaluateAsync(spec, source);

        judgement.Verdict.ShouldBe(Verdict.Hold, judgement.Reason);
        judgement.Reason.ShouldContain("buckets: no le=\"+Inf\" bucket, so requests slower than le=\"0.5\" are not counted (does the query filter le?)");
    }

    [Fact]
    public async Task Evaluate_TwoBucketSeriesPerSlice_AddsThemUpAsSumByLeWould()
    {
        // Two pods per tenant and group, 400 and 200 observations a minute: the slice saw 600 a minute, not the larger pod's 400.
        var spec = JudgeSpec(LatencyByPod);
        var source = new QuerySource(_ => Buckets(
            ("""{"tenant":"acme","pod":"a","le":"0.1"}""", 300), ("""{"tenant":"acme","pod":"a","le":"+Inf"}""", 400),
            ("""{"tenant":"acme","pod":"b","le":"0.1"}""", 150), ("""{"tenant":"acme","pod":"b","le":"+Inf"}""", 200)));

        var judgement = await EvaluateAsync(spec, source);

        var check = judgement.Checks.First(c => c.Metric == "latency-p99");
        check.CanaryCount.ShouldBe(6000);
        check.BaselineCount.ShouldBe(6000);
        judgement.Verdict.ShouldBe(Verdict.Pass, judgement.Reason);
    }

    [Fact]
    public async Task Evaluate_ErrorsEmptyAndTheSourceCannotSayWhetherTheMetricExists_HoldsNeverZeroErrors()
    {
        // The errors query answers nothing and the question whether its metric exists goes unanswered: the errors are
        // unknown, as when the errors query itself goes unanswered.
        var spec = JudgeSpec();
        var source = new QuerySource(query => query.Contains("increase(errors", StringComparison.Ordinal) ? Empty : Healthy("acme"),
            instant: query => query.StartsWith("count(last_over_time", StringComparison.Ordinal) ? MetricResponse.Down("connection refused") : null);

        var judgement = await EvaluateAsync(spec, source);

        judgement.Verdict.ShouldBe(Verdict.Hold, judgement.Reason);
        judgement.Unavailable.ShouldContain("error-rate baseline errors: cannot tell whether its metric exists: connection refused");
        judgement.Checks.ShouldAllBe(c => c.Status == CheckStatus.NoData);
        source.Instant.ShouldContain("count(last_over_time({__name__=\"errors\"}[10m]))");
    }

    [Fact]
    public async Task Evaluate_ErrorsEmptyAndTheMetricExists_ZeroErrorsAskedOnce()
    {
        // Both groups' errors answer nothing; the metric has series: zero errors, judged, and the source asked once.
        var spec = JudgeSpec();
        var source = new QuerySource(query => query.Contains("increase(errors", StringComparison.Ordinal) ? Empty : Healthy("acme"));

        var judgement = await EvaluateAsync(spec, source);

        judgement.Verdict.ShouldBe(Verdict.Pass, judgement.Reason);
        judgement.Checks.ShouldAllBe(c => c.CanaryEvents == 0);
        source.Instant.Count(q => q.StartsWith("count(", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task Evaluate_SideBySideGroupsWithTheSameConstantAnswers_JudgedNotTakenForOneSetOfPods()
    {
        // Two groups at exactly 1,000 requests and 2 errors every minute agree without being the same series (synthetic
        // traffic): only answers that vary prove it, so these are judged.
        var spec = JudgeSpec();
        var source = new QuerySource(_ => Healthy("acme"));

        var judgement = await new CanaryEvaluator(spec, source) { MistakesAreErrors = true, SideBySide = true }
            .EvaluateAsync(EvaluationWindow.Ending(End, spec.Window, spec.Interval), true, CancellationToken.None);

        judgement.Verdict.ShouldBe(Verdict.Pass, judgement.Reason);
    }

    private static Task<CanaryJudgement> EvaluateAsync(Tollgate.Canary.Spec.CanarySpec spec, IMetricSource source) =>
        new CanaryEvaluator(spec, source).EvaluateAsync(EvaluationWindow.Ending(End, spec.Window, spec.Interval), true, CancellationToken.None);

    private const string Empty = """{"status":"success","data":{"resultType":"matrix","result":[]}}""";

    /// <summary>1000 requests and 2 errors a minute per tenant, in both groups.</summary>
    private static string Healthy(params string[] tenants) => ScriptedSource.Matrix(First,
        [.. tenants.Select(t => ($"{{\"tenant\":\"{t}\"}}", Enumerable.Repeat("\"1000\"", 10).ToArray()))]);

    private static string Buckets(params (string Labels, int PerMinute)[] series) => ScriptedSource.Matrix(First,
        [.. series.Select(s => (s.Labels, Enumerable.Repeat($"\"{s.PerMinute}\"", 10).ToArray()))]);

    /// <summary>Answers each range query with the body its text selects, through the real parser; instant queries with one series, or as <paramref name="instant"/> says.</summary>
    private sealed class QuerySource(Func<string, string> body, Func<string, MetricResponse?>? instant = null) : IMetricSource
    {
        public List<string> Instant { get; } = [];

        public Task<MetricResponse> RangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) =>
            Task.FromResult(PrometheusResponse.Parse(HttpStatusCode.OK, query.Contains("increase(errors", StringComparison.Ordinal) ? Errors(body(query)) : body(query), query));

        public Task<MetricResponse> InstantAsync(string query, DateTimeOffset at, CancellationToken cancellationToken)
        {
            Instant.Add(query);
            return Task.FromResult(instant?.Invoke(query)
                ?? PrometheusResponse.Parse(HttpStatusCode.OK, """{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[0,"1"]}]}}""", query));
        }

        /// <summary>Errors: 2 for every 1000 requests of the same answer.</summary>
        private static string Errors(string requests) => requests.Replace("\"1000\"", "\"2\"", StringComparison.Ordinal);
    }
}
