using Tollgate.Cli.Tests.Hosting;
using Tollgate.Domain.Delivery;
using Tollgate.Ledger;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// The real built tollgate killed with SIGKILL while its rollback command runs: the rollback stays running in the
/// ledger (no recovery), and the next <c>deploy run</c> is refused while the orphaned rollback command lives, naming its
/// process group (taken from the command itself), then goes on with a note once it is stopped.
/// </summary>
public sealed class KilledRollbackTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-killed-rollback-").FullName;

    public KilledRollbackTests() => File.WriteAllText(Path.Combine(_dir, "slo.yaml"), DeliveryRefusalTests.Spec);

    private async Task<IReadOnlyList<Deploy>> DeploysAsync()
    {
        await using var ledger = await LedgerLocation.OpenAsync(null, _dir, TimeProvider.System);
        return await DeliveryStore.Of(ledger).DeploysAsync("web", "staging");
    }

    private static async Task KillGroupAsync(int group, string signal)
    {
        using var kill = System.Diagnostics.Process.Start("/bin/sh", ["-c", $"kill -s {signal} -- -{group} 2>/dev/null"]);
        await kill.WaitForExitAsync();
    }

    /// <summary>The next deploy run, by the built tollgate too: on the same clock as the killed one.</summary>
    private Task<(int Code, string Error)> RunV3Async() =>
        BuiltTollgate.ShellAsync(_dir, "$TOLLGATE deploy run web --version v3 --env staging --spec slo.yaml --deploy-cmd 'touch deployed && exit 4' --rollback-cmd true");

    [Fact]
    public async Task DeployRun_AfterARunKilledInItsRollbackCommand_RefusedWhileTheOrphanedCommandLivesThenGoesOnWithANote()
    {
        var yesterday = DateTimeOffset.UtcNow.AddDays(-1);
        await using (var ledger = await LedgerLocation.OpenAsync(null, _dir, TimeProvider.System))
        {
            var v1 = new Deploy("v1", "web", "staging", "v1", DeployIntent.Planned, yesterday) { FinishedAt = yesterday, Result = DeployResult.Success };
            await DeliveryStore.Of(ledger).RecordAsync([new DeployEvent("v1", "test", v1), new DeployWatchEvent("watch-v1", "test", "v1", DeployWatch.Passed, yesterday)]);
        }

        // The rollback command writes its own process group (field 5 of /proc/PID/stat), then waits.
        var groupFile = Path.Combine(_dir, "group");
        int group;
        int pid;
        using (var first = BuiltTollgate.Start(_dir, null, "deploy", "run", "web", "--version", "v2", "--env", "staging", "--spec", "slo.yaml",
            "--deploy-cmd", "exit 4", "--rollback-cmd", "cut -d' ' -f5 /proc/$$/stat > group.tmp && mv group.tmp group && exec sleep 120"))
        {
            for (var waited = 0; !File.Exists(groupFile) && waited < 1200; waited++)
            {
                await Task.Delay(50);
            }

            group = int.Parse(File.ReadAllText(groupFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            pid = first.Id;
            first.Signal("KILL");
            (await first.ExitAsync(TimeSpan.FromSeconds(60))).Code.ShouldBe(137);
        }

        try
        {
            var rollback = (await DeploysAsync()).Single(d => d.Intent == DeployIntent.Rollback);
            (rollback.Version, rollback.Result, rollback.FinishedAt).ShouldBe(("v1", DeployResult.Running, null), "under way, not a recovery: it never ended");

            var refused = await RunV3Async();

            var host = Environment.MachineName;
            refused.Code.ShouldBe(3, refused.Error);
            refused.Error.ShouldStartWith($"tollgate: error: the rollback of web in staging to v1 is recorded running by tollgate, pid {pid} on {host}, which is gone "
                + $"(killed before its rollback command ended), but its rollback command still runs as process group {group} on {host}: a deploy now would be rolled back by it; "
                + $"let it end or stop it (kill -- -{group}), then record what it did (tollgate deploy finish web --env staging --result success if v1 is live, else tollgate deploy finish web --env staging --result failed; "
                + "add --at with the time its rollback command ended if you know it, else it is recorded ended now) and run this again; nothing was deployed or recorded");
            File.Exists(Path.Combine(_dir, "deployed")).ShouldBeFalse("nothing deployed");

            await KillGroupAsync(group, "TERM");
            for (var waited = 0; Directory.Exists($"/proc/{group}") && waited < 200; waited++)
            {
                await Task.Delay(50);
            }

            var run = await RunV3Async();

            run.Code.ShouldBe(1, run.Error);
            run.Error.ShouldContain($"tollgate: note: the rollback of web in staging to v1 is recorded running by tollgate, pid {pid} on {host}, which is gone "
                + "(killed before its rollback command ended): not waiting for it; whether it rolled back is unknown, so it stays running in the ledger and its failed deploy unrecovered until recorded: "
                + "tollgate deploy finish web --env staging --result success if v1 is live, else tollgate deploy finish web --env staging --result failed; "
                + "add --at with the time its rollback command ended if you know it, else it is recorded ended now\n"); // both outcomes, and never --at its start ("failed after 0 min")
            File.Exists(Path.Combine(_dir, "deployed")).ShouldBeTrue("deployed once the orphaned rollback command is gone");
            (await DeploysAsync()).Single(d => d.Id == rollback.Id).Result.ShouldBe(DeployResult.Running, "the killed rollback: nothing recorded for it");
        }
        finally
        {
            await KillGroupAsync(group, "KILL");
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
