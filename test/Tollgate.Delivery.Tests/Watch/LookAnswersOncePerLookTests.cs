using System.Collections.Concurrent;
using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;
using Tollgate.Delivery.Tests.Deploys;
using Tollgate.Delivery.Watch;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Delivery.Tests.Watch;

/// <summary>
/// A watch's look reads each query once: the gap check (<see cref="StepGaps"/>) reads the service's own steps again, from
/// the look's answers (<see cref="LookAnswers"/>), not from Prometheus; the next look asks Prometheus afresh.
/// </summary>
public sealed class LookAnswersOncePerLookTests
{
    private static readonly DateTimeOffset T0 = DeployLedger.T0;

    [Fact]
    public async Task JudgeAsync_TwoLooks_EveryQueryAskedOncePerLookAndAgainAtTheNext()
    {
        var spec = SpecLoader.Parse(DeployGateTests.Spec, "slo.yaml");
        var source = new CountingSource();
        var watch = new WatchWindow(spec, source, null, null, TextWriter.Null);
        var window = new EvaluationWindow(T0, T0.AddMinutes(3), spec.Interval);

        var first = await watch.JudgeAsync(window, CancellationToken.None);

        // Not failed, so the gap check ran over the same steps after the judge.
        first.Verdict.ShouldNotBe(Verdict.Fail, first.Reason);
        source.Asked.ShouldNotBeEmpty();
        source.Asked.Where(a => a.Value != 1).Select(a => $"{a.Key} asked {a.Value} times").ShouldBeEmpty();

        await watch.JudgeAsync(window, CancellationToken.None);

        // The same span again, as the next look: every query asked once more, none kept from the first look.
        source.Asked.Where(a => a.Value != 2).Select(a => $"{a.Key} asked {a.Value} times").ShouldBeEmpty();
    }

    /// <summary>Healthy traffic for any query; counts each query and range (or instant) it is asked for.</summary>
    private sealed class CountingSource : IMetricSource
    {
        public ConcurrentDictionary<string, int> Asked { get; } = new();

        public Task<MetricResponse> RangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
        {
            Asked.AddOrUpdate($"{query} [{start:O} .. {end:O} / {step}]", 1, (_, n) => n + 1);
            var errors = query.Contains("code=~", StringComparison.Ordinal);
            var points = new List<MetricPoint>();
            for (var t = start; t <= end; t += step)
            {
                points.Add(new MetricPoint(t.ToUnixTimeSeconds(), errors ? 1 : 1000));
            }

            return Task.FromResult(new MetricResponse([new MetricSeries(new Dictionary<string, string>(), points)]));
        }

        public Task<MetricResponse> InstantAsync(string query, DateTimeOffset at, CancellationToken cancellationToken)
        {
            Asked.AddOrUpdate($"{query} @ {at:O}", 1, (_, n) => n + 1);
            return Task.FromResult(new MetricResponse([new MetricSeries(new Dictionary<string, string>(), [new MetricPoint(at.ToUnixTimeSeconds(), 1)])]));
        }
    }
}
