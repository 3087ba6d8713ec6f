using System.Diagnostics;
using System.Globalization;
using Tollgate.Canary.Spec;
using Tollgate.Delivery.Deploys;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger;
using Tollgate.Testing;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>
/// A rollback is under way in the ledger, with the lease of its <c>deploy run</c>, before its command runs, and the
/// command carries the rollback's id (<c>TOLLGATE_DEPLOY_ID</c>): a later <c>deploy run</c> is refused while it runs,
/// and, once its run was killed outright (a real process, SIGKILLed), while its orphaned command lives (naming the
/// command's process group); once that is gone too, the run goes on with a note that the rollback stays running in the
/// ledger, its failed deploy unrecovered.
/// </summary>
public abstract class RollbackUnderWayTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DeployLedger.T0;
    private DeployLedger _deploys = null!;

    /// <summary>
    /// What records a rollback left running (report 18 #2): both outcomes, since whether it rolled back is unknown, and
    /// no <c>--at</c> of its start (which recorded it ended as it began: "failed after 0 min").
    /// </summary>
    private const string Record = "tollgate deploy finish checkout --env production --result success --ledger l.db if v1 is live, else tollgate deploy finish checkout --env production --result failed --ledger l.db; add --at with the time its rollback command ended if you know it, else it is recorded ended now";

    /// <summary>The <c>--ledger</c> of the engine under test: null for SQLite, a fresh PostgreSQL database.</summary>
    protected abstract Task<string?> ConnectionAsync();

    public async Task InitializeAsync() => _deploys = await DeployLedger.OpenAsync("tollgate-rollback-under-way-", await ConnectionAsync());

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
    public async Task RunAsync_WhileTheRollbackCommandRuns_TheFailedDeploysVerdictIsAlreadyRecordedUnderItsSubject()
    {
        // Report 18 #3: a run SIGKILLed while its rollback command ran left no deploy verdict (recorded after the command).
        var started = File("started");
        System.IO.File.WriteAllText(File("slo.yaml"), DeployGateTests.Spec);
        var request = new DeployRunRequest("checkout", "v2", "production", "exit 4", $"touch '{started}' && while [ ! -f '{File("go")}' ]; do sleep 0.05; done",
            SpecLoader.Load(File("slo.yaml")), TimeSpan.FromSeconds(120));
        var gate = new DeployGate(_deploys.Store, new SyntheticPrometheus(T0, 0.001), TextWriter.Null).RunAsync(request, _deploys.Context());
        for (var waited = 0; !System.IO.File.Exists(started) && waited < 600 && !gate.IsCompleted; waited++)
        {
            await Task.Delay(50);
        }

        var during = await LedgerViews.Verdicts(_deploys.Ledger).NewestAsync("deploy", "checkout@production v2", DateTimeOffset.MinValue);
        System.IO.File.WriteAllText(File("go"), "");
        var report = await gate; // the command ends: the rollback is recorded, and the verdict after it says so

        System.IO.File.Exists(started).ShouldBeTrue("the rollback command ran");
        during.ShouldNotBeNull("recorded before the rollback command ran, under the deploy's subject").Verdict.ShouldBe("fail");
        during.Findings.ShouldContain("v2 of checkout failed in production: the deploy command exited 4 in ");
        during.Findings.ShouldContain("; rolling back to v1");
        during.Findings.ShouldContain("its command is under way; how it ended is recorded with the rollback");
        report.Verdict.ShouldBe(Verdict.Fail);
        var after = (await LedgerViews.Verdicts(_deploys.Ledger).NewestAsync("deploy", "checkout@production v2", DateTimeOffset.MinValue)).ShouldNotBeNull();
        (after.Id, after.Digest).ShouldNotBe((during.Id, during.Digest), "the verdict after the command is recorded too");
        after.Findings.ShouldContain("; rolled back to v1 (");
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

    /// <summary>v2 recorded failed and its rollback to v1 recorded running with <paramref name="lease"/>, as <see cref="Rollback"/> leaves them.</summary>
    private async Task<string> RecordRollbackUnderWayAsync(DeployLease lease)
    {
        await _deploys.Store.RecordAsync([new DeployEvent("v2", "test", new Deploy("v2", "checkout", "production", "v2", DeployIntent.Planned, T0.AddMinutes(-1))
        {
            FinishedAt = T0.AddMinutes(-1), Result = DeployResult.Failed,
        })]);
        var id = "checkout/production/v1@" + Guid.NewGuid().ToString("N") + "/rollback";
        await _deploys.Store.RecordAsync([new DeployEvent(id, "test", new Deploy(id, "checkout", "production", "v1", DeployIntent.Rollback, T0)
        {
            Remediates = "v2", Source = "watch-window", Lease = lease.Text,
        })]);
        return id;
    }

    /// <summary>
    /// <c>deploy watch</c> of checkout in production an hour after the rollback began (a watch of it would judge every look
    /// at once, its errors at 5 %): its one line of exit 3.
    /// </summary>
    private async Task<string> WatchRefusedAsync()
    {
        System.IO.File.WriteAllText(File("slo.yaml"), DeployGateTests.Spec);
        _deploys.Clock.SetUtcNow(T0.AddHours(1));
        var request = new DeployWatchRequest("checkout", "production", SpecLoader.Load(File("slo.yaml")), TimeSpan.FromSeconds(60)) { RollbackCommand = "true", Connection = " --ledger l.db" };
        var gate = new DeployGate(_deploys.Store, new SyntheticPrometheus(T0, 0.05), TextWriter.Null);
        return (await Should.ThrowAsync<InvalidInputException>(() => gate.WatchAsync(request, _deploys.Context()))).Message;
    }

    private async Task ShouldBeUnjudgedAsync(string id)
    {
        var deploys = await _deploys.Store.DeploysAsync("checkout", "production");
        deploys.Single(d => d.Id == id).ShouldSatisfyAllConditions(r => r.Result.ShouldBe(DeployResult.Running), r => r.Watch.ShouldBe(DeployWatch.None, "no watch began on it"));
        deploys.Single(d => d.Id == "v2").Watch.ShouldBe(DeployWatch.None, "nor on the deploy it rolls back");
    }

    [Fact]
    public async Task WatchAsync_NewestIsARollbackWhoseTollgateWasKilled_RefusedNamingItAndTheDeployItRollsBackNothingJudged()
    {
        using var run = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        var lease = new DeployLease(run.Id, new DateTimeOffset(run.StartTime.ToUniversalTime(), TimeSpan.Zero), T0.AddMinutes(10), Environment.MachineName);
        run.Kill(); // SIGKILL
        await run.WaitForExitAsync();
        var id = await RecordRollbackUnderWayAsync(lease);

        var error = await WatchRefusedAsync();

        error.ShouldBe($"the newest deploy of checkout in production is the rollback to v1 of v2 (recorded failed: nothing to promote), recorded running by tollgate, pid {run.Id} on {Environment.MachineName}, "
            + "which is gone (killed before its rollback command ended): whether it rolled back is unknown, so there is nothing to judge; record what it did "
            + $"({Record}) and watch again; nothing was recorded");
        await ShouldBeUnjudgedAsync(id);
    }

    [Fact]
    public async Task WatchAsync_NewestIsARollbackStillBeingMade_RefusedUntilItsRunRecordsItsEnd()
    {
        var id = await RecordRollbackUnderWayAsync(DeployLease.Current(T0, TimeSpan.FromMinutes(10)));

        var error = await WatchRefusedAsync();

        error.ShouldBe($"the newest deploy of checkout in production is the rollback to v1 of v2 (recorded failed: nothing to promote), being made by tollgate, pid {Environment.ProcessId} on {Environment.MachineName} "
            + "(started 12:00:00Z; its rollback command ends by 12:10:00Z at the latest): its run records its end and its verdict; watch again once it is over to judge v1; nothing was recorded");
        await ShouldBeUnjudgedAsync(id);
    }

    [Fact]
    public async Task WatchAsync_NewestIsARollbackRecordedOnAnotherHost_TheLineNamesThatHostAndPidToCheckThere()
    {
        var id = await RecordRollbackUnderWayAsync(new DeployLease(4242, T0.AddHours(-1), T0.AddSeconds(30), "build-runner-7"));

        var error = await WatchRefusedAsync();

        error.ShouldStartWith("the newest deploy of checkout in production is the rollback to v1 of v2 (recorded failed: nothing to promote), recorded running by tollgate, pid 4242 on host build-runner-7, "
            + $"not this host ({Environment.MachineName}): whether that process or its rollback command still runs cannot be seen from here, check on build-runner-7; its lease ended at 12:00:30Z: "
            + "whether it rolled back is unknown, so there is nothing to judge; record what it did");
        await ShouldBeUnjudgedAsync(id);
    }

    [Fact]
    public async Task CheckAsync_RollbackRecordedOnAnotherHost_RefusedThenANoteNamingThatHostAndPidToCheckThere()
    {
        await RecordRollbackUnderWayAsync(new DeployLease(4242, T0.AddHours(-1), T0.AddMinutes(10), "build-runner-7"));
        var host = Environment.MachineName;
        var elsewhere = $"tollgate, pid 4242 on build-runner-7 (not this host, {host}: whether it still runs cannot be seen from here, check on build-runner-7)";

        var error = await Should.ThrowAsync<InvalidInputException>(() => CheckAsync(T0.AddMinutes(1), TextWriter.Null));
        var log = new StringWriter();
        await CheckAsync(T0.AddMinutes(11), log);

        error.Message.ShouldStartWith($"the rollback of checkout in production to v1 is being made by {elsewhere} (started 12:00:00Z; its rollback command ends by 12:10:00Z at the latest): ");
        log.ToString().ShouldBe($"tollgate: note: the rollback of checkout in production to v1 is recorded running by {elsewhere}, its lease over since 12:10:00Z: not waiting for it; "
            + "whether it rolled back is unknown, so it stays running in the ledger and its failed deploy unrecovered until recorded: "
            + Record + "\n");
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
                + $"but its rollback command still runs as process group {group} on {host}: a deploy now would be rolled back by it; let it end or stop it (kill -- -{group}), "
                + $"then record what it did ({Record}) and run this again; nothing was deployed or recorded");

            await KillGroupAsync(group);
            for (var waited = 0; DeployCommandGroup.Of(id) is not null && waited < 100; waited++)
            {
                await Task.Delay(50);
            }

            var log = new StringWriter();
            await CheckAsync(T0.AddMinutes(1), log);
            log.ToString().ShouldBe($"tollgate: note: the rollback of checkout in production to v1 is recorded running by tollgate, pid {run.Id} on {host}, which is gone "
                + "(killed before its rollback command ended): not waiting for it; whether it rolled back is unknown, so it stays running in the ledger and its failed deploy unrecovered "
                + $"until recorded: {Record}\n");
            (await _deploys.Store.DeployAsync(id)).ShouldNotBeNull().Result.ShouldBe(DeployResult.Running, "nothing recorded for it: a recovery never confirmed is not counted");
        }
        finally
        {
            await KillGroupAsync(group, "KILL");
        }
    }
}

public sealed class SqliteRollbackUnderWayTests : RollbackUnderWayTests
{
    protected override Task<string?> ConnectionAsync() => Task.FromResult<string?>(null);
}

public sealed class PostgresRollbackUnderWayTests : RollbackUnderWayTests
{
    protected override async Task<string?> ConnectionAsync() => await PostgresServer.Shared.CreateDatabaseAsync();
}
