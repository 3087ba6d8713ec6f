using Tollgate.Canary.Spec;
using Tollgate.Delivery.Deploys;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>
/// A deploy right after a failed, rolled-back one: the minutes of that failure (15 % errors, from its start to the end
/// of its rollback) are not the service's normal behaviour, so the pre-deploy baseline ends before them. Read as the
/// baseline they made it look 15 % and wildly dispersed, and a new version at 3 % errors (3× the 1 % SLO) was not
/// rolled back.
/// </summary>
public sealed class FailedBaselineTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DeployLedger.T0;
    private DeployLedger _deploys = null!;

    public async Task InitializeAsync()
    {
        _deploys = await DeployLedger.OpenAsync("tollgate-failedbaseline-");
        var failed = new Deploy("v1.5", "checkout", "production", "v1.5", DeployIntent.Planned, T0.AddMinutes(-3)) { FinishedAt = T0.AddMinutes(-3), Result = DeployResult.Failed };
        var rollback = new Deploy("rb", "checkout", "production", "v1", DeployIntent.Rollback, T0.AddMinutes(-3).AddSeconds(5))
        {
            FinishedAt = T0.AddMinutes(-1), Result = DeployResult.Success, Remediates = "v1.5", Source = "watch-window",
        };
        var deploy = new Deploy("v2", "checkout", "production", "v2", DeployIntent.Planned, T0) { FinishedAt = T0, Result = DeployResult.Success };
        await _deploys.Store.RecordAsync([new DeployEvent("v1.5", "test", failed), new DeployEvent("rb", "test", rollback), new DeployEvent("v2", "test", deploy)]);
        _deploys.Clock.Advance(TimeSpan.FromHours(1)); // every look is in the past: judged without waiting
    }

    [Fact]
    public async Task WatchAsync_RightAfterARolledBackDeploy_BaselineEndsBeforeItAndA3xSloVersionRollsBack()
    {
        var path = Path.Combine(_deploys.WorkingDirectory, "slo.yaml");
        File.WriteAllText(path, DeployGateTests.Spec);
        var marker = Path.Combine(_deploys.WorkingDirectory, "rolled-back");
        var request = new DeployWatchRequest("checkout", "production", SpecLoader.Load(path), TimeSpan.FromSeconds(5)) { RollbackCommand = "touch " + marker, MaxWait = TimeSpan.FromMinutes(10) };
        var source = new SyntheticPrometheus(T0, 0.03) { Incident = (T0.AddMinutes(-3), T0.AddMinutes(-1), 0.15) };
        var progress = new StringWriter();

        var report = await new DeployGate(_deploys.Store, source, progress).WatchAsync(request, _deploys.Context());

        report.Verdict.ShouldBe(Verdict.Fail, report.Reason);
        File.Exists(marker).ShouldBeTrue("a version at 3x the SLO is rolled back");
        source.Asked.Where(a => a.End < T0).ShouldAllBe(a => a.End <= T0.AddMinutes(-3), "the baseline ends where the failed deploy began");
        progress.ToString().ShouldContain("it ends before the failed deploy v1.5 (11:57:00Z to 11:59:00Z), left out");
    }

    public Task DisposeAsync() => _deploys.DisposeAsync().AsTask();
}
