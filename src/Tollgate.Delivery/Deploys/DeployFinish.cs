using System.Globalization;
using Tollgate.Delivery.Running;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Reports;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Deploys;

/// <summary>
/// <c>tollgate deploy finish</c>: closes the newest running deploy of a service in an environment started by the finish
/// time (two pipelines deploying it at once: the older one's finish closes the older deploy). It reads that deploy
/// and the newest one started after it by the finish time (indexed lookups, not the service's history); the deploy judged is the deploy closed (<see cref="IDeliveryStore.FinishAsync"/> by its id, only while it
/// still runs), so a deploy started or finished by another writer meanwhile is never closed or overwritten by this one.
/// A finish before that deploy's start is bad input, refused before anything is recorded: a negative span would enter
/// DORA's lead and recovery times as if it had happened. So is a finish when a later deploy, started by then, is
/// already over (a second finish, a start recorded twice): the older deploy still marked running was superseded.
/// </summary>
public static class DeployFinish
{
    /// <summary><c>--result</c>: success or failed (a deploy is not finished as running); checked before the ledger is opened.</summary>
    public static DeployResult Outcome(string text) =>
        DeliveryNames.ParseResult(text) is var result && result != DeployResult.Running ? result : throw NotAnOutcome();

    public static async Task<Deploy> RunAsync(
        IDeliveryStore store, string service, string environment, DeployResult result, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (result == DeployResult.Running)
        {
            throw NotAnOutcome();
        }

        var running = await store.NewestRunningAsync(service, environment, cancellationToken)
            ?? throw new InvalidInputException($"no running deploy of {service} in {environment}: "
                + UnknownTarget.Explain(service, environment, await store.TargetsAsync(cancellationToken), "record one with tollgate deploy start"));
        if (at < running.StartedAt)
        {
            running = await RunningByAsync(store, running, at, cancellationToken);
        }

        // A later deploy that started by the finish time and is over already superseded the one still marked running (a
        // start recorded twice, a cancelled pipeline): closing that one now would count a deploy that never finished, at
        // a span it never had. A second finish of the same deploy meets this too.
        if (await store.NewestStartedAsync(service, environment, running.StartedAt, at, cancellationToken) is { } superseding)
        {
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                $"the newest deploy of {service} in {environment}, {superseding.Id}, is already over ({superseding.Result.WireName()} at {Rfc3339.Format(superseding.FinishedAt ?? superseding.StartedAt)}); the older {running.Id} still marked running was superseded by it: finished twice? nothing recorded"));
        }

        return await store.FinishAsync(running, result, at, cancellationToken)
            ?? throw new InvalidInputException($"{running.Id} was finished by another writer while this finish was being recorded; nothing recorded");
    }

    /// <summary>
    /// <c>deploy finish --deploy ID --result failed</c>: marks a deploy that finished as a success failed after the fact (a
    /// failure found late, or one whose record the ledger refused when it happened), so DORA's change failure rate counts
    /// it. Recorded as a status event of its own (<c>tollgate.deploy.amended</c>, kept in the ledger's events beside the
    /// deploy's), at the deploy's own finish time: its span and its day stay as they were. An unknown id, a deploy still
    /// running (<c>deploy finish</c> without <c>--deploy</c> closes it) or one already failed is refused, nothing recorded.
    /// </summary>
    /// <param name="now">When the amendment is made: part of its event id, so a deploy amended again after a later status is recorded again.</param>
    /// <param name="watchFailed">
    /// <c>--watch-failed</c>: the failure is its watch window's, which the ledger refused to record when the watch failed
    /// (the exit-3 line, <see cref="UnrecordedDeploy.RolledBack"/>, prints this command): recorded as the watch records it
    /// (<see cref="Rollback"/>: its failure and its watch failed), so lead time counts none of its changes shipped, as for
    /// any deploy its watch failed and rolled back, where a failure found late keeps them. A watch failure already on
    /// record (the watch recorded it, then the ledger refused the deploy's failure) is not recorded again: only the
    /// deploy's failure is; with both on record the command is refused as for any deploy already failed.
    /// </param>
    public static async Task<Amendment> AmendAsync(
        IDeliveryStore store, string service, string environment, string id, DeployResult result, DateTimeOffset now, CancellationToken cancellationToken, bool watchFailed = false)
    {
        if (result != DeployResult.Failed)
        {
            throw new InvalidInputException("--deploy marks a finished deploy failed after the fact: give --result failed (a running deploy is finished without --deploy)");
        }

        var deploy = await store.DeployAsync(id, cancellationToken) is { } found && found.Service == service && found.Environment == environment ? found // by its key, not the history
            : throw new InvalidInputException($"--deploy {TextSafe.Line(id)}: no such deploy of {TextSafe.Line(service)} in {TextSafe.Line(environment)} is recorded; nothing recorded");
        if (deploy.Result == DeployResult.Running || deploy.FinishedAt is not { } finished)
        {
            throw new InvalidInputException($"--deploy {TextSafe.Line(id)} is still running: finish it with tollgate deploy finish {TextSafe.Line(ShellScript.Word(service))} --env {TextSafe.Line(ShellScript.Word(environment))} --result failed; nothing recorded");
        }

        if (deploy.Result == DeployResult.Failed)
        {
            throw new InvalidInputException(watchFailed && deploy.Watch == DeployWatch.Failed
                ? $"--deploy {TextSafe.Line(id)} is already recorded failed by its watch window (its failure and its watch's): nothing to record again; nothing recorded"
                : $"--deploy {TextSafe.Line(id)} is already recorded failed; nothing recorded");
        }

        if (watchFailed)
        {
            // The watch recorded its failure and the ledger then refused the deploy's (Rollback.Marked): only that is
            // missing, and a second watch outcome (its id carries the time) would be one failure recorded twice.
            var recorded = deploy.Watch == DeployWatch.Failed;
            await store.RecordAsync(recorded ? [Rollback.Marked(deploy)] : [Rollback.Marked(deploy), DeployGate.WatchEvent(deploy, DeployWatch.Failed, now)], cancellationToken);
            return new Amendment(deploy with { Result = DeployResult.Failed, Watch = DeployWatch.Failed }, ByWatch: true, recorded);
        }

        var eventId = string.Create(CultureInfo.InvariantCulture, $"amended:{deploy.Id}@{now.ToUnixTimeMilliseconds()}");
        await store.RecordAsync([new DeployStatusEvent(eventId, "tollgate.deploy.amended", deploy.Id, DeployResult.Failed, finished)], cancellationToken);
        return new Amendment(deploy with { Result = DeployResult.Failed }, ByWatch: false);
    }

    /// <summary>
    /// The newest running deploy started by the finish time, when the newest running one started after it (two pipelines
    /// deploying the service at once, the older one finishing first): a finish before every running deploy's start is
    /// refused, naming them. A rare path, so it reads the service's history in that environment.
    /// </summary>
    private static async Task<Deploy> RunningByAsync(IDeliveryStore store, Deploy newest, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var running = (await store.DeploysAsync(newest.Service, newest.Environment, cancellationToken)).Where(d => d.Result == DeployResult.Running).ToList();
        if (running.LastOrDefault(d => d.StartedAt <= at) is { } started)
        {
            return started;
        }

        if (running.Count <= 1)
        {
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                $"{newest.Id} started at {Rfc3339.Format(newest.StartedAt)}, after the finish at {Rfc3339.Format(at)}: a deploy cannot finish before it starts (check --at); nothing recorded"));
        }

        var named = string.Join(", ", running.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Id} (started {Rfc3339.Format(d.StartedAt)})")));
        throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
            $"no running deploy of {newest.Service} in {newest.Environment} had started by the finish at {Rfc3339.Format(at)}; running: {named}: a deploy cannot finish before it starts (check --at); nothing recorded"));
    }

    private static InvalidInputException NotAnOutcome() => new("--result must be success or failed");
}
