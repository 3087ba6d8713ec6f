using System.Diagnostics;
using Tollgate.Delivery.Deploys;
using Tollgate.Domain.Delivery;
using Tollgate.Ledger;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>deploy run</c> checks for a deploy under way once, in the claim that records its deploy: the note on a stale
/// deploy (its <c>deploy run</c> killed outright, its lease's process gone) is said once, before <c>deploying</c>. A
/// check made again in the command ahead of the claim would say it twice.
/// </summary>
public sealed class StaleDeployNoteTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-stale-note-").FullName;

    public StaleDeployNoteTests() => File.WriteAllText(Path.Combine(_dir, "slo.yaml"), DeliveryRefusalTests.Spec);

    [Fact]
    public async Task DeployRun_StaleLeasedDeployOfTheTarget_ItsNoteSaidOnceBeforeDeploying()
    {
        using var gone = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        var lease = new DeployLease(gone.Id, new DateTimeOffset(gone.StartTime.ToUniversalTime(), TimeSpan.Zero), Now.AddMinutes(8), Environment.MachineName);
        gone.Kill(); // SIGKILL: its deploy stays running in the ledger, with a lease whose process is gone
        await gone.WaitForExitAsync();
        await using (var ledger = await LedgerLocation.OpenAsync(null, _dir, TimeProvider.System))
        {
            var v2 = new Deploy("v2", "web", "staging", "v2", DeployIntent.Planned, Now.AddMinutes(-2)) { Lease = lease.Text };
            await DeliveryStore.Of(ledger).RecordAsync([new DeployEvent("v2", "test", v2)]);
        }

        var run = await CliRun.RunAsync(_dir, "deploy", "run", "web", "--version", "v3", "--env", "staging", "--spec", "slo.yaml",
            "--deploy-cmd", "exit 5", "--rollback-cmd", "true");

        var all = $"exit {run.ExitCode}\n{run.Error}";
        var note = $"tollgate: note: v2 of web in staging is recorded running by deploy run, pid {gone.Id} on {Environment.MachineName}, which is gone";
        var lines = run.Error.Split('\n');
        lines.Count(l => l.StartsWith(note, StringComparison.Ordinal)).ShouldBe(1, all);
        var deploying = Array.FindIndex(lines, l => l.StartsWith("deploying v3 of web to staging: exit 5", StringComparison.Ordinal));
        deploying.ShouldBeGreaterThan(-1, all);
        Array.FindIndex(lines, l => l.StartsWith(note, StringComparison.Ordinal)).ShouldBeLessThan(deploying, all);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
