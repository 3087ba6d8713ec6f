using Microsoft.Extensions.Time.Testing;
using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Canary.Tests.Prometheus;

/// <summary>
/// The existence questions across the looks of one watch, against the real Prometheus of <see cref="PrometheusFixture"/>
/// through a source that counts what it is asked: a yes is kept for the watch's life (a served analysis': for its
/// keep), a no asked again at every look.
/// </summary>
[Collection(PrometheusCollection.Name)]
public sealed class ProbeCacheTests(PrometheusFixture prometheus) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task Evaluate_SecondLookOfAWatch_SendsNoExistenceQuestionAnsweredYesAtTheFirst()
    {
        // No 503 at all: both groups' errors answer nothing, so the first look asks whether http_requests_total exists and
        // whether its series carry code; both are yes, and the second look, one interval later, judges without asking.
        var spec = Spec(t => t.Replace("code=~\"5..\"", "code=\"503\"", StringComparison.Ordinal));
        var (source, evaluator) = Watch(spec, mistakesAreErrors: true);

        var first = await evaluator.EvaluateAsync(EvaluationWindow.Ending(CanaryTraffic.JudgeAt, spec.Window, spec.Interval), true, CancellationToken.None);
        var afterFirst = source.Instant.Count;
        var second = await evaluator.EvaluateAsync(EvaluationWindow.Ending(CanaryTraffic.JudgeAt.AddMinutes(1), spec.Window, spec.Interval), true, CancellationToken.None);

        first.Verdict.ShouldBe(Verdict.Pass, first.Reason);
        second.Verdict.ShouldBe(Verdict.Pass, second.Reason);
        source.Instant.Take(afterFirst).ShouldBe([
            "vector(1)",
            "count(last_over_time({__name__=\"http_requests_total\"}[10m]))",
            "count(last_over_time({__name__=\"http_requests_total\", code!=\"\"}[10m]))",
        ]);
        source.Instant.Skip(afterFirst).ShouldBe(["vector(1)"]);
    }

    [Fact]
    public async Task Evaluate_MetricMissingAtTheFirstLook_AskedAgainAtTheNext()
    {
        // A deploy watch holds on a metric without series rather than stopping: the counter may yet appear, so the no is
        // not kept and each look asks again.
        var spec = Spec(t => t.Replace("http_requests_total{code=~", "http_request_total{code=~", StringComparison.Ordinal));
        var (source, evaluator) = Watch(spec, mistakesAreErrors: false);
        const string question = "count(last_over_time({__name__=\"http_request_total\"}[10m]))";

        var first = await evaluator.EvaluateAsync(EvaluationWindow.Ending(CanaryTraffic.JudgeAt, spec.Window, spec.Interval), true, CancellationToken.None);
        var askedFirst = source.Instant.Count(q => q == question);
        var second = await evaluator.EvaluateAsync(EvaluationWindow.Ending(CanaryTraffic.JudgeAt.AddMinutes(1), spec.Window, spec.Interval), true, CancellationToken.None);

        first.Verdict.ShouldBe(Verdict.Hold);
        second.Verdict.ShouldBe(Verdict.Hold);
        second.Reason.ShouldContain("errors: the source has no series named http_request_total");
        askedFirst.ShouldBe(1, "once per look, for both groups");
        source.Instant.Count(q => q == question).ShouldBe(2);
    }

    [Fact]
    public async Task Evaluate_TwoEvaluatorsSharingOneAnalysisPresence_TheSecondAsksNothing()
    {
        // tollgate serve makes one evaluator per request: the rollout's analysis passes its presence to each.
        var spec = Spec(t => t.Replace("code=~\"5..\"", "code=\"503\"", StringComparison.Ordinal));
        var presence = new MetricPresence();
        var (firstSource, firstLook) = Watch(spec, mistakesAreErrors: true, presence);
        var (secondSource, secondLook) = Watch(spec, mistakesAreErrors: true, presence);
        var window = EvaluationWindow.Ending(CanaryTraffic.JudgeAt, spec.Window, spec.Interval);

        await firstLook.EvaluateAsync(window, true, CancellationToken.None);
        var judgement = await secondLook.EvaluateAsync(window, true, CancellationToken.None);

        judgement.Verdict.ShouldBe(Verdict.Pass, judgement.Reason);
        firstSource.Instant.Count(q => q.StartsWith("count(", StringComparison.Ordinal)).ShouldBe(2);
        secondSource.Instant.ShouldBe(["vector(1)"]);
    }

    [Fact]
    public async Task Evaluate_ServedAnalysisPresenceOlderThanItsKeep_AskedAgain()
    {
        // tollgate serve keeps a rollout's yes for --existence-ttl on its clock: a look within it asks nothing, the first
        // look after it asks again (a spec many rollouts share for days, or one without hashes, notices a metric gone).
        var spec = Spec(t => t.Replace("code=~\"5..\"", "code=\"503\"", StringComparison.Ordinal));
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var presence = new MetricPresence(clock, TimeSpan.FromMinutes(10));
        var window = EvaluationWindow.Ending(CanaryTraffic.JudgeAt, spec.Window, spec.Interval);
        var questions = new List<int>();
        foreach (var wait in new[] { TimeSpan.Zero, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(1) })
        {
            clock.Advance(wait);
            var (source, look) = Watch(spec, mistakesAreErrors: true, presence);
            var judgement = await look.EvaluateAsync(window, true, CancellationToken.None);
            judgement.Verdict.ShouldBe(Verdict.Pass, judgement.Reason);
            questions.Add(source.Instant.Count(q => q.StartsWith("count(", StringComparison.Ordinal)));
        }

        questions.ShouldBe([2, 0, 2], "asked at first, kept 9 minutes on, asked again at 10");
    }

    private CanarySpec Spec(Func<string, string> edit) => SpecLoader.Load(prometheus.SpecFor("search", edit: edit));

    private (CountingSource Source, CanaryEvaluator Evaluator) Watch(CanarySpec spec, bool mistakesAreErrors, MetricPresence? presence = null)
    {
        var source = new CountingSource(new PrometheusSource(_http, prometheus.Url, new PrometheusOptions(TimeSpan.FromSeconds(10)), TimeProvider.System));
        return (source, new CanaryEvaluator(spec, source) { MistakesAreErrors = mistakesAreErrors, SideBySide = mistakesAreErrors, Presence = presence ?? new() });
    }

    public void Dispose() => _http.Dispose();
}
