using System.Net;
using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Sources;
using Tollgate.Domain.Verdicts;
using static Tollgate.Canary.Tests.Judgement.Observations;

namespace Tollgate.Canary.Tests.Evaluation;

/// <summary>
/// A metric that stopped: when it was last seen is a question over the day before, asked once for the life of a
/// watch (its presence), not at every look and for every group.
/// </summary>
public sealed class LastSeenOnceTests
{
    private static readonly DateTimeOffset End = new(2026, 11, 1, 10, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Evaluate_StoppedMetricOverTwoLooksOfAWatch_AsksWhenItWasLastSeenOnce()
    {
        // Before: the day-long question was asked by both groups at each look (4 times over two looks).
        var spec = JudgeSpec();
        var source = new StoppedSource(End.AddHours(-2));
        var watch = new CanaryEvaluator(spec, source);

        var first = await watch.EvaluateAsync(EvaluationWindow.Ending(End, spec.Window, spec.Interval), true, CancellationToken.None);
        var second = await watch.EvaluateAsync(EvaluationWindow.Ending(End.AddMinutes(1), spec.Window, spec.Interval), true, CancellationToken.None);

        first.Verdict.ShouldBe(Verdict.Hold);
        second.Verdict.ShouldBe(Verdict.Hold);
        source.Instant.Count(q => q == MetricProbe.LastSeenQuery("requests")).ShouldBe(1);
    }

    [Fact]
    public async Task Evaluate_StoppedThenResumedThenStoppedAgain_AsksWhenItWasLastSeenAgain()
    {
        // A kept answer is dropped once the metric answers series again: a second stop is its own, asked anew.
        var spec = JudgeSpec();
        var source = new StoppedSource(End.AddHours(-2));
        var watch = new CanaryEvaluator(spec, source);

        await watch.EvaluateAsync(EvaluationWindow.Ending(End, spec.Window, spec.Interval), true, CancellationToken.None);
        source.Running = true;
        await watch.EvaluateAsync(EvaluationWindow.Ending(End.AddMinutes(1), spec.Window, spec.Interval), true, CancellationToken.None);
        source.Running = false;
        source.Last = End.AddMinutes(1);
        var third = await watch.EvaluateAsync(EvaluationWindow.Ending(End.AddMinutes(20), spec.Window, spec.Interval), true, CancellationToken.None);

        third.Verdict.ShouldBe(Verdict.Hold);
        source.Instant.Count(q => q == MetricProbe.LastSeenQuery("requests")).ShouldBe(2);
    }

    /// <summary>requests stopped at <see cref="Last"/>: its queries and existence questions answer nothing, its last-seen time; while <see cref="Running"/>, its range queries answer a series.</summary>
    private sealed class StoppedSource(DateTimeOffset last) : IMetricSource
    {
        private const string None = """{"status":"success","data":{"resultType":"vector","result":[]}}""";

        public List<string> Instant { get; } = [];

        public DateTimeOffset Last { get; set; } = last;

        public bool Running { get; set; }

        public Task<MetricResponse> RangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) =>
            Task.FromResult(PrometheusResponse.Parse(HttpStatusCode.OK, Running && query.Contains("requests", StringComparison.Ordinal)
                ? $$$"""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"tenant":"a"},"values":[[{{{end.ToUnixTimeSeconds()}}},"500"]]}]}}"""
                : """{"status":"success","data":{"resultType":"matrix","result":[]}}""", query));

        public Task<MetricResponse> InstantAsync(string query, DateTimeOffset at, CancellationToken cancellationToken)
        {
            lock (Instant)
            {
                Instant.Add(query);
            }

            var body = query == "vector(1)" ? """{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[0,"1"]}]}}"""
                : query == MetricProbe.LastSeenQuery("requests") ? $$$"""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[0,"{{{Last.ToUnixTimeSeconds()}}}"]}]}}"""
                : None;
            return Task.FromResult(PrometheusResponse.Parse(HttpStatusCode.OK, body, query));
        }
    }
}
