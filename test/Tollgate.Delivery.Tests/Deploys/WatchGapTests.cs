using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;
using Tollgate.Delivery.Deploys;
using Tollgate.Delivery.Watch;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>
/// A watch over a span in which Prometheus was down (report 11 #8): the steps it did not scrape have no point, and what
/// the service served then is in no step's count, so the watch must not promote on the rest. It applies the canary's
/// <i>Steps without a point</i> check: the look holds to the deadline with a <c>no-data</c> finding naming the steps; a
/// regression the other steps show still fails.
/// </summary>
public sealed class WatchGapTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DeployLedger.T0;
    private DeployLedger _deploys = null!;

    public async Task InitializeAsync()
    {
        _deploys = await DeployLedger.OpenAsync("tollgate-watchgap-");
        var deploy = new Deploy("v2", "checkout", "production", "v2", DeployIntent.Planned, T0) { FinishedAt = T0, Result = DeployResult.Success };
        await _deploys.Store.RecordAsync([new DeployEvent("v2", "test", deploy)]);
        _deploys.Clock.Advance(TimeSpan.FromHours(1)); // every look is in the past: judged without waiting
    }

    public Task DisposeAsync() => _deploys.DisposeAsync().AsTask();

    private async Task<Domain.Reports.Report> WatchAsync(IMetricSource source)
    {
        var path = Path.Combine(_deploys.WorkingDirectory, "slo.yaml");
        File.WriteAllText(path, DeployGateTests.Spec);
        var request = new DeployWatchRequest("checkout", "production", SpecLoader.Load(path), TimeSpan.FromSeconds(5)) { MaxWait = TimeSpan.FromMinutes(8) };
        return await new DeployGate(_deploys.Store, source, TextWriter.Null).WatchAsync(request, _deploys.Context());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // real traffic: the gap check's groups, both the service, are not taken for a group compared with itself
    public async Task WatchAsync_PrometheusDownForTwoStepsAfterTheDeploy_HoldsToTheDeadlineNamingThem(bool varyingTraffic)
    {
        var source = new DownPrometheus(new SyntheticPrometheus(T0, 0.001) { VaryingTraffic = varyingTraffic }, T0.AddMinutes(1), T0.AddMinutes(3));

        var report = await WatchAsync(source);

        report.Verdict.ShouldBe(Verdict.Hold, report.Reason);
        report.Reason.ShouldStartWith("window not complete: ");
        report.Reason.ShouldContain("error-rate: canary: no data for 2 of ");
        report.Reason.ShouldContain("2026-03-02T12:02:00Z to 2026-03-02T12:03:00Z, last point before them 2026-03-02T12:01:00Z");
        report.Reason.ShouldNotContain("baseline:");
        report.Findings.ShouldContain(f => f.Rule == "no-data" && f.Message.Contains("no data for 2 of ", StringComparison.Ordinal));
        report.Facts.ShouldContain(new KeyValuePair<string, string>("deploy", "v2"));
    }

    [Fact]
    public async Task WatchAsync_SameServiceNoGap_Promotes()
    {
        var report = await WatchAsync(new DownPrometheus(new SyntheticPrometheus(T0, 0.001), T0.AddHours(-5), T0.AddHours(-5)));

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
    }

    [Fact]
    public async Task WatchAsync_RegressionAroundAGap_StillFails()
    {
        var report = await WatchAsync(new DownPrometheus(new SyntheticPrometheus(T0, 0.08), T0.AddMinutes(1), T0.AddMinutes(2)));

        report.Verdict.ShouldBe(Verdict.Fail, report.Reason);
    }

    [Fact]
    public async Task StepGaps_ALookThatHoldsOverAGap_NamesTheGapAsItsReason()
    {
        // Report 18 #6: the first look after Prometheus came back held with "not significant yet: tenant=initech: error
        // rate 5.9x baseline", read off the steps that remained, on a healthy deploy; later looks named the gap.
        var path = Path.Combine(_deploys.WorkingDirectory, "slo.yaml");
        File.WriteAllText(path, DeployGateTests.Spec);
        var spec = SpecLoader.Load(path);
        var source = new DownPrometheus(new SyntheticPrometheus(T0, 0.001), T0.AddMinutes(1), T0.AddMinutes(3));
        var held = new Canary.Judgement.CanaryJudgement(Verdict.Hold, "not significant yet: error rate 5.9x baseline", [], []);

        var judgement = await new StepGaps(spec, source).ApplyAsync(held, new Canary.Evaluation.EvaluationWindow(T0, T0.AddMinutes(5), spec.Interval), CancellationToken.None);

        judgement.Verdict.ShouldBe(Verdict.Hold);
        judgement.Reason.ShouldStartWith("window not complete: ");
        judgement.Reason.ShouldContain("no data for 2 of ");
        judgement.Incomplete.ShouldBe(judgement.Reason);
    }

    /// <summary>A Prometheus that was down from <c>from</c> (exclusive) to <c>to</c> (inclusive): no point stamped then, in any answer.</summary>
    private sealed class DownPrometheus(IMetricSource inner, DateTimeOffset from, DateTimeOffset to) : IMetricSource
    {
        public async Task<MetricResponse> RangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
        {
            var (low, high) = (from.ToUnixTimeSeconds(), to.ToUnixTimeSeconds());
            var response = await inner.RangeAsync(query, start, end, step, cancellationToken);
            return response with
            {
                Series = [.. response.Series.Select(s => s with { Points = [.. s.Points.Where(p => p.Timestamp <= low || p.Timestamp > high)] })],
            };
        }

        public Task<MetricResponse> InstantAsync(string query, DateTimeOffset at, CancellationToken cancellationToken) => inner.InstantAsync(query, at, cancellationToken);
    }
}
