using Tollgate.Delivery.Running;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Reports;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Deploys;

/// <summary>
/// Why <c>deploy watch</c> judges nothing when the newest deploy is a rollback Tollgate recorded under way
/// (<see cref="Rollback"/>: running, with its run's <see cref="DeployLease"/>) and never finished: one a run is still
/// making, or one whose Tollgate was killed outright (SIGKILL) while its command ran, left running in the ledger. The
/// deploy the user means is the one it rolls back, recorded failed before the rollback command started, so there is
/// nothing to promote; and whether the rollback itself happened is unknown until it is recorded, so it cannot be judged
/// either (a failed watch of it would roll back a rollback). The line names the rollback, the deploy it rolls back, the
/// process that recorded it (and its host when that is not this one: only there can it be checked) and what clears it.
/// A rollback recorded otherwise (<c>deploy start --intent rollback</c>, an event) is a deploy like any other: watched.
/// </summary>
public static class UnfinishedRollback
{
    /// <summary>The refusal when <paramref name="newest"/> is such a rollback; null when it is a deploy to judge.</summary>
    /// <param name="connection">The ledger and policy options the user gave, carried by the printed command.</param>
    public static async Task<string?> ExplainAsync(IDeliveryStore store, Deploy newest, DateTimeOffset now, string connection, CancellationToken cancellationToken)
    {
        if (newest is not { Intent: DeployIntent.Rollback, Remediates: { } remediates, Result: DeployResult.Running } || DeployLease.Of(newest) is not { } lease)
        {
            return null;
        }

        var rolledBack = await store.DeployAsync(remediates, cancellationToken);
        var (service, environment, version) = (TextSafe.Line(newest.Service), TextSafe.Line(newest.Environment), TextSafe.Line(newest.Version));
        var of = rolledBack is null ? "" : $" of {TextSafe.Line(rolledBack.Version)} (recorded {rolledBack.Result.WireName()}: nothing to promote)";
        var head = $"the newest deploy of {service} in {environment} is the rollback to {version}{of}";
        var host = TextSafe.Line(lease.Host);
        var alive = lease.Alive();
        var process = alive is null
            ? $"tollgate, pid {lease.Pid} on host {host}, not this host ({TextSafe.Line(Environment.MachineName)}): whether that process or its rollback command still runs cannot be seen from here, check on {host}"
            : $"tollgate, pid {lease.Pid} on {host}";
        var finish = $"tollgate deploy finish {TextSafe.Line(ShellScript.Word(newest.Service))} --env {TextSafe.Line(ShellScript.Word(newest.Environment))}";
        var record = $"record what it did ({Record(finish, version, connection)}) and watch again";
        if (alive == true || (alive is null && lease.Until > now))
        {
            return $"{head}, being made by {process} (started {newest.StartedAt:HH:mm:ss}Z; its rollback command ends by {lease.Until:HH:mm:ss}Z at the latest): "
                + "its run records its end and its verdict; watch again once it is over to judge " + version + "; nothing was recorded";
        }

        if (alive == false && DeployCommandGroup.Of(newest.Id) is { } group)
        {
            return $"{head}, recorded running by {process}, which is gone (killed before its rollback command ended), but its rollback command still runs as process group {group} on {host}: "
                + $"whether it rolled back is not known yet, so there is nothing to judge; let it end or stop it (kill -- -{group}), then {record}; nothing was recorded";
        }

        return $"{head}, recorded running by {process}" + (alive == false ? ", which is gone (killed before its rollback command ended)" : $"; its lease ended at {lease.Until:HH:mm:ss}Z")
            + $": whether it rolled back is unknown, so there is nothing to judge; {record}; nothing was recorded";
    }

    /// <summary>
    /// The two <c>deploy finish</c> commands that record what a rollback left running did: success when its version is
    /// live, failed otherwise; each at the time its command ended, which only its output knows (without <c>--at</c>: now,
    /// never its start, which would record it ended the moment it began).
    /// </summary>
    /// <param name="finish">The <c>tollgate deploy finish SERVICE --env ENV</c> words, shown.</param>
    internal static string Record(string finish, string version, string connection) =>
        $"{finish} --result success{connection} if {version} is live, else {finish} --result failed{connection}; "
        + "add --at with the time its rollback command ended if you know it, else it is recorded ended now";
}
