using System.Globalization;
using Tollgate.Delivery.Running;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Reports;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Watch;

/// <summary>
/// <c>deploy watch SERVICE --env ENV --close DEPLOY-ID</c>: a deploy whose watch was stopped (a signal, a killed job) and
/// that a later deploy has since replaced can no longer be judged (its traffic is gone), yet stays <c>watching</c>, out of
/// DORA's change failure rate for good. Closing it records its watch <c>held</c>: never verified (a rollback passes
/// over it), counted by DORA as held (a deployment, out of the change failure rate unless the deploy after it rolled it back), as any held watch. The newest deploy is not closed: its
/// watch can still judge it (the command the stop printed). It reads the deploy by its key and the newest deploy of the
/// target, not the service's history.
/// </summary>
public static class StoppedWatchClose
{
    /// <summary>
    /// The <c>tollgate deploy watch SERVICE --env ENV --close ID</c> command that closes <paramref name="deploy"/>'s watch,
    /// as shell words, with the ledger and policy options given (<paramref name="connection"/>): a stopped watch prints it.
    /// </summary>
    public static string Command(Deploy deploy, string connection) =>
        $"tollgate deploy watch {ShellScript.Word(deploy.Service)} --env {ShellScript.Word(deploy.Environment)} --close {ShellScript.Word(deploy.Id)}{connection}";

    /// <summary>Records the watch of <paramref name="deployId"/> held; the line to print.</summary>
    /// <exception cref="InvalidInputException">No such deploy of the target, its watch is not open, or it is the newest (watch it instead).</exception>
    public static async Task<string> CloseAsync(IDeliveryStore store, string service, string environment, string deployId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var target = $"{TextSafe.Line(service)} in {TextSafe.Line(environment)}";
        // Two indexed reads, not the service's history: the deploy by its key, then the newest deploy started with it or after.
        var deploy = await store.DeployAsync(deployId, cancellationToken) is { } found && found.Service == service && found.Environment == environment ? found
            : throw new InvalidInputException($"--close {TextSafe.Line(deployId)}: no deploy of {target} has that id (the key deploy start and the stop's line print); nothing was recorded");
        var version = TextSafe.Line(deploy.Version);
        if (deploy.Watch != DeployWatch.Watching)
        {
            throw new InvalidInputException($"--close {TextSafe.Line(deployId)}: the watch of {version} of {target} is not open (it is {DeliveryNames.WireName(deploy.Watch)}); nothing was recorded");
        }

        // From a microsecond before its start: a deploy started at the same time and recorded after it is newer too.
        var newest = await store.NewestStartedAsync(service, environment, deploy.StartedAt.AddTicks(-TimeSpan.TicksPerMicrosecond), DateTimeOffset.MaxValue, cancellationToken);
        var newer = newest is null || newest.Id == deploy.Id ? null : newest;
        if (newer is null)
        {
            throw new InvalidInputException($"--close {TextSafe.Line(deployId)}: {version} is the newest deploy of {target}, so its watch can still judge it: run deploy watch without --close; nothing was recorded");
        }

        var id = string.Create(CultureInfo.InvariantCulture, $"watch-window:{deploy.Id}:held@{now.ToUnixTimeMilliseconds()}");
        await store.RecordAsync([new DeployWatchEvent(id, "tollgate.deploy.watch", deploy.Id, DeployWatch.Held, now)], cancellationToken);
        return $"closed the watch of {version} of {target} unjudged: {TextSafe.Line(newer.Version)} replaced it at {newer.StartedAt:yyyy-MM-ddTHH:mm:ssZ}; "
            + "recorded held (never verified, so a rollback passes over it; DORA counts it as held: a deployment, out of the change failure rate)";
    }
}
