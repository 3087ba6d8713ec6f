using System.Diagnostics;
using Tollgate.Canary.Spec;
using Tollgate.Delivery.Deploys;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>
/// <c>deploy run</c> checks for a deploy or watch under way once, in the claim that records its deploy
/// (<see cref="DeployRunRequest.UnderWay"/>): a stale deploy's note is said once, before the deploy; a refusal is the
/// check's own line with nothing recorded. Before, the check was made a first time ahead of the claim and again in it:
/// a check made twice says the stale deploy's note twice (the first test's count). The CLI's own early check is caught by
/// the CLI's StaleDeployNoteTests, through the built tollgate.
/// </summary>
public sealed class ClaimedUnderWayTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DeployLedger.T0;
    private readonly StringWriter _log = new();
    private DeployLedger _deploys = null!;

    public async Task InitializeAsync() => _deploys = await DeployLedger.OpenAsync("tollgate-claimed-under-way-");

    public Task DisposeAsync() => _deploys.DisposeAsync().AsTask();

    private async Task<DeployLease> RecordRunningV2Async(Process run)
    {
        var lease = new DeployLease(run.Id, new DateTimeOffset(run.StartTime.ToUniversalTime(), TimeSpan.Zero), T0.AddMinutes(10), Environment.MachineName);
        await _deploys.Store.RecordAsync([new DeployEvent("v2", "test", new Deploy("v2", "checkout", "production", "v2", DeployIntent.Planned, T0.AddSeconds(-30)) { Lease = lease.Text })]);
        return lease;
    }

    private Task<Domain.Reports.Report> RunV3Async()
    {
        var path = Path.Combine(_deploys.WorkingDirectory, "slo.yaml");
        File.WriteAllText(path, DeployGateTests.Spec);
        var request = new DeployRunRequest("checkout", "v3", "production", "exit 5", "true", SpecLoader.Load(path), TimeSpan.FromSeconds(20))
        {
            UnderWay = (now, notes, token) => DeployUnderWay.CheckAsync(_deploys.Store, "checkout", "production", now, TimeSpan.FromMinutes(10), notes, " --ledger l.db", token),
        };
        return new DeployGate(_deploys.Store, new SyntheticPrometheus(T0, 0.001), _log).RunAsync(request, _deploys.Context());
    }

    [Fact]
    public async Task RunAsync_StaleDeployRunOfTheTarget_ItsNoteSaidOnceBeforeTheDeploy()
    {
        using var run = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        await RecordRunningV2Async(run);
        run.Kill();
        await run.WaitForExitAsync();

        await RunV3Async();

        var log = _log.ToString();
        var note = $"tollgate: note: v2 of checkout in production is recorded running by deploy run, pid {run.Id} on {Environment.MachineName}, which is gone";
        log.Split('\n').Count(l => l.StartsWith(note, StringComparison.Ordinal)).ShouldBe(1, log);
        log.IndexOf(note, StringComparison.Ordinal).ShouldBeLessThan(log.IndexOf("deploying v3 of checkout to production: exit 5", StringComparison.Ordinal), log);
        (await _deploys.Store.DeploysAsync("checkout", "production")).Select(d => d.Version).ShouldContain("v3");
    }

    [Fact]
    public async Task RunAsync_LiveDeployRunOfTheTarget_RefusedInTheClaimNothingDeployedOrRecorded()
    {
        using var run = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        try
        {
            await RecordRunningV2Async(run);

            var error = await Should.ThrowAsync<InvalidInputException>(RunV3Async);

            error.Message.ShouldStartWith($"v2 of checkout in production is being deployed by deploy run, pid {run.Id} on {Environment.MachineName} ");
            error.Message.ShouldEndWith("nothing was deployed or recorded");
            _log.ToString().ShouldNotContain("deploying");
            (await _deploys.Store.DeploysAsync("checkout", "production")).Select(d => d.Version).ShouldBe(["v1", "v2"]);
        }
        finally
        {
            run.Kill();
        }
    }
}
