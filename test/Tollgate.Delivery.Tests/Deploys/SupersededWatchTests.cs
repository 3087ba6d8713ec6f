using Tollgate.Canary.Spec;
using Tollgate.Delivery.Deploys;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>
/// A deploy superseded while it is watched (another pipeline's v3 starts by v2's watch deadline): the looks stop at v3's
/// start, so v2 is judged on its own traffic only. A pass decided before v3 began stands (recorded passed, the finding
/// naming v3, <c>supersededBy</c>); a watch v2's own traffic did not decide is held (exit 2, never verified), saying why.
/// Every look is in the past: judged without waiting. Window 5m, looks every 1m, deadline 20m; traffic clean.
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

    private async Task<IReadOnlyList<string>> LooksAsync() =>
        (await _deploys.Ledger.RecentAsync("canary", 100)).Select(e => e.Verdict).ToList();

    [Fact]
    public async Task WatchAsync_LaterDeployStartedAfterOneLook_HeldSayingItsOwnTrafficDidNotDecide()
    {
        var report = await WatchV2Async(T0.AddSeconds(90));

        report.Verdict.ShouldBe(Verdict.Hold, report.Reason);
        report.Reason.ShouldStartWith("v2 was superseded by deploy v3 (v3) at 2026-03-02T12:01:30Z while it was watched: v2's own traffic up to then did not decide (");
        report.Reason.ShouldEndWith("), and the traffic after then is that deploy's, so the looks stopped there; v2 is held, not verified");
        var finding = report.Findings.First(f => f.Rule == "watch-window");
        (finding.Evidence["supersededBy"], finding.Evidence["supersededAt"]).ShouldBe(("v3", "2026-03-02T12:01:30Z"));
        var v2 = (await _deploys.Store.DeploysAsync("checkout", "production")).Single(d => d.Id == "v2");
        (v2.Watch, v2.Verified).ShouldBe((DeployWatch.Held, false));
        (await _deploys.Ledger.RecentAsync("deploy", 10)).ShouldHaveSingleItem().Verdict.ShouldBe("hold");
        (await LooksAsync()).ShouldBe(["hold"], "one look, at 12:01, before v3 began; none on v3's traffic");
    }

    [Fact]
    public async Task WatchAsync_LaterDeployStartedBeforeTheFirstLook_HeldWithNoLookTaken()
    {
        var report = await WatchV2Async(T0.AddSeconds(30));

        report.Verdict.ShouldBe(Verdict.Hold, report.Reason);
        report.Reason.ShouldBe("v2 was superseded by deploy v3 (v3) at 2026-03-02T12:00:30Z while it was watched: it began before the watch's first look, so no look measured v2's own traffic, "
            + "and the traffic after then is that deploy's, so the looks stopped there; v2 is held, not verified");
        (await LooksAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task WatchAsync_LaterDeployStartedMidWatchAfterACleanWindow_PassedOnItsOwnTrafficNamingTheLaterDeploy()
    {
        var report = await WatchV2Async(T0.AddMinutes(7)); // by the 20m deadline, after the 5m window's last look

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        var finding = report.Findings.First(f => f.Rule == "watch-window" && f.Evidence.ContainsKey("supersededBy"));
        finding.Message.ShouldBe("v2 was superseded by deploy v3 (v3) at 2026-03-02T12:07:00Z, after its watch passed: the pass was judged on v2's own traffic only, before that deploy began, and stands");
        (finding.Evidence["supersededBy"], finding.Evidence["supersededAt"]).ShouldBe(("v3", "2026-03-02T12:07:00Z"));
        var v2 = (await _deploys.Store.DeploysAsync("checkout", "production")).Single(d => d.Id == "v2");
        (v2.Watch, v2.Verified).ShouldBe((DeployWatch.Passed, true));
        (await LooksAsync()).ShouldBe(["pass", "hold", "hold", "hold", "hold"], "five looks, 12:01 to 12:05, all before v3 began");
    }

    [Fact]
    public async Task WatchAsync_LaterDeployStartedAfterTheWatchsDeadline_Passed()
    {
        var report = await WatchV2Async(T0.AddMinutes(30)); // recorded during the watch, but started after every look it could take

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        (await _deploys.Store.DeploysAsync("checkout", "production")).Single(d => d.Id == "v2").Watch.ShouldBe(DeployWatch.Passed);
    }
}
