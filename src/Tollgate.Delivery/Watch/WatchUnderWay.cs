using Tollgate.Delivery.Deploys;
using Tollgate.Delivery.Running;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Ledger;
using Tollgate.Domain.Reports;
using Tollgate.Ledger;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Watch;

/// <summary>
/// A deploy of the same service and environment being watched when <c>deploy run</c> would deploy or <c>deploy
/// start</c> would record one: the two would each be judged on the other's traffic (a good version recorded failed on
/// the next one's errors, a bad one verified on a good one's), so the command is refused, one line, exit 3, nothing
/// deployed or recorded, as Argo Rollouts and Flagger never run two analyses of one target at once. Under way: the
/// newest deploy's watch began and recorded no verdict (a watch stopped by a signal records its hold), and its
/// deadline (the deploy's end and <c>maxWait</c>) is not past. The watch records its process with it (the deploy's
/// <see cref="DeployLease"/>, written as the watch begins): one that died outright (SIGKILL, a lost runner) on this host
/// is told from a live one, and the line says so and names the <c>deploy watch</c> that judges the deploy now, where it
/// said to wait for a verdict that is not coming; one on another host cannot be looked at, so it blocks no longer than a
/// watch could last, the line naming that host and pid. A deploy still running, its watch not begun, does not refuse here: <c>deploy start</c> records two
/// pipelines' starts and a retried job's second start (<c>deploy finish</c> tells them apart), and <c>deploy run</c>
/// checks the running deploy's own lease (<see cref="DeployUnderWay"/>).
/// </summary>
public static class WatchUnderWay
{
    /// <param name="starting">
    /// When the deploy to be recorded starts (<c>deploy start --at</c>): a deploy backfilled before the newest one began
    /// is history, not a deploy now, and is not refused. Null: now.
    /// </param>
    /// <param name="judge">
    /// The <c>deploy watch</c> command (with the options given) that judges the watched deploy now, printed when its
    /// watcher is gone; null: the line names <c>tollgate deploy watch</c> with the service's spec.
    /// </param>
    /// <exception cref="InvalidInputException">The newest deploy of the target is being watched, or its watcher died and it is unjudged.</exception>
    public static async Task CheckAsync(IDeliveryStore store, ILedger ledger, string service, string environment, DateTimeOffset now, TimeSpan maxWait,
        CancellationToken cancellationToken, DateTimeOffset? starting = null, string? judge = null)
    {
        var newest = await store.NewestStartedAsync(service, environment, DateTimeOffset.MinValue, now, cancellationToken);
        if (newest is null || starting < newest.StartedAt || newest.Watch != DeployWatch.Watching)
        {
            return;
        }

        var until = (newest.FinishedAt ?? newest.StartedAt) + maxWait;
        if (until <= now)
        {
            return;
        }

        // Its own verdict, by subject through the index: on a shared ledger any number of other deploys' may be newer.
        if (await LedgerViews.Verdicts(ledger).NewestAsync(DeployReport.Kind, DeployReport.Subject(newest), newest.StartedAt, cancellationToken) is not null)
        {
            return; // its watch ended (a verdict, a stop's hold): nothing else judges this service now
        }

        var (version, target) = (TextSafe.Line(newest.Version), $"{TextSafe.Line(service)} in {TextSafe.Line(environment)}");
        var deployed = $"deployed {newest.FinishedAt ?? newest.StartedAt:HH:mm:ss}Z";
        const string Judged = "a deploy now would be judged on its traffic and it on this one's";
        var lease = DeployLease.Of(newest);
        var alive = lease?.Alive();
        if (lease is not null && alive == false)
        {
            // No verdict is coming and there is no watch to stop: judging it now is what clears it (and keeps its verdict).
            var watch = judge ?? $"tollgate deploy watch {ShellScript.Word(service)} --env {ShellScript.Word(environment)} --spec SLO.yaml --rollback-cmd CMD";
            throw new InvalidInputException(
                $"{version} of {target} was being watched by tollgate, pid {lease.Pid} on {TextSafe.Line(lease.Host)}, which is gone (killed before its watch decided; {deployed}): "
                + $"no verdict is coming and there is no watch to stop, and {Judged}; judge it now ({TextSafe.Line(watch)}: it records its verdict, and rolls it back if it fails) "
                + $"and run this again, or wait until {until:HH:mm:ss}Z (its --max-wait); nothing was deployed or recorded");
        }

        var by = lease is null ? ""
            : alive is null ? $" by tollgate, pid {lease.Pid} on {TextSafe.Line(lease.Host)} (not this host, {TextSafe.Line(Environment.MachineName)}: whether it still runs cannot be seen from here, check on {TextSafe.Line(lease.Host)})"
            : $" by tollgate, pid {lease.Pid} on {TextSafe.Line(lease.Host)}";
        throw new InvalidInputException(
            $"{version} of {target} is being watched{by} ({deployed}; its watch ends by {until:HH:mm:ss}Z at the latest): "
            + $"{Judged}; wait for its verdict (or stop its watch, which records its hold) and run this again; nothing was deployed or recorded");
    }
}
