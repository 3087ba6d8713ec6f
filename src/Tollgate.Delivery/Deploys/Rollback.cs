using System.Globalization;
using Tollgate.Delivery.Running;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Reports;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Deploys;

/// <summary>
/// Rolls a failed deploy back: marks the deploy failed, runs the rollback command (if any) and records the rollback
/// as a deploy of the previous successful version with intent <c>rollback</c> that remediates it, so DORA counts the
/// failure and its recovery. With no earlier successful deploy of the service in the environment there is nothing to
/// roll back to: the deploy is marked failed, the command is not run and no rollback is recorded (never a made-up
/// version recorded as a successful recovery).
/// </summary>
public static class Rollback
{
    public static async Task<RollbackOutcome> RunAsync(
        IDeliveryStore store, Deploy failed, string? command, TimeSpan timeout, TextWriter log, string workingDirectory, TimeProvider clock, CancellationToken cancellationToken)
    {
        var failedAt = failed.FinishedAt ?? failed.StartedAt;
        var history = await store.DeploysAsync(failed.Service, failed.Environment, cancellationToken);
        var target = history
            .Where(d => d.Id != failed.Id && d.Result == DeployResult.Success && (d.FinishedAt ?? d.StartedAt) <= failedAt)
            .OrderByDescending(d => d.FinishedAt ?? d.StartedAt)
            .FirstOrDefault()?.Version;
        var marked = new DeployStatusEvent("watch-window:" + failed.Id, "tollgate.deploy.failed", failed.Id, DeployResult.Failed, failedAt);
        if (target is null)
        {
            await log.WriteLineAsync($"not rolling back {TextSafe.Line(failed.Service)} in {TextSafe.Line(failed.Environment)}: no earlier successful deploy is recorded, so there is nothing to roll back to");
            await store.RecordAsync([marked], cancellationToken);
            return new RollbackOutcome(failed with { Result = DeployResult.Failed }, null, null);
        }

        CommandResult? result = null;
        if (command is not null)
        {
            await log.WriteLineAsync($"rolling back {TextSafe.Line(failed.Service)} in {TextSafe.Line(failed.Environment)} to {TextSafe.Line(target)}: {TextSafe.Line(command)}");
            result = await ShellCommand.RunAsync(command, timeout, log, workingDirectory, cancellationToken);
        }

        var at = clock.GetUtcNow();
        var id = string.Create(CultureInfo.InvariantCulture, $"{failed.Service}/{failed.Environment}/{target}@{at.ToUnixTimeMilliseconds()}/rollback");
        var rollback = new Deploy(id, failed.Service, failed.Environment, target, DeployIntent.Rollback, at)
        {
            FinishedAt = at,
            Result = result is null || result.Succeeded ? DeployResult.Success : DeployResult.Failed,
            Remediates = failed.Id,
            Source = "watch-window",
        };
        await store.RecordAsync([marked, new DeployEvent(id, "tollgate.deploy.rolledback", rollback)], cancellationToken);
        return new RollbackOutcome(failed with { Result = DeployResult.Failed }, rollback, result);
    }
}
