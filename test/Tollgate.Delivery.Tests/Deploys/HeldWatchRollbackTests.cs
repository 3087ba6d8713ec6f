using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;
using Tollgate.Delivery.Deploys;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>
/// A rollback returns to the latest verified version, as Argo Rollouts only makes a revision stable once its rollout
/// completed: <c>deploy watch</c> on a SQLite ledger whose v1 of checkout (in production) was recorded the day before
/// with no watch, as a ledger from before watches were recorded holds it. Each deploy is watched an hour after it,
/// every look judged without waiting.
/// </summary>
public sealed class HeldWatchRollbackTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DeployLedger.T0;
    private DeployLedger _deploys = null!;

    public async Task InitializeAsync() => _deploys = await DeployLedger.OpenAsync("tollgate-heldwatch-");

    /// <summary>Records <paramref name="version"/> as deployed (success) at <paramref name="at"/>, then watches it an hour later.</summary>
    private async Task<(Report Report, string Log)> DeployAndWatchAsync(string version, DateTimeOffset at, Func<SyntheticPrometheus, IMetricSource> source, string environment = "production")
    {
        var deploy = new Deploy($"{environment}/{version}", "checkout", environment, version, DeployIntent.Planned, at) { FinishedAt = at, Result = DeployResult.Success };
        await _deploys.Store.RecordAsync([new DeployEvent(deploy.Id, "test", deploy)]);
        return await WatchAsync(at, source, environment);
    }

    private async Task<(Report Report, string Log)> WatchAsync(DateTimeOffset deployedAt, Func<SyntheticPrometheus, IMetricSource> source, string environment = "production")
    {
        if (_deploys.Clock.GetUtcNow() < deployedAt.AddHours(1))
        {
            _deploys.Clock.SetUtcNow(deployedAt.AddHours(1));
        }

        var path = Path.Combine(_deploys.WorkingDirectory, "slo.yaml");
        File.WriteAllText(path, DeployGateTests.Spec);
        var request = new DeployWatchRequest("checkout", environment, SpecLoader.Load(path), TimeSpan.FromSeconds(5))
        {
            RollbackCommand = "true", MaxWait = TimeSpan.FromMinutes(20), ErrorLimit = 1,
        };
        var log = new StringWriter();
        var report = await new DeployGate(_deploys.Store, source(new SyntheticPrometheus(deployedAt, 0.001)), log).WatchAsync(request, _deploys.Context());
        return (report, log.ToString());
    }

    private static IMetricSource Healthy(SyntheticPrometheus s) => s;

    private static IMetricSource Rejecting(SyntheticPrometheus s) => new RejectingPrometheus(s, (_, _) => true);

    private static IMetricSource Failing(SyntheticPrometheus s) => new SyntheticPrometheus(s.ChangeAt, 0.05);

    [Fact]
    public async Task WatchAsync_V1PassedV2HeldV3Fails_RollsBackToV1PassingOverV2()
    {
        (await WatchAsync(T0.AddDays(-1), Healthy)).Report.Verdict.ShouldBe(Verdict.Pass, "v1's watch passes");
        (await DeployAndWatchAsync("v2", T0.AddHours(1), Rejecting)).Report.Verdict.ShouldBe(Verdict.Hold, "v2's watch holds");

        var (report, log) = await DeployAndWatchAsync("v3", T0.AddHours(3), Failing);

        report.Verdict.ShouldBe(Verdict.Fail, report.Reason);
        log.ShouldContain("rolling back checkout in production to v1 (v2 is passed over: its watch held and never verified it): true\n");
        var finding = report.Findings.First(f => f.Rule == "watch-window");
        finding.Message.ShouldStartWith("v3 of checkout failed in production: the watch window failed: ");
        finding.Message.ShouldMatch(@"; rolled back to v1 \(exited 0 in [0-9.]+ s; v2 is passed over: its watch held and never verified it\)$");
        finding.Evidence["rollbackVerified"].ShouldBe(true);
        finding.Evidence["passedOver"].ShouldBe(new List<string> { "production/v2" });
        var rollback = (await _deploys.Store.DeploysAsync("checkout", "production"))[^1];
        (rollback.Intent, rollback.Version, rollback.Remediates, rollback.Result).ShouldBe((DeployIntent.Rollback, "v1", "production/v3", DeployResult.Success));
    }

    [Fact]
    public async Task WatchAsync_EarlierDeployFromBeforeWatchesThenAHeldOne_OldRowCountsAsVerified()
    {
        (await DeployAndWatchAsync("v2", T0.AddHours(1), Rejecting)).Report.Verdict.ShouldBe(Verdict.Hold);

        var (report, log) = await DeployAndWatchAsync("v3", T0.AddHours(3), Failing);

        log.ShouldContain("rolling back checkout in production to v1 (v2 is passed over: its watch held and never verified it): true\n",
            customMessage: "v1 was recorded with no watch (an old ledger's row, or deploy finish): its success counts as verified");
        report.Findings.First(f => f.Rule == "watch-window").Evidence["rollbackVersion"].ShouldBe("v1");
    }

    [Fact]
    public async Task WatchAsync_OnlyHeldDeploysEarlier_RollsBackToTheLatestSayingItIsUnverified()
    {
        (await DeployAndWatchAsync("v1", T0.AddHours(1), Rejecting, "staging")).Report.Verdict.ShouldBe(Verdict.Hold);
        (await DeployAndWatchAsync("v2", T0.AddHours(2), Rejecting, "staging")).Report.Verdict.ShouldBe(Verdict.Hold);

        var (report, log) = await DeployAndWatchAsync("v3", T0.AddHours(3), Failing, "staging");

        report.Verdict.ShouldBe(Verdict.Fail, report.Reason);
        log.ShouldContain("rolling back checkout in staging to v2 (unverified: its watch held and never verified it, and no earlier successful deploy is verified): true\n");
        var finding = report.Findings.First(f => f.Rule == "watch-window");
        finding.Message.ShouldMatch(@"; rolled back to v2 \(exited 0 in [0-9.]+ s; unverified: its watch held and never verified it, and no earlier successful deploy is verified\)$");
        finding.Evidence["rollbackVerified"].ShouldBe(false);
        var rollback = (await _deploys.Store.DeploysAsync("checkout", "staging"))[^1];
        (rollback.Intent, rollback.Version, rollback.Remediates).ShouldBe((DeployIntent.Rollback, "v2", "staging/v3"));
        rollback.Verified.ShouldBeFalse("returning to an unverified version verifies nothing: a later rollback passes over it too");
    }

    [Fact]
    public async Task WatchAsync_WatchThatNeverEnded_PassedOverAsNeverVerified()
    {
        var stopped = new Deploy("v2", "checkout", "production", "v2", DeployIntent.Planned, T0.AddHours(1)) { FinishedAt = T0.AddHours(1), Result = DeployResult.Success };
        await _deploys.Store.RecordAsync([new DeployEvent("v2", "test", stopped)]);
        using (var cancelled = new CancellationTokenSource())
        {
            // the watch's process is stopped at its first look: what it recorded when it began is all the ledger holds
            var source = new CancellingSource(new SyntheticPrometheus(T0.AddHours(1), 0.001), cancelled);
            _deploys.Clock.SetUtcNow(T0.AddHours(2));
            var path = Path.Combine(_deploys.WorkingDirectory, "slo.yaml");
            File.WriteAllText(path, DeployGateTests.Spec);
            var request = new DeployWatchRequest("checkout", "production", SpecLoader.Load(path), TimeSpan.FromSeconds(5));
            await Should.ThrowAsync<OperationCanceledException>(() => new DeployGate(_deploys.Store, source, TextWriter.Null).WatchAsync(request, _deploys.Context() with { Cancellation = cancelled.Token }));
        }

        var (_, log) = await DeployAndWatchAsync("v3", T0.AddHours(3), Failing);

        log.ShouldContain("rolling back checkout in production to v1 (v2 is passed over: its watch never ended and never verified it): true\n");
    }

    /// <summary>A source whose first instant probe cancels the watch, as a stopped process ends it.</summary>
    private sealed class CancellingSource(IMetricSource inner, CancellationTokenSource cancel) : IMetricSource
    {
        public Task<MetricResponse> RangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) =>
            inner.RangeAsync(query, start, end, step, cancellationToken);

        public async Task<MetricResponse> InstantAsync(string query, DateTimeOffset at, CancellationToken cancellationToken)
        {
            await cancel.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
            return await inner.InstantAsync(query, at, cancellationToken);
        }
    }

    public Task DisposeAsync() => _deploys.DisposeAsync().AsTask();
}
