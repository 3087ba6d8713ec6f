using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Ledger;
using Tollgate.Domain.Reports;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Watch;

/// <summary>
/// A watch of the same service and environment still under way when <c>deploy run</c> would deploy: the two watches
/// would each judge the other's traffic (a good version recorded failed on the next one's errors, a bad one verified on
/// a good one's), so the run is refused, one line, exit 3, nothing deployed or recorded, as Argo Rollouts and Flagger
/// never run two analyses of one target at once. Under way: the newest deploy's watch began and recorded no verdict
/// (a watch stopped by a signal records its hold), and its deadline (the deploy's end and this run's <c>--max-wait</c>)
/// is not past, so a watch whose process died outright blocks no longer than a watch could last.
/// </summary>
public static class WatchUnderWay
{
    /// <exception cref="InvalidInputException">The newest deploy of the target is being watched.</exception>
    public static async Task CheckAsync(IDeliveryStore store, ILedger ledger, string service, string environment, DateTimeOffset now, TimeSpan maxWait,
        CancellationToken cancellationToken)
    {
        var newest = await store.NewestStartedAsync(service, environment, DateTimeOffset.MinValue, now, cancellationToken);
        if (newest is not { Watch: DeployWatch.Watching } || (newest.FinishedAt ?? newest.StartedAt) + maxWait <= now)
        {
            return;
        }

        var subject = $"{newest.Service}@{newest.Environment} {newest.Version}";
        var verdicts = await ledger.RecentAsync("deploy", 100, cancellationToken);
        if (verdicts.Any(v => v.Subject == subject && v.RecordedAt >= newest.StartedAt))
        {
            return; // its watch ended (a verdict, a stop's hold): nothing else judges this service now
        }

        var (version, target) = (TextSafe.Line(newest.Version), $"{TextSafe.Line(service)} in {TextSafe.Line(environment)}");
        var until = (newest.FinishedAt ?? newest.StartedAt) + maxWait;
        throw new InvalidInputException(
            $"{version} of {target} is being watched (deployed {newest.FinishedAt ?? newest.StartedAt:HH:mm:ss}Z; its watch ends by {until:HH:mm:ss}Z at the latest): "
            + $"a deploy now would be judged on its traffic and it on this one's; wait for its verdict (or stop its watch, which records its hold) and run this again; nothing was deployed or recorded");
    }
}
