using System.Globalization;
using Tollgate.Delivery.Running;
using Tollgate.Domain.Delivery;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Deploys;

/// <summary>
/// Rolls a failed deploy back: runs the rollback command (if any), marks the deploy failed and records the rollback
/// as a deploy of the previous version with intent <c>rollback</c> that remediates it, so DORA counts the failure and
/// its recovery.
/// </summary>
public static class Rollback
{
    public static async Task<(CommandResult? Command, Deploy Recorded)> RunAsync(
        IDeliveryStore store, Deploy failed, string? command, TimeSpan timeout, TextWriter log, string workingDirectory, TimeProvider clock, CancellationToken cancellationToken)
    {
        CommandResult? result = null;
        if (command is not null)
        {
            await log.WriteLineAsync($"rolling back {failed.Service} in {failed.Environment}: {command}");
            result = await ShellCommand.RunAsync(command, timeout, log, workingDirectory, cancellationToken);
        }

        var history = await store.DeploysAsync(failed.Service, failed.Environment, cancellationToken);
        var target = history
            .Where(d => d.Id != failed.Id && d.Result == DeployResult.Success && (d.FinishedAt ?? d.StartedAt) <= (failed.FinishedAt ?? failed.StartedAt))
            .OrderByDescending(d => d.FinishedAt ?? d.StartedAt)
            .FirstOrDefault()?.Version ?? "unknown";
        var at = clock.GetUtcNow();
        var id = string.Create(CultureInfo.InvariantCulture, $"{failed.Service}/{failed.Environment}/{target}@{at.ToUnixTimeMilliseconds()}/rollback");
        var rollback = new Deploy(id, failed.Service, failed.Environment, target, DeployIntent.Rollback, at)
        {
            FinishedAt = at,
            Result = result is null || result.Succeeded ? DeployResult.Success : DeployResult.Failed,
            Remediates = failed.Id,
            Source = "watch-window",
        };
        await store.RecordAsync(
        [
            new DeployStatusEvent("watch-window:" + failed.Id, "tollgate.deploy.failed", failed.Id, DeployResult.Failed, failed.FinishedAt ?? at),
            new DeployEvent(id, "tollgate.deploy.rolledback", rollback),
        ], cancellationToken);
        return (result, rollback);
    }
}
