using Tollgate.Canary.Spec;
using Tollgate.Delivery.Deploys;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>
/// <c>deploy watch</c> on a recorded deploy whose window is over (every look judged without waiting): it watches the
/// service's newest deploy, read by the ledger's index rather than from its whole history; and a watch whose every query
/// Prometheus rejects, look after look, stops after <c>--error-limit</c> such looks in a row (default 4, Argo Rollouts'
/// <c>consecutiveErrorLimit</c>) with hold: recorded, nothing rolled back, the finding naming how many looks failed and
/// the last error. The deadline is 20 looks away, so stopping before it is the limit's doing.
/// </summary>
public sealed class DeployWatchTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DeployLedger.T0;
    private DeployLedger _deploys = null!;

    public async Task InitializeAsync()
    {
        _deploys = await DeployLedger.OpenAsync("tollgate-deploywatch-");
        var deploy = new Deploy("v2", "checkout", "production", "v2", DeployIntent.Planned, T0) { FinishedAt = T0, Result = DeployResult.Success };
        var olderRecordedLater = new Deploy("v1-hotfix", "checkout", "production", "v1-hotfix", DeployIntent.Hotfix, T0.AddHours(-2)) { FinishedAt = T0.AddHours(-2), Result = DeployResult.Success };
        var otherEnvironment = new Deploy("v3", "checkout", "staging", "v3", DeployIntent.Planned, T0.AddMinutes(30));
        await _deploys.Store.RecordAsync([new DeployEvent("v2", "test", deploy), new DeployEvent("v1-hotfix", "test", olderRecordedLater), new DeployEvent("v3", "test", otherEnvironment)]);
        _deploys.Clock.Advance(TimeSpan.FromHours(1)); // every look is in the past: judged without waiting
    }

    private async Task<(Domain.Reports.Report Report, RejectingPrometheus Source)> WatchAsync(Func<int, string, bool> rejects, int? errorLimit = null, IDeliveryStore? store = null,
        SyntheticPrometheus? prometheus = null)
    {
        var path = Path.Combine(_deploys.WorkingDirectory, "slo.yaml");
        File.WriteAllText(path, DeployGateTests.Spec);
        var request = new DeployWatchRequest("checkout", "production", SpecLoader.Load(path), TimeSpan.FromSeconds(5))
        {
            RollbackCommand = "touch " + Path.Combine(_deploys.WorkingDirectory, "rolled-back"),
            MaxWait = TimeSpan.FromMinutes(20),
        };
        var source = new RejectingPrometheus(prometheus ?? new SyntheticPrometheus(T0, 0.001), rejects);
        var gate = new DeployGate(store ?? _deploys.Store, source, TextWriter.Null);
        var report = await gate.WatchAsync(errorLimit is { } limit ? request with { ErrorLimit = limit } : request, _deploys.Context());
        return (report, source);
    }

    [Fact]
    public async Task WatchAsync_DeployRecordedWithoutALease_TheWatchRecordsItsOwnProcessOnIt()
    {
        (await _deploys.Store.DeployAsync("v2")).ShouldNotBeNull().Lease.ShouldBeNull("recorded as deploy start records it");

        var (report, _) = await WatchAsync((_, _) => false);

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        var lease = DeployLease.Of((await _deploys.Store.DeployAsync("v2")).ShouldNotBeNull())
            .ShouldNotBeNull("the watcher's process (report 18 #1), so that one killed outright is told from a live one");
        (lease.Pid, lease.Host, lease.Alive(), lease.Until).ShouldBe((Environment.ProcessId, Environment.MachineName, (bool?)true, T0.AddMinutes(20)), "until the watch's deadline");
    }

    [Fact]
    public async Task WatchAsync_SeveralDeploysRecorded_WatchesTheNewestByStartThroughTheIndex()
    {
        var store = new InterleavingStore(_deploys.Store);

        var (report, _) = await WatchAsync((_, _) => false, store: store);

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        report.Facts.ShouldContain(new KeyValuePair<string, string>("deploy", "v2"), "v2 started last in production; v1-hotfix was recorded later but started earlier, v3 is staging's");
        report.Subject.ShouldBe("checkout@production v2");
        store.HistoryReads.ShouldBe(1, "the newest deploy is one indexed read; the history is read once, for the rollback target, as the watch begins");
    }

    [Fact]
    public async Task WatchAsync_NoDeployOfTheServiceInThatEnvironment_OneLineNamingThem()
    {
        var path = Path.Combine(_deploys.WorkingDirectory, "slo.yaml");
        File.WriteAllText(path, DeployGateTests.Spec);
        var request = new DeployWatchRequest("checkout", "canary", SpecLoader.Load(path), TimeSpan.FromSeconds(5));

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() =>
            new DeployGate(_deploys.Store, new SyntheticPrometheus(T0, 0.001), TextWriter.Null).WatchAsync(request, _deploys.Context()));

        error.Message.ShouldBe("no deploy of checkout in canary is recorded: checkout has no deploy to canary (it is deployed to production, staging); record it with tollgate deploy start");
        (await _deploys.Ledger.RecentAsync(null, 10)).ShouldBeEmpty();
    }

    [Fact]
    public async Task WatchAsync_SourceMessageWithControlCharacters_EachProgressLineOneLine()
    {
        // Prometheus' message with a newline and an escape sequence printed a forged line and cleared the screen.
        var path = Path.Combine(_deploys.WorkingDirectory, "slo.yaml");
        File.WriteAllText(path, DeployGateTests.Spec);
        var request = new DeployWatchRequest("checkout", "production", SpecLoader.Load(path), TimeSpan.FromSeconds(5)) { MaxWait = TimeSpan.FromMinutes(5) };
        var progress = new StringWriter();

        var report = await new DeployGate(_deploys.Store, new Unavailable(new SyntheticPrometheus(T0, 0.001)), progress).WatchAsync(request, _deploys.Context());

        report.Verdict.ShouldBe(Verdict.Hold, report.Reason);
        var looks = progress.ToString().Split('\n').Where(l => l.StartsWith('[')).ToList();
        looks.ShouldNotBeEmpty();
        looks.ShouldAllBe(l => l.Contains("down\\u001b[2J\\nPASS forged"));
        progress.ToString().ShouldNotContain('\u001b');
        progress.ToString().Split('\n').ShouldNotContain(l => l.StartsWith("PASS", StringComparison.Ordinal));
    }

    /// <summary>A source whose range queries are unavailable, with a message holding control characters.</summary>
    private sealed class Unavailable(Tollgate.Canary.Sources.IMetricSource inner) : Tollgate.Canary.Sources.IMetricSource
    {
        public Task<Tollgate.Canary.Sources.MetricResponse> RangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) =>
            Task.FromResult(Tollgate.Canary.Sources.MetricResponse.Down("down\u001b[2J\nPASS forged"));

        public Task<Tollgate.Canary.Sources.MetricResponse> InstantAsync(string query, DateTimeOffset at, CancellationToken cancellationToken) =>
            inner.InstantAsync(query, at, cancellationToken);
    }

    [Fact]
    public async Task WatchAsync_EveryQueryRejectedAtEveryLook_HoldsAfterFourLooksNamingThemAndTheLastError()
    {
        var (report, source) = await WatchAsync((_, _) => true);

        report.Verdict.ShouldBe(Verdict.Hold, report.Reason);
        report.ExitCode.ShouldBe(2);
        source.Looks.ShouldBe(4, "the deadline is 20 looks away: the error limit (default 4) stops the watch");
        (await _deploys.Ledger.RecentAsync("canary", 100)).Count.ShouldBe(4);
        (await _deploys.Ledger.RecentAsync("deploy", 10)).ShouldHaveSingleItem().Verdict.ShouldBe("hold");
        var finding = report.Findings.First(f => f.Evidence.ContainsKey("rejectedLooks"));
        finding.Rule.ShouldBe("no-data");
        finding.Message.ShouldBe($"the source rejected every query of 4 looks in a row (--error-limit 4), so the watch stopped; one of them: {RejectingPrometheus.Error}");
        finding.Evidence["lastError"].ShouldBe(RejectingPrometheus.Error);
        report.Reason.ShouldContain("4 looks in a row");
        File.Exists(Path.Combine(_deploys.WorkingDirectory, "rolled-back")).ShouldBeFalse("a watch that cannot measure holds: nothing is rolled back");
        (await _deploys.Store.DeploysAsync("checkout", "production")).Select(d => d.Intent).ShouldNotContain(DeployIntent.Rollback);
    }

    [Fact]
    public async Task WatchAsync_ALookThatMeasuresBetweenRejectedOnes_StartsTheCountAgain()
    {
        var (report, source) = await WatchAsync((look, _) => look != 3, errorLimit: 3);

        report.Verdict.ShouldBe(Verdict.Hold, report.Reason);
        source.Looks.ShouldBe(6, "looks 1-2 rejected, 3 measured, 4-6 rejected: the third rejected look in a row is the sixth");
        report.Findings.First(f => f.Evidence.ContainsKey("rejectedLooks")).Message.ShouldStartWith("the source rejected every query of 3 looks in a row (--error-limit 3)");
    }

    [Fact]
    public async Task WatchAsync_SomeQueriesOfEachLookAnswered_WatchesToTheDeadline()
    {
        var (report, source) = await WatchAsync((_, query) => query.Contains("code=~", StringComparison.Ordinal), errorLimit: 1);

        report.Verdict.ShouldBe(Verdict.Hold, report.Reason);
        source.Looks.ShouldBe(20, "a look that measures anything never counts toward the limit: the watch holds to its deadline");
        report.Findings.ShouldNotContain(f => f.Evidence.ContainsKey("rejectedLooks"));
    }

    [Fact]
    public async Task WatchAsync_OneMinuteBurstAfterTheDeploy_LeftOutAndPromoted_ASteadyRiseRollsBack()
    {
        // 60 errors in the third minute after the deploy (1 a minute otherwise): the other minutes make it improbable,
        // so it is a burst, not the new version's rate. Judged whole it would be 13× the minute before the deploy.
        var burst = new SyntheticPrometheus(T0, 0.001) { Burst = (T0.AddMinutes(3), 60) };

        var (report, _) = await WatchAsync((_, _) => false, prometheus: burst);

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        var relative = report.Findings.First(f => f.Rule == "relative");
        ((Dictionary<string, object?>)relative.Evidence["burstLeftOut"]!)["canary"].ShouldBe(3);
        relative.Evidence["dispersion"].ShouldBe(1.0);
        relative.Evidence["test"].ShouldBeOfType<string>().ShouldContain("burst interval left out");
        File.Exists(Path.Combine(_deploys.WorkingDirectory, "rolled-back")).ShouldBeFalse();

        var (steady, _) = await WatchAsync((_, _) => false, prometheus: new SyntheticPrometheus(T0, 0.013));
        steady.Verdict.ShouldBe(Verdict.Fail, steady.Reason);
    }

    public Task DisposeAsync() => _deploys.DisposeAsync().AsTask();
}
