using Tollgate.Canary.Spec;
using Tollgate.Delivery.Deploys;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>
/// A deploy that takes time (a rolling update, <c>kubectl rollout status</c>): v2 began at 11:57 and finished at 12:00,
/// and its errors (5 %, from 0.1 %) began at 11:58, mid-rollout. The span judged starts at the finish; the baseline
/// ends where the deploy began. Ended at the finish instead, the baseline was the new version's own rollout traffic, and
/// a 50-fold rise passed as 1.0×.
/// </summary>
public sealed class RolloutBaselineTests : IAsyncLifetime
{
    /// <summary>A 2-minute window, the error rate's ratio bound only (no SLO bound to catch what the ratio misses).</summary>
    private const string Spec =
        """
        window: 2m
        interval: 1m
        minSamples: 100
        groups:
          canary: 'app="checkout"'
        metrics:
          - name: error-rate
            type: ratio
            errors: 'sum(increase(http_requests_total{code=~"5..", {{selector}}}[{{interval}}]))'
            total: 'sum(increase(http_requests_total{ {{selector}} }[{{interval}}]))'
            maxRatio: 2.0
        """;

    private static readonly DateTimeOffset T0 = DeployLedger.T0;
    private DeployLedger _deploys = null!;

    public async Task InitializeAsync() => _deploys = await DeployLedger.OpenAsync("tollgate-rolloutbaseline-");

    private async Task<(Domain.Reports.Report Report, SyntheticPrometheus Source, string Progress)> WatchAsync(DateTimeOffset began, params Deploy[] earlier) =>
        await WatchAsync(began, TimeSpan.FromHours(1), earlier);

    private async Task<(Domain.Reports.Report Report, SyntheticPrometheus Source, string Progress)> WatchAsync(DateTimeOffset began, TimeSpan later, params Deploy[] earlier)
    {
        var deploy = new Deploy("v2", "checkout", "production", "v2", DeployIntent.Planned, began) { FinishedAt = T0, Result = DeployResult.Success };
        await _deploys.Store.RecordAsync([.. earlier.Select(d => new DeployEvent(d.Id, "test", d)), new DeployEvent("v2", "test", deploy)]);
        _deploys.Clock.Advance(later); // every look is in the past: judged without waiting
        var path = Path.Combine(_deploys.WorkingDirectory, "slo.yaml");
        File.WriteAllText(path, Spec);
        var request = new DeployWatchRequest("checkout", "production", SpecLoader.Load(path, SpecUse.Deploy), TimeSpan.FromSeconds(5)) { MaxWait = TimeSpan.FromMinutes(10) };
        var source = new SyntheticPrometheus(T0.AddMinutes(-2), 0.05);
        var progress = new StringWriter();
        var report = await new DeployGate(_deploys.Store, source, progress).WatchAsync(request, _deploys.Context());
        return (report, source, progress.ToString());
    }

    [Fact]
    public async Task WatchAsync_RolloutCarriesTheNewVersionsErrors_BaselineEndsWhereTheDeployBeganAndItFails()
    {
        var (report, source, progress) = await WatchAsync(T0.AddMinutes(-3));

        report.Verdict.ShouldBe(Verdict.Fail, report.Reason);
        var baseline = source.Asked.Where(a => a.End <= T0).ToList();
        baseline.ShouldNotBeEmpty();
        baseline.Max(a => a.End).ShouldBe(T0.AddMinutes(-3), "the baseline queries end where the deploy began");
        source.Asked.ShouldAllBe(a => a.End <= T0.AddMinutes(-3) || a.Start > T0, "the rollout's minutes are read by neither side");
        progress.ShouldContain("watching " + Path.Combine(_deploys.WorkingDirectory, "slo.yaml")
            + " after the deploy finished at 12:00:00Z: baseline is as long as the span judged, before the deploy began at 11:57:00Z (its 3m rollout is read by neither)");
    }

    [Fact]
    public async Task WatchAsync_RolloutNotWholeSteps_BaselineEndsAtTheStepBeforeTheDeployBegan()
    {
        var (_, source, _) = await WatchAsync(T0.AddSeconds(-150));

        source.Asked.Where(a => a.End <= T0).Max(a => a.End).ShouldBe(T0.AddMinutes(-3), "rounded up to whole steps, so the points fall where they would");
    }

    [Fact]
    public async Task WatchAsync_RolloutRightAfterARolledBackDeploy_BaselineStillEndsBeforeTheFailedOne()
    {
        var failed = new Deploy("v1.5", "checkout", "production", "v1.5", DeployIntent.Planned, T0.AddMinutes(-6)) { FinishedAt = T0.AddMinutes(-6), Result = DeployResult.Failed };
        var rollback = new Deploy("rb", "checkout", "production", "v1", DeployIntent.Rollback, T0.AddMinutes(-6).AddSeconds(5))
        {
            FinishedAt = T0.AddMinutes(-4), Result = DeployResult.Success, Remediates = "v1.5", Source = "watch-window",
        };

        var (report, source, progress) = await WatchAsync(T0.AddMinutes(-3), failed, rollback);

        report.Verdict.ShouldBe(Verdict.Fail, report.Reason);
        // Each point covers the minute before it: a query from Start to End reads from Start - 1m.
        var baseline = source.Asked.Where(a => a.End <= T0).ToList();
        baseline.ShouldAllBe(a => a.End <= T0.AddMinutes(-6) || a.Start.AddMinutes(-1) >= T0.AddMinutes(-4), "the baseline never reads the failed deploy's minutes");
        baseline.ShouldAllBe(a => a.End <= T0.AddMinutes(-3), "nor the rollout's");
        baseline.ShouldContain(a => a.End == T0.AddMinutes(-6), "the 2-minute look's baseline ends where the failed deploy began");
        progress.ShouldContain("it ends before the failed deploy v1.5 (11:54:00Z to 11:56:00Z), left out");
    }

    [Fact]
    public async Task WatchAsync_DeployOfAnotherDay_TheFirstLineGivesItsDateAndTheDeadlines()
    {
        var (_, _, progress) = await WatchAsync(T0.AddMinutes(-3), TimeSpan.FromDays(26));

        progress.ShouldContain("after the deploy finished at 2026-03-02 12:00:00Z: baseline is as long as the span judged, before the deploy began at 2026-03-02 11:57:00Z");
        progress.ShouldContain("gives up at 2026-03-02 12:10:00Z");
    }

    [Fact]
    public async Task WatchAsync_DeployOfToday_TheFirstLineGivesTimesOnly()
    {
        var (_, _, progress) = await WatchAsync(T0.AddMinutes(-3));

        progress.ShouldContain("gives up at 12:10:00Z");
        progress.ShouldNotContain("2026-03-02");
    }

    public Task DisposeAsync() => _deploys.DisposeAsync().AsTask();
}
