using Microsoft.Extensions.Time.Testing;
using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Canary.Tests.Prometheus;

/// <summary>
/// A window older than the source's data (a deploy watched weeks after it, past Prometheus's retention), against the
/// real Prometheus of <see cref="PrometheusFixture"/> with the present put at <see cref="CanaryTraffic.JudgeAt"/>, when
/// its series exist: the metric exists, the window has no points of it, and the reason says so, not that the name does
/// not exist.
/// </summary>
[Collection(PrometheusCollection.Name)]
public sealed class PastWindowTests(PrometheusFixture prometheus) : IDisposable
{
    /// <summary>Two days before the fixture's first sample: nothing in the window nor in the day before it.</summary>
    private static readonly DateTimeOffset LongAgo = CanaryTraffic.Start.AddDays(-2);

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Evaluate_WindowBeforeTheSourcesOldestData_HoldsSayingTheSeriesExistButHaveNoPointsThen(bool mistakesAreErrors)
    {
        // Before: "errors: the source has no series named http_requests_total (a metric name that does not exist, not
        // zero errors)" on a watch, and exit 3 "a misspelt name" on an analysis, though an instant query answers its series.
        var spec = SpecLoader.Load(prometheus.SpecFor("checkout"));
        var (source, evaluator) = Evaluator(spec, mistakesAreErrors, CanaryTraffic.JudgeAt);

        var judgement = await evaluator.EvaluateAsync(EvaluationWindow.Ending(LongAgo, spec.Window, spec.Interval), true, CancellationToken.None);

        judgement.Verdict.ShouldBe(Verdict.Hold);
        judgement.Reason.ShouldContain("errors: the source has series named http_requests_total now but no points between 2026-10-30T09:50:00Z and "
            + "2026-10-30T10:00:00Z nor in the day before (older than the source's oldest data, or than the metric?)");
        judgement.Reason.ShouldNotContain("does not exist");
        source.Instant.ShouldContain("count(last_over_time({__name__=\"http_requests_total\"}[24h]))");
    }

    [Fact]
    public async Task Evaluate_WindowBeforeTheDataWithTheNameMisspelt_StillSaysTheNameHasNoSeries()
    {
        var spec = SpecLoader.Load(prometheus.SpecFor("checkout", edit: t => t.Replace("http_requests_total{code=~", "http_request_total{code=~", StringComparison.Ordinal)));
        var (_, evaluator) = Evaluator(spec, mistakesAreErrors: false, CanaryTraffic.JudgeAt);

        var judgement = await evaluator.EvaluateAsync(EvaluationWindow.Ending(LongAgo, spec.Window, spec.Interval), true, CancellationToken.None);

        judgement.Verdict.ShouldBe(Verdict.Hold);
        judgement.Reason.ShouldContain("errors: the source has no series named http_request_total (a metric name that does not exist, not zero errors)");
    }

    [Fact]
    public async Task Evaluate_WindowEndingNow_AsksNothingOfThePresent()
    {
        // A live look: the window ends at the present, so the day before it is the present's too.
        var spec = SpecLoader.Load(prometheus.SpecFor("checkout", edit: t => t.Replace("http_requests_total{code=~", "http_request_total{code=~", StringComparison.Ordinal)));
        var (source, evaluator) = Evaluator(spec, mistakesAreErrors: false, CanaryTraffic.JudgeAt);

        await evaluator.EvaluateAsync(EvaluationWindow.Ending(CanaryTraffic.JudgeAt, spec.Window, spec.Interval), true, CancellationToken.None);

        source.Instant.ShouldNotContain(q => q.EndsWith("[24h]))", StringComparison.Ordinal));
    }

    private (CountingSource Source, CanaryEvaluator Evaluator) Evaluator(CanarySpec spec, bool mistakesAreErrors, DateTimeOffset now)
    {
        var source = new CountingSource(new PrometheusSource(_http, prometheus.Url, new PrometheusOptions(TimeSpan.FromSeconds(10)), TimeProvider.System));
        var presence = new MetricPresence(new FakeTimeProvider(now), Timeout.InfiniteTimeSpan);
        return (source, new CanaryEvaluator(spec, source) { MistakesAreErrors = mistakesAreErrors, SideBySide = mistakesAreErrors, Presence = presence });
    }

    public void Dispose() => _http.Dispose();
}
