using Tollgate.Delivery.Running;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Reports;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Deploys;

/// <summary>
/// <c>deploy run</c> while the newest deploy of the same service and environment is still running, its watch not begun:
/// the two would each be judged on the other's traffic, so the run is refused, one line naming what blocks it and how to
/// clear it, exit 3, nothing deployed or recorded. A deploy another <c>deploy run</c> is making blocks while that process
/// lives (<see cref="DeployLease"/>): one killed outright is stale and blocks nothing (a note says so and how to record
/// it), unless its deploy command, a process group of its own, still runs (<see cref="DeployCommandGroup"/>): then the
/// line names the group and how to stop it; from another host, until its own <c>--timeout</c> after its start. A deploy recorded by <c>deploy start</c> (or
/// an event) has no process to look at: it blocks for this run's <c>--timeout</c> after its start, and the line gives
/// the <c>deploy finish</c> that clears it at once. A rollback a <c>deploy run</c> or <c>deploy watch</c> is making (<see cref="Rollback"/>) blocks
/// the same way, its lines saying so: its command would take a deploy made now back to its version.
/// </summary>
public static class DeployUnderWay
{
    /// <param name="timeout">This run's <c>--timeout</c>: how long a deploy recorded without a lease is taken to be under way.</param>
    /// <param name="connection">The ledger and policy options given, carried by the commands printed.</param>
    /// <exception cref="InvalidInputException">The newest deploy of the target is being deployed.</exception>
    public static async Task CheckAsync(IDeliveryStore store, string service, string environment, DateTimeOffset now, TimeSpan timeout, TextWriter log,
        string connection, CancellationToken cancellationToken)
    {
        var newest = await store.NewestStartedAsync(service, environment, DateTimeOffset.MinValue, now, cancellationToken);
        if (newest is not { Result: DeployResult.Running } || newest.Watch == DeployWatch.Watching)
        {
            return;
        }

        var (version, target) = (TextSafe.Line(newest.Version), $"{TextSafe.Line(service)} in {TextSafe.Line(environment)}");
        var finish = $"tollgate deploy finish {ShellScript.Word(service)} --env {ShellScript.Word(environment)}";
        const string Judged = "a deploy now would be judged on its traffic and it on this one's";
        if (DeployLease.Of(newest) is not { } lease)
        {
            if (newest.StartedAt + timeout > now)
            {
                throw new InvalidInputException(
                    $"{version} of {target} was recorded started at {newest.StartedAt:HH:mm:ss}Z (by deploy start or an event) and is not finished: {Judged}; "
                    + $"once it is over, record it ({TextSafe.Line(finish)} --result success|failed{connection}, failed if it never went out) and run this again, "
                    + $"or wait until {newest.StartedAt + timeout:HH:mm:ss}Z (--timeout); nothing was deployed or recorded");
            }

            return;
        }

        var alive = lease.Alive();
        if (newest is { Intent: DeployIntent.Rollback, Remediates: not null })
        {
            // Made by deploy run or by deploy watch --rollback-cmd: the lease does not say which, so the line says tollgate.
            await RollbackAsync(newest, lease, alive, $"tollgate, pid {lease.Pid} on {TextSafe.Line(lease.Host)}", target, finish, now, log, connection);
            return;
        }

        var process = $"deploy run, pid {lease.Pid} on {TextSafe.Line(lease.Host)}";

        if (alive == false && DeployCommandGroup.Of(newest.Id) is { } group)
        {
            throw new InvalidInputException(
                $"{version} of {target} is recorded running by {process}, which is gone (killed before its deploy command ended), but its deploy command still runs "
                + $"as process group {group} on {TextSafe.Line(lease.Host)}: {Judged}; stop it (kill -- -{group}), record it ({TextSafe.Line(finish)} --result failed --at {Rfc3339.FormatMillis(newest.StartedAt)}{connection}) "
                + "and run this again; nothing was deployed or recorded");
        }

        if (alive == false)
        {
            await log.WriteLineAsync(
                $"tollgate: note: {version} of {target} is recorded running by {process}, which is gone (killed before its deploy command ended): not waiting for it; "
                + $"it stays running in the ledger until recorded: {TextSafe.Line(finish)} --result failed --at {Rfc3339.FormatMillis(newest.StartedAt)}{connection}");
            return;
        }

        if (alive == true || lease.Until > now)
        {
            throw new InvalidInputException(
                $"{version} of {target} is being deployed by {process} (started {newest.StartedAt:HH:mm:ss}Z; its deploy command ends by {lease.Until:HH:mm:ss}Z at the latest, then its watch begins): "
                + $"{Judged}; wait for its verdict, or stop it (kill {lease.Pid} on {TextSafe.Line(lease.Host)}: its deploy is recorded failed), and run this again; nothing was deployed or recorded");
        }
    }

    /// <summary>
    /// The newest deploy is a rollback a <c>deploy run</c> or <c>deploy watch</c> is making (<see cref="Rollback"/>): its command would take a deploy
    /// made now back to the rollback's version. It blocks as a deploy does; once its run and its command are gone, the
    /// note says it stays running in the ledger, its failed deploy unrecovered, until recorded. One recorded on another
    /// host is not looked at (no remote probe): the refusal, and the note once its lease is over, name that host and pid.
    /// </summary>
    private static async Task RollbackAsync(
        Deploy rollback, DeployLease lease, bool? alive, string process, string target, string finish, DateTimeOffset now, TextWriter log, string connection)
    {
        var what = $"the rollback of {target} to {TextSafe.Line(rollback.Version)}";
        const string Undone = "a deploy now would be rolled back by it";
        var record = UnfinishedRollback.Record(TextSafe.Line(finish), TextSafe.Line(rollback.Version), connection); // both outcomes: whether it rolled back is unknown
        if (alive == false && DeployCommandGroup.Of(rollback.Id) is { } group)
        {
            throw new InvalidInputException(
                $"{what} is recorded running by {process}, which is gone (killed before its rollback command ended), but its rollback command still runs "
                + $"as process group {group} on {TextSafe.Line(lease.Host)}: {Undone}; let it end or stop it (kill -- -{group}), then record what it did ({record}) and run this again; nothing was deployed or recorded");
        }

        if (alive == false)
        {
            await log.WriteLineAsync(
                $"tollgate: note: {what} is recorded running by {process}, which is gone (killed before its rollback command ended): not waiting for it; "
                + $"whether it rolled back is unknown, so it stays running in the ledger and its failed deploy unrecovered until recorded: {record}");
            return;
        }

        // Another host's (or, unseen, another user's) process is not looked at: the line says where it was recorded, to check there.
        var elsewhere = alive is null ? $" (not this host, {TextSafe.Line(Environment.MachineName)}: whether it still runs cannot be seen from here, check on {TextSafe.Line(lease.Host)})" : "";
        if (alive == true || lease.Until > now)
        {
            throw new InvalidInputException(
                $"{what} is being made by {process}{elsewhere} (started {rollback.StartedAt:HH:mm:ss}Z; its rollback command ends by {lease.Until:HH:mm:ss}Z at the latest): "
                + $"{Undone}; wait for it, or stop it (kill {lease.Pid} on {TextSafe.Line(lease.Host)}: its rollback is recorded failed), and run this again; nothing was deployed or recorded");
        }

        await log.WriteLineAsync(
            $"tollgate: note: {what} is recorded running by {process}{elsewhere}, its lease over since {lease.Until:HH:mm:ss}Z: not waiting for it; "
            + $"whether it rolled back is unknown, so it stays running in the ledger and its failed deploy unrecovered until recorded: {record}");
    }
}
