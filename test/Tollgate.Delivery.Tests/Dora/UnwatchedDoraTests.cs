using Tollgate.Canary.Spec;
using Tollgate.Delivery.Deploys;
using Tollgate.Delivery.Dora;
using Tollgate.Delivery.Tests.Deploys;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Dora;

namespace Tollgate.Delivery.Tests.Dora;

/// <summary>
/// <c>tollgate dora</c> after a <c>deploy watch</c> stopped (SIGINT, SIGTERM) before it decided: the deploy it left
/// <c>watching</c> is a deployment, not a good one. checkout's v0 failed, v1 succeeded unwatched, v2 is the stopped watch's.
/// </summary>
public sealed class UnwatchedDoraTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DeployLedger.T0;
    private static readonly DoraWindow Window = new(T0.AddDays(-2), T0.AddDays(1));
    private DeployLedger _deploys = null!;

    public async Task InitializeAsync()
    {
        _deploys = await DeployLedger.OpenAsync("tollgate-unwatched-dora-");
        var v0 = new Deploy("v0", "checkout", "production", "v0", DeployIntent.Planned, T0.AddDays(-1.5)) { FinishedAt = T0.AddDays(-1.5), Result = DeployResult.Failed };
        var v2 = new Deploy("production/v2", "checkout", "production", "v2", DeployIntent.Planned, T0) { FinishedAt = T0, Result = DeployResult.Success };
        await _deploys.Store.RecordAsync([new DeployEvent("v0", "test", v0), new DeployEvent(v2.Id, "test", v2)]);
        File.WriteAllText(Path.Combine(_deploys.WorkingDirectory, "slo.yaml"), DeployGateTests.Spec);
        var request = new DeployWatchRequest("checkout", "production", SpecLoader.Load(Path.Combine(_deploys.WorkingDirectory, "slo.yaml")), TimeSpan.FromSeconds(60))
        {
            RollbackCommand = "true", ResumeCommand = "tollgate deploy watch checkout --env production --spec slo.yaml",
        };
        // The fake clock stands still, so the watch never decides: it is stopped once it waits on the clock for its next
        // look (it recorded v2 as watching before), as a SIGTERM would stop it; no real timer, so no race under load.
        using var cancel = new CancellationTokenSource();
        var clock = new WaitedOnClock(_deploys.Clock);
        var watching = new DeployGate(_deploys.Store, new SyntheticPrometheus(T0, 0.05), TextWriter.Null)
            .WatchAsync(request, _deploys.Context() with { Clock = clock, Cancellation = cancel.Token });
        (await Task.WhenAny(clock.WaitedOn, watching)).ShouldBeSameAs(clock.WaitedOn, "the watch waits on the clock for its next look");
        await cancel.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => watching);
    }

    /// <summary>The ledger's fake clock, saying when something first waits on it (a timer with a due time).</summary>
    private sealed class WaitedOnClock(Microsoft.Extensions.Time.Testing.FakeTimeProvider inner) : TimeProvider
    {
        private readonly TaskCompletionSource _waitedOn = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task WaitedOn => _waitedOn.Task;

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override long GetTimestamp() => inner.GetTimestamp();

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = inner.CreateTimer(callback, state, dueTime, period);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                _waitedOn.TrySetResult();
            }

            return timer;
        }
    }

    public async Task DisposeAsync() => await _deploys.DisposeAsync();

    private Task<DoraResult> DoraAsync() => DoraQuery.RunAsync(_deploys.Store, null, "production", Window, DoraDefinitions.Recommended, CancellationToken.None);

    [Fact]
    public async Task RunAsync_WatchStoppedBeforeItDecided_ADeploymentLeftOutOfTheFailureRateAndSaidSo()
    {
        var dora = await DoraAsync();

        var checkout = dora.Services.ShouldHaveSingleItem();
        (checkout.Deployments, checkout.FailedDeployments, checkout.Unwatched).ShouldBe((3, 1, 1));
        checkout.ChangeFailureRate.ShouldBe(0.5, "v0 failed, v1 good, v2 unjudged; was 1/3 with v2 counted good");
        DoraText.Render(dora).ShouldContain(
            "\ncheckout: 1 deploy whose watch never gave a verdict (still watching, or stopped before it decided), left out of the failure rate until a watch judges it\n");
        DoraJson.Serialize(dora).ShouldContain("\"failedDeployments\": 1,\n      \"unwatched\": 1,");
        var fromHistory = (await DoraQuery.RunFromHistoryAsync(_deploys.Store, null, "production", Window, DoraDefinitions.Recommended, CancellationToken.None))
            .Services.ShouldHaveSingleItem();
        (fromHistory with { Levels = checkout.Levels }).ShouldBe(checkout, "the fast path and the full history agree");
    }

    [Fact]
    public async Task RunAsync_StoppedWatchResumedAndPassed_CountsAsAGoodDeploy()
    {
        await _deploys.Store.RecordAsync([new DeployWatchEvent("resumed", "tollgate.deploy.watch", "production/v2", DeployWatch.Passed, T0.AddMinutes(20))]);

        var dora = await DoraAsync();

        var checkout = dora.Services.ShouldHaveSingleItem();
        (checkout.Deployments, checkout.FailedDeployments, checkout.Unwatched).ShouldBe((3, 1, 0));
        checkout.ChangeFailureRate!.Value.ShouldBe(1.0 / 3, 1e-12);
        DoraText.Render(dora).ShouldNotContain("\ncheckout: 1 deploy whose watch never gave a verdict");
    }
}
