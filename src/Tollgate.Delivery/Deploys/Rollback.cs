using System.Globalization;
using Tollgate.Delivery.Running;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Reports;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Deploys;

/// <summary>
/// Rolls a failed deploy back: marks the deploy failed, then runs the rollback command (if any, told the target:
/// <see cref="RollbackHook"/>) and records the rollback as a deploy of the previous successful version with intent
/// <c>rollback</c> that remediates it, so DORA counts the failure and its recovery. That version is the latest verified
/// one (<see cref="RollbackTarget"/>): a deploy whose watch held or never ended is passed over, and said to be. With no
/// earlier successful deploy of the service in the environment there is nothing to roll back to: the deploy is marked
/// failed, the command is not run and no rollback is recorded (never a made-up version recorded as a successful
/// recovery). Neither is it when a later deploy of the service and environment has started meanwhile: rolling back
/// would undo that one, as Argo Rollouts aborts the analysis of a superseded revision: read once, after the failure is
/// recorded, in the claim that records a rollback with a command under way (<see cref="IDeliveryStore.ClaimAsync"/>),
/// serialized against a <c>deploy run</c>'s claim of its deploy, so that one or the other goes ahead, never both; without a
/// command (or a target), once the target is read. The failure is recorded before
/// the command starts, so a Tollgate stopped while it runs (SIGINT, SIGTERM) leaves a failed deploy, and the rollback
/// cut short is recorded as a failed one, as a timed-out rollback is: one failure, unrecovered. A rollback with a command
/// is recorded under way (running, with this run's <see cref="DeployLease"/>) before the command starts, and the command
/// carries its id (<see cref="DeployHook.DeployIdVariable"/>), its end recorded when it ends: a Tollgate killed outright
/// (SIGKILL) while it runs leaves it running in the ledger, never a recovery, and the next <c>deploy run</c> is refused
/// while the orphaned command lives (<see cref="DeployUnderWay"/>).
/// </summary>
public static class Rollback
{
    /// <param name="during">When the deploy failed, for the superseded line: "during its watch".</param>
    /// <param name="prior">
    /// The target as the ledger answered before (<see cref="PriorTarget"/>): when given, a ledger that cannot be written
    /// or read does not stop the rollback; from its first refusal (<paramref name="refused"/>: already refused by the
    /// caller) the ledger is not touched until the command has run, and the outcome carries it
    /// (<see cref="RollbackOutcome.Unrecorded"/>). Without it a ledger failure is thrown, as before anything ran.
    /// </param>
    /// <param name="underWay">
    /// Given the outcome so far (the rollback recorded under way, <see cref="RollbackOutcome.UnderWay"/>), records the
    /// failed deploy's verdict before the command runs, so a Tollgate killed outright while it runs leaves it on record.
    /// </param>
    public static async Task<RollbackOutcome> RunAsync(
        IDeliveryStore store, Deploy failed, string? command, TimeSpan timeout, TextWriter log, string workingDirectory, TimeProvider clock, string during, CancellationToken cancellationToken,
        PriorTarget? prior = null, InvalidInputException? refused = null, Func<RollbackOutcome, Task>? underWay = null)
    {
        var (service, environment) = (TextSafe.Line(failed.Service), TextSafe.Line(failed.Environment));
        var chosen = prior?.Target;
        var marked = false;
        if (refused is not null && prior is not null)
        {
            await log.WriteLineAsync(Unchecked(refused, service, environment, prior));
        }
        else
        {
            try
            {
                await store.RecordAsync([Marked(failed)], cancellationToken);
                marked = true;
                // From here a stop (SIGINT, SIGTERM) is met where the command would run: a rollback stopped, recorded failed,
                // and the line that says to roll back by hand; never thrown out of a read with nothing said.
                chosen = await RollbackTarget.ReadAsync(store, failed, CancellationToken.None);
                // Superseded? Read once: here when nothing is claimed (no command, or nothing to roll back to); a rollback
                // with a command reads it in the claim that records it under way, serialized against a deploy run's claim.
                if ((command is null || chosen is null) && await NewerAsync(store, failed, CancellationToken.None) is { } newest)
                {
                    return await SupersededAsync(newest, failed, during, log);
                }
            }
            catch (InvalidInputException e) when (e.LedgerFault && prior is not null)
            {
                refused = e; // what the ledger answered when the watch began stands: roll back all the same
                await log.WriteLineAsync(Unchecked(e, service, environment, prior));
            }
        }

        if (chosen is null)
        {
            await log.WriteLineAsync($"not rolling back {service} in {environment}: no earlier successful deploy of another version that no rollback undid is recorded, so there is nothing to roll back to");
            return new RollbackOutcome(failed with { Result = DeployResult.Failed }, null, null) { Unrecorded = refused, FailureRecorded = marked };
        }

        CommandResult? result = null;
        var recording = cancellationToken;
        var target = chosen.Deploy.Version;
        var began = clock.GetUtcNow(); // the rollback deploy starts with its command, and finishes when it ends
        string? id = null;
        var startRecorded = false;
        if (command is not null)
        {
            began = clock.GetUtcNow();
            id = Id(failed, target, began);
            if (refused is null)
            {
                // Under way before its command starts, with this process's lease, its id in the command's environment: a
                // Tollgate killed outright while it runs leaves it running in the ledger (no recovery counted), and the
                // next deploy run is refused while the orphaned command lives (DeployUnderWay). Claimed, the newest deploy
                // read again under the claim: a deploy run whose claim landed since the read above deploys, and this
                // rollback's command would take it down. Recorded whatever the token says: a stop is met at the command.
                Deploy? newer = null;
                try
                {
                    var started = new DeployEvent(id, "tollgate.deploy.rollingback", Of(failed, target, id, began) with { Lease = DeployLease.Current(began, timeout).Text });
                    await store.ClaimAsync(started, async token =>
                    {
                        newer = await NewerAsync(store, failed, token);
                        if (newer is not null)
                        {
                            throw new InvalidInputException($"{Superseding(newer)} superseded {TextSafe.Line(failed.Version)}: not rolling back");
                        }
                    }, null, CancellationToken.None);
                    startRecorded = true;
                }
                catch (InvalidInputException) when (newer is not null)
                {
                    return await SupersededAsync(newer, failed, during, log);
                }
                catch (InvalidInputException e) when (e.LedgerFault && prior is not null)
                {
                    refused = e; // rolled back all the same: the caller's line says how to record it
                    // The claim's read of a newer deploy is its only one on this path: read once more, as best the
                    // ledger allows, so a claim whose write failed never takes down a deploy recorded since.
                    if (await NewerOrNoneAsync(store, failed, id) is { } newest)
                    {
                        return await SupersededAsync(newest, failed, during, log);
                    }
                }
            }

            if (startRecorded && underWay is not null)
            {
                await underWay(new RollbackOutcome(failed with { Result = DeployResult.Failed }, Of(failed, target, id, began), null)
                {
                    Target = chosen, FailureRecorded = marked, StartRecorded = true, UnderWay = true,
                });
            }

            await log.WriteLineAsync($"rolling back {service} in {environment} to {chosen.Describe()}: {TextSafe.Line(command)}");
            var script = RollbackHook.Command(command, failed, target, id);
            try
            {
                cancellationToken.ThrowIfCancellationRequested(); // stopped before the command started: it is not started
                result = await ShellCommand.RunAsync(script, timeout, log, workingDirectory, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Tollgate is being stopped: the hook was stopped with it. What it did is unknown, so the rollback is
                // recorded as failed (as a timed-out one is), and the record is made whatever the token says.
                result = new CommandResult(script.Shown, null, false, clock.GetUtcNow() - began, "") { Interrupted = true };
                recording = CancellationToken.None;
            }
        }

        var at = clock.GetUtcNow();
        id ??= Id(failed, target, at);
        var rollback = Of(failed, target, id, began) with { FinishedAt = at, Result = result is null || result.Succeeded ? DeployResult.Success : DeployResult.Failed };
        // Returning to an unverified version verifies nothing: the rollback stays as unverified as it, so a later
        // rollback passes over it too.
        DeliveryEvent[] unverified = chosen.Verified ? [] : [new DeployWatchEvent($"watch-window:{id}:{chosen.Deploy.Watch.WireName()}", "tollgate.deploy.watch", id, chosen.Deploy.Watch, at)];
        if (refused is null)
        {
            try
            {
                DeliveryEvent recorded = startRecorded
                    ? new DeployStatusEvent("watch-window:" + id, "tollgate.deploy.rolledback", id, rollback.Result, at) // its start is recorded: now its end
                    : new DeployEvent(id, "tollgate.deploy.rolledback", rollback);
                await store.RecordAsync([recorded, .. unverified], recording);
            }
            catch (InvalidInputException e) when (e.LedgerFault && prior is not null)
            {
                refused = e; // the rollback ran: the line says so, and how to record it
            }
        }

        if (result is { Interrupted: true })
        {
            // Said once the record is made or refused: a ledger that refused it records nothing (the caller's line says what to record).
            await log.WriteLineAsync($"the rollback of {service} in {environment} to {TextSafe.Line(chosen.Deploy.Version)} was stopped with Tollgate: "
                + (refused is null ? $"recorded as failed; {TextSafe.Line(failed.Version)} is recorded failed and" : $"not recorded; {TextSafe.Line(failed.Version)}")
                + " may still be live: roll back by hand");
        }

        return new RollbackOutcome(failed with { Result = DeployResult.Failed }, chosen.Verified ? rollback : rollback with { Watch = chosen.Deploy.Watch }, result)
        {
            Target = chosen, Unrecorded = refused, FailureRecorded = marked, StartRecorded = startRecorded,
        };
    }

    private static string Id(Deploy failed, string target, DateTimeOffset at) =>
        string.Create(CultureInfo.InvariantCulture, $"{failed.Service}/{failed.Environment}/{target}@{at.ToUnixTimeMilliseconds()}/rollback");

    /// <summary>The rollback of <paramref name="failed"/> to <paramref name="target"/>, running from <paramref name="began"/>.</summary>
    private static Deploy Of(Deploy failed, string target, string id, DateTimeOffset began) =>
        new(id, failed.Service, failed.Environment, target, DeployIntent.Rollback, began) { Remediates = failed.Id, Source = "watch-window" };

    /// <summary>
    /// A deploy whose command was stopped with Tollgate (SIGINT, SIGTERM), already recorded failed: not rolled back, since
    /// the user is stopping Tollgate, and the log says what to run instead.
    /// </summary>
    /// <param name="connection">The ledger and policy options the user gave, carried by the printed commands.</param>
    /// <param name="prior">The target read before the deploy command ran: what the line names when the ledger does not answer now.</param>
    /// <param name="refused">Why the ledger did not record the deploy's failure (it has it running), or null when it did.</param>
    public static async Task<RollbackOutcome> StoppedAsync(
        IDeliveryStore store, Deploy failed, string command, TextWriter log, string connection = "", PriorTarget? prior = null, InvalidInputException? refused = null)
    {
        var failureRecorded = refused is null;
        var chosen = prior?.Target;
        if (refused is null)
        {
            try
            {
                chosen = await RollbackTarget.ReadAsync(store, failed, CancellationToken.None);
            }
            catch (InvalidInputException e) when (e.LedgerFault && prior is not null)
            {
                refused = e; // the failure is recorded; the version named before the deploy command ran stands
            }
        }

        var (service, environment) = (Word(failed.Service), Word(failed.Environment));
        var next = chosen is null
            ? $"no earlier successful deploy of another version of {service} in {environment} that no rollback undid is recorded to roll back to"
            : $"to roll back to {chosen.Describe()}, run {TextSafe.Line(RollbackHook.Command(command, failed, chosen.Deploy.Version).Shown)}, then record it: "
                + $"tollgate deploy start {service} --version {Word(chosen.Deploy.Version)} --env {environment} --intent rollback{TextSafe.Line(connection)} && tollgate deploy finish {service} --env {environment} --result success{TextSafe.Line(connection)}";
        await log.WriteLineAsync(refused is null
            ? $"the deploy command was stopped with Tollgate: {TextSafe.Line(failed.Version)} of {service} is recorded failed in {environment} and not rolled back; {next}"
            : UnrecordedDeploy.Stopped(failed, failureRecorded, refused, connection, next));
        return new RollbackOutcome(failed, null, null) { Target = chosen, Stopped = true, Unrecorded = refused, FailureRecorded = failureRecorded };
    }

    /// <summary>
    /// The rollback goes on to the version read before, though the ledger no longer answers: the newest deploy cannot be
    /// read, so a deploy started since (which the rollback would take down) cannot be seen, and the line says so.
    /// </summary>
    private static string Unchecked(InvalidInputException refused, string service, string environment, PriorTarget prior) =>
        $"the ledger does not answer: {TextSafe.Line(refused.Message)}; rolling back {service} in {environment} to the version it named {prior.Read}, "
        + "unchecked for a deploy started since (one would be taken down with it)";

    /// <summary>A name as one shell word: as it is when it needs no quotes.</summary>
    private static string Word(string name) => TextSafe.Line(ShellScript.Word(name));

    /// <summary>The deploy's failure as a failed watch records it: at its own finish time, not amended (lead time: shipped nothing).</summary>
    internal static DeployStatusEvent Marked(Deploy failed) =>
        new("watch-window:" + failed.Id, "tollgate.deploy.failed", failed.Id, DeployResult.Failed, failed.FinishedAt ?? failed.StartedAt);

    /// <summary>The newest deploy of the failed one's service and environment when it is another: one started since, superseding it.</summary>
    private static async Task<Deploy?> NewerAsync(IDeliveryStore store, Deploy failed, CancellationToken cancellationToken) =>
        await store.NewestStartedAsync(failed.Service, failed.Environment, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, cancellationToken) is { } newest && newest.Id != failed.Id
            ? newest
            : null;

    /// <summary>
    /// A deploy started since <paramref name="failed"/> (not this rollback, <paramref name="rollbackId"/>, should its claim
    /// have landed before the fault), read best effort after a claim the ledger failed: none when the ledger cannot say.
    /// </summary>
    private static async Task<Deploy?> NewerOrNoneAsync(IDeliveryStore store, Deploy failed, string rollbackId)
    {
        try
        {
            return await NewerAsync(store, failed, CancellationToken.None) is { } newest && newest.Id != rollbackId ? newest : null;
        }
        catch (InvalidInputException e) when (e.LedgerFault)
        {
            return null; // the ledger answers nothing: the rollback goes on, as when the watch's own read failed
        }
    }

    /// <summary>Not rolled back: <paramref name="newest"/> started since <paramref name="failed"/>, and a rollback would undo it.</summary>
    private static async Task<RollbackOutcome> SupersededAsync(Deploy newest, Deploy failed, string during, TextWriter log)
    {
        await log.WriteLineAsync($"{Superseding(newest)} superseded {TextSafe.Line(failed.Version)} of {TextSafe.Line(failed.Service)} in {TextSafe.Line(failed.Environment)} {during}: not rolling back");
        return new RollbackOutcome(failed with { Result = DeployResult.Failed }, null, null) { SupersededBy = newest };
    }

    private static string Superseding(Deploy newest) => newest.Intent == DeployIntent.Rollback
        ? $"a rollback to {TextSafe.Line(newest.Version)}"
        : TextSafe.Line(newest.Version);
}
