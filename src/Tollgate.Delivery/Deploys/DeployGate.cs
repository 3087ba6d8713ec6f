using System.Globalization;
using Tollgate.Canary.Sources;
using Tollgate.Delivery.Drills;
using Tollgate.Delivery.Running;
using Tollgate.Delivery.Watch;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Deploys;

/// <summary>
/// Deploy → watch window → promote or roll back. Every step is recorded: the deploy, its failure, the rollback as a
/// deploy that remediates it, each look of the watch, what the watch made of the deploy (watching, then passed, held or
/// failed: only a passed watch verifies it as a rollback target) and the deploy's own verdict, all decided by
/// <see cref="GatePipeline"/> under the context's policy. A deploy command that fails or hangs past its timeout is a
/// failed deploy, rolled back and recorded, never a pass.
/// </summary>
public sealed class DeployGate(IDeliveryStore store, IMetricSource source, TextWriter log)
{
    public async Task<Report> WatchAsync(DeployWatchRequest request, GateContext context)
    {
        var watch = new WatchWindow(request.Spec, source, request.Window, request.MaxWait, log, request.ErrorLimit); // checked before the ledger is read
        // The newest deploy, whatever its result, by start time then ledger order: one row through the index on service,
        // environment and start, not the service's whole history.
        var deploy = await store.NewestStartedAsync(request.Service, request.Environment, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, context.Cancellation)
            ?? throw new InvalidInputException($"no deploy of {request.Service} in {request.Environment} is recorded: "
                + UnknownTarget.Explain(request.Service, request.Environment, await store.TargetsAsync(context.Cancellation), "record it with tollgate deploy start"));
        if (await UnfinishedRollback.ExplainAsync(store, deploy, context.Clock.GetUtcNow(), request.Connection, context.Cancellation) is { } unfinished)
        {
            throw new InvalidInputException(unfinished); // a rollback under way or orphaned: neither it nor the deploy it rolls back can be judged
        }

        if (deploy.Result == DeployResult.Failed)
        {
            throw new InvalidInputException(await RecordedFailed.ExplainAsync(store, deploy, context.Cancellation, request.Connection)); // never "promote" a known failure
        }

        return await WatchAsync(deploy, watch, request.RollbackCommand, request.Timeout, [], (request.ResumeCommand, request.Connection), context);
    }

