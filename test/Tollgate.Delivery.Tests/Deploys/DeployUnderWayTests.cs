using System.Diagnostics;
using Tollgate.Delivery.Deploys;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>
/// <c>deploy run</c> while the newest deploy is still running: a deploy whose <c>deploy run</c> process lives blocks it;
/// one whose process was killed (a real process, killed) is stale and blocks nothing; one recorded by <c>deploy start</c>
/// blocks with the <c>deploy finish</c> that clears it.
/// </summary>
public sealed class DeployUnderWayTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DeployLedger.T0;
    private DeployLedger _deploys = null!;
    private readonly StringWriter _log = new();

    public async Task InitializeAsync() => _deploys = await DeployLedger.OpenAsync("tollgate-deploy-under-way-");

    public Task DisposeAsync() => _deploys.DisposeAsync().AsTask();

    private Task RecordRunningV2Async(string? lease) =>
        _deploys.Store.RecordAsync([new DeployEvent("v2", "test", new Deploy("v2", "checkout", "production", "v2", DeployIntent.Planned, T0) { Lease = lease })]);

    private Task CheckAsync(DateTimeOffset now) =>
        DeployUnderWay.CheckAsync(_deploys.Store, "checkout", "production", now, TimeSpan.FromMinutes(10), _log, " --ledger l.db", CancellationToken.None);

    private static Process Sleeper()
    {
        var process = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        return process;
    }

    private static DeployLease LeaseOf(Process process, DateTimeOffset until, string? host = null) =>
        new(process.Id, new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero), until, host ?? Environment.MachineName);

    [Fact]
    public async Task CheckAsync_DeployRunProcessAlive_RefusedNamingTheProcessAndHowToStopIt()
    {
        using var run = Sleeper();
        try
        {
            var lease = LeaseOf(run, T0.AddMinutes(10));
            await RecordRunningV2Async(lease.Text);

            // past the lease's end: the process still lives, so it still deploys
            var error = await Should.ThrowAsync<InvalidInputException>(() => CheckAsync(T0.AddMinutes(30)));

            error.Message.ShouldBe($"v2 of checkout in production is being deployed by deploy run, pid {run.Id} on {Environment.MachineName} (started 12:00:00Z; its deploy command ends by 12:10:00Z at the latest, then its watch begins): "
                + $"a deploy now would be judged on its traffic and it on this one's; wait for its verdict, or stop it (kill {run.Id} on {Environment.MachineName}: its deploy is recorded failed), and run this again; nothing was deployed or recorded");
        }
        finally
        {
            run.Kill();
        }
    }

    [Fact]
    public async Task CheckAsync_DeployRunProcessKilled_AllowedAtOnceWithANoteSayingHowToRecordIt()
    {
        using var run = Sleeper();
        var lease = LeaseOf(run, T0.AddMinutes(10));
        await RecordRunningV2Async(lease.Text);
        run.Kill();
        await run.WaitForExitAsync();

        await CheckAsync(T0.AddMinutes(1)); // within its lease: its process is gone, so nothing deploys

        _log.ToString().ShouldBe($"tollgate: note: v2 of checkout in production is recorded running by deploy run, pid {run.Id} on {Environment.MachineName}, which is gone "
            + "(killed before its deploy command ended): not waiting for it; it stays running in the ledger until recorded: "
            + "tollgate deploy finish checkout --env production --result failed --at 2026-03-02T12:00:00.000Z --ledger l.db\n");
    }

    [Fact]
    public async Task CheckAsync_DeployRunKilledWhileItsCommandRuns_RefusedNamingTheCommandsProcessGroupUntilItIsStopped()
    {
        var id = "checkout/production/v2@" + Guid.NewGuid().ToString("N");
        // A deploy run inside its deploy command, as DeployGate runs it: the command in a process group (and session) of
        // its own, the deploy's id in its environment; the run then killed with SIGKILL, the command left running. The
        // command prints its own pid, its group's id: setsid(1) forks first when its caller leads a group, so $! need not be.
        using var run = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", $"{DeployHook.DeployIdVariable}='{id}' setsid sh -c 'echo $$; exec sleep 60' & exec sleep 60"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
        })!;
        var group = int.Parse((await run.StandardOutput.ReadLineAsync())!, System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            await _deploys.Store.RecordAsync([new DeployEvent(id, "test", new Deploy(id, "checkout", "production", "v2", DeployIntent.Planned, T0) { Lease = LeaseOf(run, T0.AddMinutes(10)).Text })]);
            run.Kill(); // SIGKILL
            await run.WaitForExitAsync();

            var error = await Should.ThrowAsync<InvalidInputException>(() => CheckAsync(T0.AddMinutes(1)));

            var host = Environment.MachineName;
            error.Message.ShouldBe($"v2 of checkout in production is recorded running by deploy run, pid {run.Id} on {host}, which is gone (killed before its deploy command ended), "
                + $"but its deploy command still runs as process group {group} on {host}: a deploy now would be judged on its traffic and it on this one's; stop it (kill -- -{group}), "
                + "record it (tollgate deploy finish checkout --env production --result failed --at 2026-03-02T12:00:00.000Z --ledger l.db) and run this again; nothing was deployed or recorded");

            // stopped as the line says: the next run goes on, with the note that the deploy is stale
            using (var kill = Process.Start("/bin/sh", ["-c", $"kill -- -{group}"]))
            {
                await kill.WaitForExitAsync();
                kill.ExitCode.ShouldBe(0);
            }

            for (var waited = 0; DeployCommandGroup.Of(id) is not null && waited < 100; waited++)
            {
                await Task.Delay(50);
            }

            await CheckAsync(T0.AddMinutes(1));
            _log.ToString().ShouldStartWith($"tollgate: note: v2 of checkout in production is recorded running by deploy run, pid {run.Id} on {host}, which is gone");
        }
        finally
        {
            using var cleanup = Process.Start("/bin/sh", ["-c", $"kill -s KILL -- -{group} 2>/dev/null"]);
            await cleanup.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task CheckAsync_DeployRunOnAnotherHost_BlocksUntilItsOwnLeaseEnds()
    {
        await RecordRunningV2Async(new DeployLease(4242, T0.AddHours(-1), T0.AddMinutes(3), "runner-elsewhere").Text);

        var error = await Should.ThrowAsync<InvalidInputException>(() => CheckAsync(T0.AddMinutes(2)));
        error.Message.ShouldStartWith("v2 of checkout in production is being deployed by deploy run, pid 4242 on runner-elsewhere (started 12:00:00Z; its deploy command ends by 12:03:00Z");

        await CheckAsync(T0.AddMinutes(3)); // its own --timeout (3 minutes), not this run's 10
    }

    [Fact]
    public async Task CheckAsync_RecordedByDeployStart_RefusedWithTheFinishThatClearsIt()
    {
        await RecordRunningV2Async(null);

        var error = await Should.ThrowAsync<InvalidInputException>(() => CheckAsync(T0.AddMinutes(1)));

        error.Message.ShouldBe("v2 of checkout in production was recorded started at 12:00:00Z (by deploy start or an event) and is not finished: "
            + "a deploy now would be judged on its traffic and it on this one's; once it is over, record it (tollgate deploy finish checkout --env production --result success|failed --ledger l.db, "
            + "failed if it never went out) and run this again, or wait until 12:10:00Z (--timeout); nothing was deployed or recorded");
        await CheckAsync(T0.AddMinutes(10));
    }

    [Fact]
    public async Task Of_LeaseRecorded_ReadBackFromTheLedgerWithTheSourceLeftAsIs()
    {
        var lease = new DeployLease(17, T0.AddSeconds(-3), T0.AddMinutes(10), "host-a");
        await RecordRunningV2Async(lease.Text);

        var read = (await _deploys.Store.DeployAsync("v2")).ShouldNotBeNull();

        read.Source.ShouldBe("cli");
        read.Lease.ShouldBe("pid=17;process-start=" + T0.AddSeconds(-3).ToUnixTimeMilliseconds() + ";until=" + T0.AddMinutes(10).ToUnixTimeMilliseconds() + ";host=host-a");
        DeployLease.Of(read).ShouldBe(lease);
        DeployLease.Of(new Deploy("v2", "checkout", "production", "v2", DeployIntent.Planned, T0)).ShouldBeNull();
    }
}
