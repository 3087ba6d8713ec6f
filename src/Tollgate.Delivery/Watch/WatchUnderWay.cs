using Tollgate.Delivery.Deploys;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Ledger;
using Tollgate.Domain.Reports;
using Tollgate.Ledger;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Watch;

/// <summary>
/// A deploy of the same service and environment still under way when <c>deploy run</c> would deploy or <c>deploy
/// start</c> would record one: the two would each be judged on the other's traffic (a good version recorded failed on
/// the next one's errors, a bad one verified on a good one's), so the command is refused, one line, exit 3, nothing
/// deployed or recorded, as Argo Rollouts and Flagger never run two analyses of one target at once. Under way: the
/// newest deploy's watch began and recorded no verdict (a watch stopped by a signal records its hold), and its
/// deadline (the deploy's end and <paramref name="maxWait"/>) is not past; or, for <c>deploy run</c>, the newest deploy
/// is still running (inside its deploy command, its watch not yet begun) and started less than the run's
/// <c>--timeout</c> ago. So a process that died outright blocks no longer than a deploy or a watch could last.
/// </summary>
public static class WatchUnderWay
{
    /// <param name="deployLimit">
    /// How long a deploy command may run (<c>deploy run</c>'s <c>--timeout</c>): a running deploy started less than this
    /// ago is under way. Null (<c>deploy start</c>): a running deploy does not refuse, as two pipelines' starts and a
    /// retried job's second start are recorded (<c>deploy finish</c> tells them apart).
    /// </param>
    /// <param name="starting">
    /// When the deploy to be recorded starts (<c>deploy start --at</c>): a deploy backfilled before the newest one began
    /// is history, not a deploy now, and is not refused. Null: now.
    /// </param>
    /// <exception cref="InvalidInputException">The newest deploy of the target is being deployed or watched.</exception>
    public static async Task CheckAsync(IDeliveryStore store, ILedger ledger, string service, string environment, DateTimeOffset now, TimeSpan maxWait,
        TimeSpan? deployLimit, CancellationToken cancellationToken, DateTimeOffset? starting = null)
    {
        var newest = await store.NewestStartedAsync(service, environment, DateTimeOffset.MinValue, now, cancellationToken);
        if (newest is null || starting < newest.StartedAt)
        {
            return;
        }

        var (version, target) = (TextSafe.Line(newest.Version), $"{TextSafe.Line(service)} in {TextSafe.Line(environment)}");
        if (newest.Watch != DeployWatch.Watching)
        {
            if (newest.Result == DeployResult.Running && deployLimit is { } limit && newest.StartedAt + limit > now)
            {
                throw new InvalidInputException(
                    $"{version} of {target} is being deployed (started {newest.StartedAt:HH:mm:ss}Z; its deploy command ends by {newest.StartedAt + limit:HH:mm:ss}Z at the latest, then its watch begins): "
                    + "a deploy now would be judged on its traffic and it on this one's; wait for its verdict and run this again; nothing was deployed or recorded");
            }

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

        throw new InvalidInputException(
            $"{version} of {target} is being watched (deployed {newest.FinishedAt ?? newest.StartedAt:HH:mm:ss}Z; its watch ends by {until:HH:mm:ss}Z at the latest): "
            + $"a deploy now would be judged on its traffic and it on this one's; wait for its verdict (or stop its watch, which records its hold) and run this again; nothing was deployed or recorded");
    }
}
