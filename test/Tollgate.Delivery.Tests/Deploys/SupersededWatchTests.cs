using Tollgate.Canary.Spec;
using Tollgate.Delivery.Deploys;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>
/// A deploy superseded while it is watched (another pipeline's v3 starts in v2's watch window) whose watch then passes:
/// the looks after v3's start measured v3's traffic, so v2 is not recorded passed on them but held (exit 2, never
/// verified), the finding naming v3 (<c>supersededBy</c>). Every look is in the past: judged without waiting.
/// </summary>
public sealed class SupersededWatchTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DeployLedger.T0;
    private DeployLedger _deploys = null!;

    public async Task InitializeAsync()
    {
        _deploys = await DeployLedger.OpenAsync("tollgate-superseded-");
        var v2 = new Deploy("v2", "checkout", "production", "v2", DeployIntent.Planned, T0) { FinishedAt = T0, Result = DeployResult.Success };
        await _deploys.Store.RecordAsync([new DeployEvent("v2", "test", v2)]);
        _deploys.Clock.Advance(TimeSpan.FromHours(1));
    }

    public Task DisposeAsync() => _deploys.DisposeAsync().AsTask();

    private async Task<Report> WatchV2Async(DateTimeOffset laterStart)
    {
        var path = Path.Combine(_deploys.WorkingDirectory, "slo.yaml");
        File.WriteAllText(path, DeployGateTests.Spec);
        var request = new DeployWatchRequest("checkout", "production", SpecLoader.Load(path), TimeSpan.FromMinutes(5)) { MaxWait = TimeSpan.FromMinutes(20) };
        var v3 = new Deploy("v3", "checkout", "production", "v3", DeployIntent.Planned, laterStart);
        // the watch's first record ("watching") is followed by another pipeline's deploy of v3
        var store = new InterleavingStore(_deploys.Store) { AfterRecord = other => other.RecordAsync([new DeployEvent(v3.Id, "ci", v3)]) };
        return await new DeployGate(store, new SyntheticPrometheus(T0, 0.001), TextWriter.Null).WatchAsync(request, _deploys.Context());
    }

    [Fact]
    public async Task WatchAsync_LaterDeployStartedInTheWindowAndTheWatchPasses_HeldNotPassed()
    {
        var report = await WatchV2Async(T0.AddMinutes(2));

        report.Verdict.ShouldBe(Verdict.Hold, report.Reason);
        report.Reason.ShouldBe("v2 was superseded by deploy v3 (v3) at 2026-03-02T12:02:00Z while it was watched: the traffic after then is that deploy's, so the watch's pass is not counted; v2 is held, not verified");
        var finding = report.Findings.First(f => f.Rule == "watch-window");
        finding.Evidence["supersededBy"].ShouldBe("v3");
        var v2 = (await _deploys.Store.DeploysAsync("checkout", "production")).Single(d => d.Id == "v2");
        (v2.Watch, v2.Verified).ShouldBe((DeployWatch.Held, false));
        (await _deploys.Ledger.RecentAsync("deploy", 10)).ShouldHaveSingleItem().Verdict.ShouldBe("hold");
    }

    [Fact]
    public async Task WatchAsync_LaterDeployStartedAfterTheWatchsDeadline_Passed()
    {
        var report = await WatchV2Async(T0.AddMinutes(30)); // recorded during the watch, but started after every look it could take

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        (await _deploys.Store.DeploysAsync("checkout", "production")).Single(d => d.Id == "v2").Watch.ShouldBe(DeployWatch.Passed);
    }
}
