using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Judgement;
using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;
using Tollgate.Delivery.Watch;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>
/// Report 11 #7: with few minutes judged, the baseline's dispersion over time is taken at its upper 90 % bound on few
/// degrees of freedom, so even a service whose errors vary no more than Poisson counts gets intervals several times
/// wider. The text says so, and by how much, where the intervals are read: a promote "only not shown worse" and a
/// rollback's CI. A service whose minutes show no extra variation (dispersion 1) reads as before.
/// </summary>
public sealed class WatchDispersionTextTests
{
    private static readonly DateTimeOffset T0 = DeployLedger.T0;

    private static async Task<CanaryJudgement> JudgeAsync(Func<long, double> errorsAt)
    {
        var spec = SpecLoader.Parse(DeployGateTests.Spec, "slo.yaml");
        var watch = new WatchWindow(spec, new MinuteSource(errorsAt), null, null, TextWriter.Null);
        return await watch.JudgeAsync(new EvaluationWindow(T0, T0.AddMinutes(5), spec.Interval), CancellationToken.None);
    }

    [Fact]
    public async Task JudgeAsync_PoissonLikeMinutesPromotedOnlyNotShownWorse_SaysTheDispersionWidenedTheIntervalsAndByHowMuch()
    {
        // 2, 0, 2, 0 … errors in 1,000 requests a minute, before and after: Pearson's X² 4-6 on 4 degrees of freedom,
        // its upper 90% bound (χ²₄ 10% point 1.06) well above 1.
        var judgement = await JudgeAsync(minute => minute % 2 == 0 ? 2 : 0);

        judgement.Verdict.ShouldBe(Verdict.Pass, judgement.Reason);
        var dispersion = judgement.Checks.First(c => c.Rule == "relative").Dispersion;
        dispersion.ShouldBeGreaterThan(2);
        judgement.Reason.ShouldContain("only not shown worse (too little traffic to exclude");
        judgement.Reason.ShouldContain($"; intervals widened ≈{Math.Sqrt(dispersion):0.0}x (√{dispersion:0.##}) by the baseline's dispersion over time: counts divided by {dispersion:0.##}, the upper 90% bound of its estimate");
    }

    [Fact]
    public async Task JudgeAsync_RegressionAfterPoissonLikeMinutes_CiSaysItIsWidenedByTheDispersion()
    {
        var judgement = await JudgeAsync(minute => minute > T0.ToUnixTimeSeconds() / 60 ? 40 : minute % 2 == 0 ? 2 : 0);

        judgement.Verdict.ShouldBe(Verdict.Fail, judgement.Reason);
        var check = judgement.Checks.First(c => c.Status == CheckStatus.Worse);
        CheckText.Headline(check).ShouldContain($"x, widened ≈{Math.Sqrt(check.Dispersion):0.0}x by the baseline's dispersion over time {check.Dispersion:0.##})");
    }

    [Fact]
    public async Task JudgeAsync_MinutesWithoutExtraVariation_ReadAsBefore()
    {
        var judgement = await JudgeAsync(minute => minute > T0.ToUnixTimeSeconds() / 60 ? 40 : 1);

        judgement.Verdict.ShouldBe(Verdict.Fail, judgement.Reason);
        var check = judgement.Checks.First(c => c.Status == CheckStatus.Worse);
        check.Dispersion.ShouldBe(1);
        CheckText.Headline(check).ShouldNotContain("widened");
    }

    /// <summary>1,000 requests a minute for <c>app="checkout"</c>, errors by the minute a point ends (Unix minutes).</summary>
    private sealed class MinuteSource(Func<long, double> errorsAt) : IMetricSource
    {
        public Task<MetricResponse> RangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
        {
            var errors = query.Contains("code=~", StringComparison.Ordinal);
            var points = new List<MetricPoint>();
            for (var t = start; t <= end; t += step)
            {
                points.Add(new MetricPoint(t.ToUnixTimeSeconds(), errors ? errorsAt(t.ToUnixTimeSeconds() / 60) : 1000));
            }

            return Task.FromResult(new MetricResponse([new MetricSeries(new Dictionary<string, string>(), points)]));
        }

        public Task<MetricResponse> InstantAsync(string query, DateTimeOffset at, CancellationToken cancellationToken) =>
            Task.FromResult(new MetricResponse([new MetricSeries(new Dictionary<string, string>(), [new MetricPoint(at.ToUnixTimeSeconds(), 1)])]));
    }
}
