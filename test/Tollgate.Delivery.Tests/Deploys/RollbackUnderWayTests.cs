using System.Diagnostics;
using System.Globalization;
using Tollgate.Canary.Spec;
using Tollgate.Delivery.Deploys;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>
/// A rollback is under way in the ledger, with the lease of its <c>deploy run</c>, before its command runs, and the
/// command carries the rollback's id (<c>TOLLGATE_DEPLOY_ID</c>): a later <c>deploy run</c> is refused while it runs,
/// and, once its run was killed outright (a real process, SIGKILLed), while its orphaned command lives (naming the
/// command's process group); once that is gone too, the run goes on with a note that the rollback stays running in the
/// ledger, its failed deploy unrecovered.
/// </summary>
public sealed class RollbackUnderWayTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DeployLedger.T0;
    private DeployLedger _deploys = null!;

    public async Task InitializeAsync() => _deploys = await DeployLedger.OpenAsync("tollgate-rollback-under-way-");

    public Task DisposeAsync() => _deploys.DisposeAsync().AsTask();

    private string File(string name) => Path.Combine(_deploys.WorkingDirectory, name);

    private Task CheckAsync(DateTimeOffset now, TextWriter log) =>
        DeployUnderWay.CheckAsync(_deploys.Store, "checkout", "production", now, TimeSpan.FromMinutes(10), log, " --ledger l.db", CancellationToken.None);

    private static async Task KillGroupAsync(int group, string signal = "TERM")
    {
        using var kill = Process.Start("/bin/sh", ["-c", $"kill -s {signal} -- -{group} 2>/dev/null"]);
        await kill.WaitForExitAsync();
    }

    [Fact]
    public async Task RunAsync_WhileTheRollbackCommandRuns_TheRollbackIsRunningWithTheRunsLeaseAndItsCommandCarriesItsId()
    {
        // The hook writes its own process group (field 5 of /proc/PID/stat; "sh" has no space), then waits.
        var groupFile = File("group");
        System.IO.File.WriteAllText(File("slo.yaml"), DeployGateTests.Spec);
        var request = new DeployRunRequest("checkout", "v2", "production", "exit 4", $"cut -d' ' -f5 /proc/$$/stat > '{groupFile}.tmp' && mv '{groupFile}.tmp' '{groupFile}' && exec sleep 60",
            SpecLoader.Load(File("slo.yaml")), TimeSpan.FromSeconds(120));
        var gate = new DeployGate(_deploys.Store, new SyntheticPrometheus(T0, 0.001), TextWriter.Null).RunAsync(request, _deploys.Context());
        for (var waited = 0; !System.IO.File.Exists(groupFile) && waited < 600 && !gate.IsCompleted; waited++)
        {
            await Task.Delay(50);
        }

        var group = int.Parse(System.IO.File.ReadAllText(groupFile).Trim(), CultureInfo.InvariantCulture);
        try
        {
            var deploys = await _deploys.Store.DeploysAsync("checkout", "production");
            var (failed, rollback) = (deploys.Single(d => d.Version == "v2"), deploys.Single(d => d.Intent == DeployIntent.Rollback));
            failed.Result.ShouldBe(DeployResult.Failed, "its failure is recorded before the rollback command starts");
            rollback.Result.ShouldBe(DeployResult.Running, "under way before its command runs");
            (rollback.Version, rollback.Remediates, rollback.FinishedAt).ShouldBe(("v1", failed.Id, null));
            DeployLease.Of(rollback).ShouldNotBeNull().Pid.ShouldBe(Environment.ProcessId);
            DeployCommandGroup.Of(rollback.Id).ShouldBe(group, "the rollback command is found by the rollback's id");

            var error = await Should.ThrowAsync<InvalidInputException>(() => CheckAsync(T0.AddMinutes(1), TextWriter.Null));
            error.Message.ShouldStartWith($"the rollback of checkout in production to v1 is being made by tollgate, pid {Environment.ProcessId} on {Environment.MachineName} (started 12:00:00Z; "
                + "its rollback command ends by 12:02:00Z at the latest): a deploy now would be rolled back by it;");

            await KillGroupAsync(group); // the rollback command fails: recorded failed, as before
            await gate;
            var after = (await _deploys.Store.DeployAsync(rollback.Id)).ShouldNotBeNull();
            (after.Result, after.FinishedAt).ShouldBe((DeployResult.Failed, T0));
        }
        finally
        {
            await KillGroupAsync(group, "KILL");
        }
    }

    [Fact]
    public async Task CheckAsync_DeployRunKilledWhileItsRollbackCommandRuns_RefusedNamingTheCommandsProcessGroupThenANoteOnceItIsGone()
    {
        await _deploys.Store.RecordAsync([new DeployEvent("v2", "test", new Deploy("v2", "checkout", "production", "v2", DeployIntent.Planned, T0.AddMinutes(-1))
        {
            FinishedAt = T0.AddMinutes(-1), Result = DeployResult.Failed,
        })]);
        var id = "checkout/production/v1@" + Guid.NewGuid().ToString("N") + "/rollback";
        // A deploy run inside its rollback command, as Rollback runs it: the command in a process group (and session)
        // of its own, the rollback's id in its environment; the run then killed with SIGKILL, the command left running.
        // The command prints its own pid, its group's id: setsid(1) forks first when its caller leads a group.
        using var run = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", $"{DeployHook.DeployIdVariable}='{id}' setsid sh -c 'echo $$; exec sleep 60' & exec sleep 60"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
        })!;
        var group = int.Parse((await run.StandardOutput.ReadLineAsync())!, CultureInfo.InvariantCulture);
        try
        {
            var lease = new DeployLease(run.Id, new DateTimeOffset(run.StartTime.ToUniversalTime(), TimeSpan.Zero), T0.AddMinutes(10), Environment.MachineName);
            await _deploys.Store.RecordAsync([new DeployEvent(id, "test", new Deploy(id, "checkout", "production", "v1", DeployIntent.Rollback, T0)
            {
                Remediates = "v2", Source = "watch-window", Lease = lease.Text,
            })]);
            run.Kill(); // SIGKILL
            await run.WaitForExitAsync();

            var error = await Should.ThrowAsync<InvalidInputException>(() => CheckAsync(T0.AddMinutes(1), TextWriter.Null));

            var host = Environment.MachineName;
            error.Message.ShouldBe($"the rollback of checkout in production to v1 is recorded running by tollgate, pid {run.Id} on {host}, which is gone (killed before its rollback command ended), "
                + $"but its rollback command still runs as process group {group} on {host}: a deploy now would be rolled back by it; stop it (kill -- -{group}), "
                + "record it (tollgate deploy finish checkout --env production --result failed --at 2026-03-02T12:00:00.000Z --ledger l.db) and run this again; nothing was deployed or recorded");

            await KillGroupAsync(group);
            for (var waited = 0; DeployCommandGroup.Of(id) is not null && waited < 100; waited++)
            {
                await Task.Delay(50);
            }

            var log = new StringWriter();
            await CheckAsync(T0.AddMinutes(1), log);
            log.ToString().ShouldBe($"tollgate: note: the rollback of checkout in production to v1 is recorded running by tollgate, pid {run.Id} on {host}, which is gone "
                + "(killed before its rollback command ended): not waiting for it; whether it rolled back is unknown, so it stays running in the ledger and its failed deploy unrecovered "
                + "until recorded: tollgate deploy finish checkout --env production --result failed --at 2026-03-02T12:00:00.000Z --ledger l.db\n");
            (await _deploys.Store.DeployAsync(id)).ShouldNotBeNull().Result.ShouldBe(DeployResult.Running, "nothing recorded for it: a recovery never confirmed is not counted");
        }
        finally
        {
            await KillGroupAsync(group, "KILL");
        }
    }
}
