using Tollgate.Delivery.Deploys;
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
/// deadline (the deploy's end and <c>maxWait</c>) is not past. So a process that died outright blocks no longer than a
/// watch could last. A deploy still running, its watch not begun, does not refuse here: <c>deploy start</c> records two
/// pipelines' starts and a retried job's second start (<c>deploy finish</c> tells them apart), and <c>deploy run</c>
/// checks the running deploy's own lease (<see cref="DeployUnderWay"/>).
/// </summary>
public static class WatchUnderWay
{
    /// <param name="starting">
    /// When the deploy to be recorded starts (<c>deploy start --at</c>): a deploy backfilled before the newest one began
    /// is history, not a deploy now, and is not refused. Null: now.
    /// </param>
    /// <exception cref="InvalidInputException">The newest deploy of the target is being watched.</exception>
    public static async Task CheckAsync(IDeliveryStore store, ILedger ledger, string service, string environment, DateTimeOffset now, TimeSpan maxWait,
        CancellationToken cancellationToken, DateTimeOffset? starting = null)
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
        throw new InvalidInputException(
            $"{version} of {target} is being watched (deployed {newest.FinishedAt ?? newest.StartedAt:HH:mm:ss}Z; its watch ends by {until:HH:mm:ss}Z at the latest): "
            + $"a deploy now would be judged on its traffic and it on this one's; wait for its verdict (or stop its watch, which records its hold) and run this again; nothing was deployed or recorded");
    }
}
