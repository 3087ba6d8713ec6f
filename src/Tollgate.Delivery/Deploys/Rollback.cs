using System.Globalization;
using Tollgate.Delivery.Running;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Reports;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Deploys;

/// <summary>
/// Rolls a failed deploy back: marks the deploy failed, runs the rollback command (if any) and records the rollback
/// as a deploy of the previous successful version with intent <c>rollback</c> that remediates it, so DORA counts the
/// failure and its recovery. That version is the latest verified one (<see cref="RollbackTarget"/>): a deploy whose
/// watch held or never ended is passed over, and said to be. With no earlier successful deploy of the service in the environment there is nothing to
/// roll back to: the deploy is marked failed, the command is not run and no rollback is recorded (never a made-up
/// version recorded as a successful recovery).
/// </summary>
public static class Rollback
{
    public static async Task<RollbackOutcome> RunAsync(
        IDeliveryStore store, Deploy failed, string? command, TimeSpan timeout, TextWriter log, string workingDirectory, TimeProvider clock, CancellationToken cancellationToken)
    {
        var failedAt = failed.FinishedAt ?? failed.StartedAt;
        var chosen = RollbackTarget.Choose(await store.DeploysAsync(failed.Service, failed.Environment, cancellationToken), failed);
        var marked = new DeployStatusEvent("watch-window:" + failed.Id, "tollgate.deploy.failed", failed.Id, DeployResult.Failed, failedAt);
        if (chosen is null)
        {
            await log.WriteLineAsync($"not rolling back {TextSafe.Line(failed.Service)} in {TextSafe.Line(failed.Environment)}: no earlier successful deploy is recorded, so there is nothing to roll back to");
            await store.RecordAsync([marked], cancellationToken);
            return new RollbackOutcome(failed with { Result = DeployResult.Failed }, null, null);
        }

        CommandResult? result = null;
        if (command is not null)
        {
            await log.WriteLineAsync($"rolling back {TextSafe.Line(failed.Service)} in {TextSafe.Line(failed.Environment)} to {chosen.Describe()}: {TextSafe.Line(command)}");
            result = await ShellCommand.RunAsync(command, timeout, log, workingDirectory, cancellationToken);
        }

        var target = chosen.Deploy.Version;
        var at = clock.GetUtcNow();
        var id = string.Create(CultureInfo.InvariantCulture, $"{failed.Service}/{failed.Environment}/{target}@{at.ToUnixTimeMilliseconds()}/rollback");
        var rollback = new Deploy(id, failed.Service, failed.Environment, target, DeployIntent.Rollback, at)
        {
            FinishedAt = at,
            Result = result is null || result.Succeeded ? DeployResult.Success : DeployResult.Failed,
            Remediates = failed.Id,
            Source = "watch-window",
        };
        // Returning to an unverified version verifies nothing: the rollback stays as unverified as it, so a later
        // rollback passes over it too.
        DeliveryEvent[] unverified = chosen.Verified ? [] : [new DeployWatchEvent($"watch-window:{id}:{chosen.Deploy.Watch.WireName()}", "tollgate.deploy.watch", id, chosen.Deploy.Watch, at)];
        await store.RecordAsync([marked, new DeployEvent(id, "tollgate.deploy.rolledback", rollback), .. unverified], cancellationToken);
        return new RollbackOutcome(failed with { Result = DeployResult.Failed }, chosen.Verified ? rollback : rollback with { Watch = chosen.Deploy.Watch }, result) { Target = chosen };
    }
}