    public async Task<Report> RunAsync(DeployRunRequest request, GateContext context)
    {
        var cancellationToken = context.Cancellation;
        var watch = new WatchWindow(request.Spec, source, request.Window, request.MaxWait, log, request.ErrorLimit); // a watch that cannot be kept is exit 3 before anything runs
        await NewTarget.CheckDeployAsync(store, request.Service, request.Environment, request.NewService, request.NewEnvironment, cancellationToken);
        var drill = await DrillFindingsAsync(request.Service, context);
        var at = context.Clock.GetUtcNow();
        var id = string.Create(CultureInfo.InvariantCulture, $"{request.Service}/{request.Environment}/{request.Version}@{at.ToUnixTimeMilliseconds()}");
        var deploy = new Deploy(id, request.Service, request.Environment, request.Version, request.Intent, at)
        {
            Changes = request.Changes,
            Lease = DeployLease.Current(at, request.Timeout).Text, // a run killed in its deploy command is told from a live one by it
        };
        // What is known before deploying (a stale drill) fails it, or asks its review, before the command runs: a
        // review is settled by approvals of this refused change's digest, the same on every run of it.
        var before = await GatePipeline.JudgeAsync(DeployReport.Evidence(deploy, "", drill, null, [], null), context);
        if (before.Verdict is Verdict.Fail or Verdict.Review)
        {
            var blocking = before.Findings.First(before.Blocking.Contains);
            var why = before.Verdict == Verdict.Fail ? "refused before deploying: " : "not deployed until its review is approved: ";
            return await GatePipeline.RunAsync(DeployReport.Evidence(deploy, why + blocking.Message, drill, null, [], null), context);
        }

        // Settled by the approvals of the review before deploying: the deploy's own report keeps the finding, suppressed
        // by those approvals (named), so it asks no review again and still shows the deploy went out on a stale drill.
        drill = ApprovedStaleDrill.Of(drill, before.Approvals);

        // The one read of the history: what to roll back to, while the ledger answers, so that a deploy that fails while
        // it cannot be written still rolls back (and the watch's own fallback, as the watch begins).
        var prior = new PriorTarget(await RollbackTarget.ReadAsync(store, deploy, cancellationToken), "before the deploy command ran");
        // Checked again in the write: the names, and another deploy or watch under way, read after the claim waited for
        // any other run's (its deploy recorded by then), so of runs started at once one deploys and the others are refused.
        // Its notes are said once the claim is decided, from the check that decided it (a claim tried again on a fresh
        // connection checks again): once, before the refusal or the deploy, as the check made before the claim said them.
        var notes = new StringWriter();
        try
        {
            await NewTarget.RecordDeployAsync(store, new DeployEvent(id, "tollgate.deploy.started", deploy), request.NewService, request.NewEnvironment, cancellationToken,
                request.UnderWay is { } underWay ? t => underWay(context.Clock.GetUtcNow(), Fresh(notes), t) : null);
        }
        finally
        {
            await log.WriteAsync(notes.ToString());
        }

        await log.WriteLineAsync($"deploying {TextSafe.Line(request.Version)} of {TextSafe.Line(request.Service)} to {TextSafe.Line(request.Environment)}: {TextSafe.Line(request.DeployCommand)}");
        CommandResult deployed;
        try
        {
            deployed = await ShellCommand.RunAsync(DeployHook.Command(request.DeployCommand, deploy), request.Timeout, log, context.WorkingDirectory, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Tollgate is being stopped: the deploy command was stopped with it, half done. That is a failed deploy, as a
            // timeout is, recorded whatever the token says; not rolled back, since the user is stopping Tollgate.
            // With the ledger down the stop still wins: the line says what is not recorded and what to run once it answers.
            var stoppedAt = context.Clock.GetUtcNow();
            Deploy stopped;
            InvalidInputException? unrecorded = null;
            try
            {
                stopped = await store.FinishAsync(deploy, DeployResult.Failed, stoppedAt, CancellationToken.None) ?? deploy;
            }
            catch (InvalidInputException e) when (e.LedgerFault)
            {
                unrecorded = e;
                stopped = deploy with { FinishedAt = stoppedAt };
            }

            var outcome = await Rollback.StoppedAsync(store, stopped with { Result = DeployResult.Failed }, request.RollbackCommand, log, request.Connection, prior, unrecorded);
            if (outcome.Unrecorded is not null)
            {
                throw new OperationCanceledException(cancellationToken); // from the ledger's first refusal nothing more is written: the line said what to record
            }

            throw await StoppedAsync(DeployReport.Evidence(stopped, "the deploy command was stopped with Tollgate", drill, null, [], outcome), context);
        }

        var ended = context.Clock.GetUtcNow();
        Deploy finished;
        InvalidInputException? refused = null;
        try
        {
            finished = await store.FinishAsync(deploy, deployed.Succeeded ? DeployResult.Success : DeployResult.Failed, ended, cancellationToken)
                ?? deploy; // this deploy, never another of the service started meanwhile
        }
        catch (InvalidInputException e) when (e.LedgerFault && deployed.Succeeded)
        {
            throw UnrecordedDeploy.Finish(deploy, ended, e, request.Connection, request.ResumeCommand); // live: the line says so, and what to run
        }
        catch (InvalidInputException e) when (e.LedgerFault)
        {
            refused = e; // a failed deploy rolls back all the same, to the target read before its command ran
            finished = deploy with { FinishedAt = ended, Result = DeployResult.Failed };
        }

        if (!deployed.Succeeded)
        {
            var reason = $"the deploy command {deployed.Describe()}";
            var rollback = await Rollback.RunAsync(
                store, finished, request.RollbackCommand, request.Timeout, log, context.WorkingDirectory, context.Clock, "while its deploy command ran", cancellationToken, prior, refused,
                under => RecordBeforeRollbackAsync(DeployReport.Evidence(finished, reason, drill, null, [], under), context));
            rollback = rollback with { FailureRecorded = refused is null || rollback.FailureRecorded }; // its finish recorded it failed
            return await SettleAsync(DeployReport.Evidence(finished, reason, drill, null, [], rollback), rollback,
                (e, verdictOnly) => UnrecordedDeploy.DeployRolledBack(finished, deployed, ended, rollback, e, request.Connection, verdictOnly), context);
        }

        return await WatchAsync(finished, watch, request.RollbackCommand, request.Timeout, drill, (request.ResumeCommand, request.Connection), context, prior);
    }

    /// <param name="printed">The command that judges the deploy again and the ledger and policy options, for the lines a ledger failure prints.</param>
    /// <param name="read">The rollback target read before the deploy command ran (<c>deploy run</c>); null: read as the watch begins.</param>
    private async Task<Report> WatchAsync(
        Deploy deploy, WatchWindow watch, string? rollbackCommand, TimeSpan timeout, IReadOnlyList<Finding> drill, (string? Resume, string Connection) printed, GateContext context,
        PriorTarget? read = null)
    {
        var resume = printed.Resume;
        WatchLook? last;
        PriorTarget prior;
        Deploy? cutShortBy;
        try
        {
            (last, prior, cutShortBy) = await JudgeAsync(deploy, watch, drill, printed, context, read);
        }
        catch (InvalidInputException e) when (e.LedgerFault)
        {
            throw UnrecordedDeploy.Watch(deploy, null, e, resume); // live and unjudged: the line says so, and what to run
        }

        var failed = last is { Report.Verdict: Verdict.Fail }; // a watch cut short by a later deploy had not decided
        Deploy? superseding = null;
        InvalidInputException? refused = null;
        try
        {
            // A failed watch meets a later deploy at its rollback (Rollback.RunAsync); a pass or a hold is checked here:
            // one that cut the looks short, or one begun after the look that decided, read again as the watch ends.
            superseding = failed ? null : cutShortBy ?? await LaterAsync(deploy, (deploy.FinishedAt ?? deploy.StartedAt) + watch.MaxWait, context.Cancellation);
            await RecordWatchAsync(deploy, last?.Report.Verdict switch
            {
                Verdict.Pass => DeployWatch.Passed, // decided on its own traffic: every look before any later deploy's start
                Verdict.Fail => DeployWatch.Failed,
                _ => DeployWatch.Held,
            }, context);
        }
        catch (InvalidInputException e) when (e.LedgerFault && failed)
        {
            refused = e; // a failed watch rolls back all the same, to the target named when it began
        }
        catch (InvalidInputException e) when (e.LedgerFault)
        {
            throw UnrecordedDeploy.Watch(deploy, last?.Report, e, resume);
        }

        if (last is null || !failed)
        {
            var (verdict, judged) = superseding is { } newer
                ? last is { Report.Verdict: Verdict.Pass } passed
                    ? (Verdict.Pass, SupersededWatch.AfterDecision(deploy, newer, DeployReport.Evidence(deploy, passed.Report.Reason, drill, passed.Report, passed.Evidence.Findings, null)))
                    : (Verdict.Hold, SupersededWatch.Held(deploy, newer, drill, last))
                : (last!.Report.Verdict, DeployReport.Evidence(deploy, last.Report.Reason, drill, last.Report, last.Evidence.Findings, null));
            try
            {
                return await GatePipeline.RunAsync(judged, context);
            }
            catch (InvalidInputException e) when (e.LedgerFault)
            {
                throw UnrecordedDeploy.UnrecordedVerdict(deploy, verdict, judged.Pending ?? last!.Report.Reason, e); // the watch's outcome is recorded: only the verdict is not
            }
        }

        var rollback = await Rollback.RunAsync(
            store, deploy, rollbackCommand, timeout, log, context.WorkingDirectory, context.Clock, "during its watch", context.Cancellation, prior, refused,
            under => RecordBeforeRollbackAsync(DeployReport.Evidence(deploy, "the watch window failed: " + last.Report.Reason, drill, last.Report, last.Evidence.Findings, under), context));
        var evidence = DeployReport.Evidence(deploy, "the watch window failed: " + last.Report.Reason, drill, last.Report, last.Evidence.Findings, rollback);
        return await SettleAsync(evidence, rollback, (e, verdictOnly) => UnrecordedDeploy.RolledBack(deploy, last.Report, rollback, e, printed.Connection, verdictOnly), context);
    }

    /// <summary>
    /// The deploy's verdict after a rollback, recorded (<see cref="RecordAsync"/>); when the ledger refused the rollback's
    /// record or refuses the verdict, the one line of exit 3 (<paramref name="unrecorded"/>: the refusal, and whether only
    /// the verdict was refused). A stop (SIGINT, SIGTERM) that cut the rollback command short wins: the line is logged
    /// and the stop thrown, exit 130 or 143 as any stop.
    /// </summary>
    private async Task<Report> SettleAsync(Evidence evidence, RollbackOutcome rollback, Func<InvalidInputException, bool, InvalidInputException> unrecorded, GateContext context)
    {
        InvalidInputException line;
        if (rollback.Unrecorded is { } refused)
        {
            line = unrecorded(refused, false);
        }
        else
        {
            try
            {
                return await RecordAsync(evidence, rollback, context);
            }
            catch (InvalidInputException e) when (e.LedgerFault)
            {
                line = unrecorded(e, true);
            }
        }

        if (rollback.Command is { Interrupted: true })
        {
            await log.WriteLineAsync(line.Message);
            throw new OperationCanceledException(context.Cancellation);
        }

        throw line;
    }

    /// <summary>The watch, recorded as watching first (a watch that never ends stays watching: never verified), to its last look.</summary>
    /// <remarks>
    /// The rollback target is read as the watch begins, while the ledger answers (<see cref="PriorTarget"/>): a watch that
    /// fails while the ledger cannot be written still rolls back.
    /// </remarks>
    private async Task<(WatchLook? Last, PriorTarget Prior, Deploy? CutShortBy)> JudgeAsync(
        Deploy deploy, WatchWindow watch, IReadOnlyList<Finding> drill, (string? Resume, string Connection) printed, GateContext context, PriorTarget? read)
    {
        // Watching, with this process's lease (until the watch's deadline): a watcher killed outright is told from a live one by it (WatchUnderWay).
        var now = context.Clock.GetUtcNow();
        var lease = DeployLease.Current(now, (deploy.FinishedAt ?? deploy.StartedAt) + watch.MaxWait - now);
        await store.RecordAsync([WatchEvent(deploy, DeployWatch.Watching, now) with { Lease = lease.Text }], context.Cancellation);
        var prior = read ?? new PriorTarget(await RollbackTarget.ReadAsync(store, deploy, context.Cancellation));
        try
        {
            // Inside the try: a stop while the failed spans are read is a stopped watch like any other.
            var excluded = await FailedSpans.ReadAsync(store, deploy, watch.MaxWait + watch.Length, context.Cancellation);
            // Before each look, one indexed read: a later deploy begun before the look's end stops the looks at its start.
            Deploy? later = null;
            var last = await watch.RunAsync(deploy.StartedAt, deploy.FinishedAt ?? deploy.StartedAt, context, excluded, async (due, cancellationToken) =>
                (later = await LaterAsync(deploy, due.AddTicks(-TimeSpan.TicksPerMicrosecond), cancellationToken))?.StartedAt);
            return (last, prior, later);
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            // Tollgate is being stopped before the watch decided: the deploy stays unjudged (watching: never verified,
            // never a rollback target as a verified one), nothing is rolled back, and the verdict says so (hold).
            var (version, service, environment) = (TextSafe.Line(deploy.Version), TextSafe.Line(deploy.Service), TextSafe.Line(deploy.Environment));
            // Once a later deploy is recorded the resume command judges that one: the stopped one can only be closed (held).
            var (resume, close) = (printed.Resume, StoppedWatchClose.Command(deploy, printed.Connection));
            var replaced = $"once a later deploy of {service} in {environment} is recorded, {version} can no longer be judged: {TextSafe.Line(close)} closes its watch (held)";
            var reason = $"the watch was stopped with Tollgate before it decided: {version} is live and unjudged, not verified and not rolled back"
                + (resume is null ? "" : $"; to judge it, run {TextSafe.Line(resume)}") + $"; {replaced}";
            await log.WriteLineAsync($"the watch of {version} of {service} in {environment} was stopped with Tollgate before it decided: {version} is live and unjudged"
                + (resume is null ? "" : $"; to judge it (and roll back if it fails), run {TextSafe.Line(resume)}") + $"; {replaced}");
            throw await StoppedAsync(DeployReport.Evidence(deploy, reason, drill, null, [], null) with { Pending = reason }, context);
        }
    }

    /// <summary>
    /// The failed deploy's verdict as its rollback command starts (the rollback recorded under way): a Tollgate killed
    /// outright (SIGKILL) while the command runs leaves the failure under the deploy's subject, where its verdict after
    /// the command would have been. Recorded whatever the token says; a ledger that refuses it loses nothing the verdict
    /// after the command does not record (and that one's refusal is the line said).
    /// </summary>
    private static async Task RecordBeforeRollbackAsync(Evidence evidence, GateContext context)
    {
        // Best effort, and bounded: a ledger that hangs (a lock held, a PostgreSQL connection that stopped answering)
        // must not hold back the rollback of a failing deploy, nor may any failure of this early copy keep its command
        // from running once the rollback is recorded under way.
        using var bound = new CancellationTokenSource(BeforeRollbackBound, context.Clock);
        try
        {
            await GatePipeline.RunAsync(evidence, context with { Cancellation = bound.Token });
        }
        catch (Exception e) when (e is InvalidInputException or OperationCanceledException or System.Data.Common.DbException or IOException or InvalidOperationException)
        {
            // the verdict after the command is recorded, or its refusal said, as before
        }
    }

    /// <summary>How long the failed deploy's verdict before its rollback command may take before the command runs without it.</summary>
    private static readonly TimeSpan BeforeRollbackBound = TimeSpan.FromSeconds(5);

    /// <summary>The deploy's verdict, recorded; when the rollback command was stopped with Tollgate, recorded all the same and then the stop.</summary>
    private async Task<Report> RecordAsync(Evidence evidence, RollbackOutcome rollback, GateContext context) =>
        rollback.Command is { Interrupted: true } ? throw await StoppedAsync(evidence, context) : await GatePipeline.RunAsync(evidence, context);

    /// <summary>
    /// Records the deploy's verdict though Tollgate is being stopped (a signal cancelled the context), so the decision
    /// and what became of the deploy are on record, then gives the cancellation to throw: exit 130 or 143, as any stop.
    /// </summary>
    /// <remarks>A ledger that refuses the verdict does not turn the stop into exit 3: a line says the verdict is not recorded.</remarks>
    private async Task<OperationCanceledException> StoppedAsync(Evidence evidence, GateContext context)
    {
        try
        {
            await GatePipeline.RunAsync(evidence, context with { Cancellation = CancellationToken.None });
        }
        catch (InvalidInputException e) when (e.LedgerFault)
        {
            await log.WriteLineAsync($"the verdict of {TextSafe.Line(evidence.Subject)} could not be recorded: {TextSafe.Line(e.Message)}; what became of the deploy is recorded");
        }

        return new OperationCanceledException(context.Cancellation);
    }

    /// <summary>
    /// The newest deploy of the service and environment started after <paramref name="deploy"/> and by
    /// <paramref name="by"/> (another pipeline's, while it was watched); null when none. One indexed read. From a
    /// microsecond before its start: one started at the same time and recorded after it is later too.
    /// </summary>
    private async Task<Deploy?> LaterAsync(Deploy deploy, DateTimeOffset by, CancellationToken cancellationToken)
    {
        var from = deploy.StartedAt.AddTicks(-TimeSpan.TicksPerMicrosecond);
        var newest = await store.NewestStartedAsync(deploy.Service, deploy.Environment, from, by, cancellationToken);
        return newest is null || newest.Id == deploy.Id ? null : newest;
    }

    /// <summary>The notes of a check emptied of an earlier attempt's.</summary>
    private static StringWriter Fresh(StringWriter notes)
    {
        notes.GetStringBuilder().Clear();
        return notes;
    }

    /// <summary>What the watch made of the deploy, as a later rollback reads it (<see cref="RollbackTarget"/>).</summary>
    private Task RecordWatchAsync(Deploy deploy, DeployWatch watch, GateContext context) =>
        store.RecordAsync([WatchEvent(deploy, watch, context.Clock.GetUtcNow())], context.Cancellation);

    /// <summary>The watch's outcome of <paramref name="deploy"/> as the watch records it when it decides, at <paramref name="at"/>.</summary>
    internal static DeployWatchEvent WatchEvent(Deploy deploy, DeployWatch watch, DateTimeOffset at) =>
        new(string.Create(CultureInfo.InvariantCulture, $"watch-window:{deploy.Id}:{watch.WireName()}@{at.ToUnixTimeMilliseconds()}"), "tollgate.deploy.watch", deploy.Id, watch, at);

    /// <summary>The <c>drill-stale</c> finding of a service (before the policy's severity and exceptions; after its <c>maxDrillAgeDays</c>).</summary>
    private async Task<IReadOnlyList<Finding>> DrillFindingsAsync(string service, GateContext context)
    {
        if (!context.Policy.IsEnabled(DrillStaleRule.Id))
        {
            return [];
        }

        var drills = await store.DrillsAsync(service, context.Cancellation);
        var maxAge = context.Policy.Threshold(DeliveryRules.DrillStale, DrillStaleRule.MaxAgeKey, DrillStaleRule.DefaultMaxAgeDays);
        var finding = DrillStaleRule.Evaluate(service, drills, context.Clock.GetUtcNow(), maxAge);
        return finding is null ? [] : [finding];
    }
}
