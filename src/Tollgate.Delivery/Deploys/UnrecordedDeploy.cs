using Tollgate.Delivery.Running;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Delivery.Deploys;

/// <summary>
/// The one line of exit 3 when the ledger cannot be written after the deploy command ran (a full disk, a PostgreSQL
/// server that went away): the version is live, so the line says so, what the ledger holds of it (running, or watching:
/// unjudged, never verified) and the exact commands that close and judge it once the ledger can be written, with the
/// ledger and policy options the user gave (passwords masked), as a stopped watch does.
/// </summary>
internal static class UnrecordedDeploy
{
    /// <summary>The deploy command exited 0, then its finish could not be recorded: the ledger has it running and unwatched.</summary>
    /// <param name="ended">When the deploy command ended: the time the printed <c>deploy finish</c> records.</param>
    public static InvalidInputException Finish(Deploy deploy, DateTimeOffset ended, InvalidInputException cause, string connection, string? resume)
    {
        var (version, service, environment) = Names(deploy);
        var finish = $"tollgate deploy finish {Word(deploy.Service)} --env {Word(deploy.Environment)} --result success --at {Rfc3339.Format(ended)}{TextSafe.Line(connection)}";
        return new InvalidInputException(
            $"{version} of {service} was deployed to {environment} (its deploy command exited 0) and is live, but its finish could not be recorded: {cause.Message}; "
            + $"the ledger has it running and unwatched: once the ledger can be written, run {finish}, then {Judge(resume)}",
            cause) { LedgerFault = true };
    }

    /// <summary>The watch could not record a look, its outcome or the deploy's verdict: the deploy is live and unjudged in the ledger.</summary>
    /// <param name="decided">What the watch decided before the write failed; null when it had not decided.</param>
    public static InvalidInputException Watch(Deploy deploy, Report? decided, InvalidInputException cause, string? resume)
    {
        var (version, service, environment) = Names(deploy);
        var head = decided is null
            ? $"{version} of {service} is live in {environment} and unjudged: its watch could not be recorded: {cause.Message}; not verified and not rolled back"
            : $"the watch of {version} of {service} in {environment} {Decided(decided.Verdict)} ({TextSafe.Line(decided.Reason)}) but could not be recorded: {cause.Message}; "
                + (decided.Verdict == Verdict.Fail ? $"{version} is live and not rolled back" : $"{version} is live and unjudged in the ledger, not verified");
        return new InvalidInputException($"{head}; once the ledger can be written, to judge it (and roll back if it fails), run {Judge(resume)}", cause) { LedgerFault = true };
    }

    /// <summary>The watch passed or held and its outcome is recorded; only the deploy's verdict could not be.</summary>
    public static InvalidInputException UnrecordedVerdict(Deploy deploy, Verdict decided, string reason, InvalidInputException cause)
    {
        var (version, service, environment) = Names(deploy);
        var held = decided == Verdict.Pass ? "passed: verified" : "held: not verified";
        return new InvalidInputException(
            $"the watch of {version} of {service} in {environment} {Decided(decided)} ({TextSafe.Line(reason)}) and the ledger records it {held}, "
            + $"but the deploy's verdict ({decided.WireName()}) could not be recorded: {cause.Message}; {version} is live; nothing else is missing",
            cause) { LedgerFault = true };
    }

    /// <summary>
    /// The watch failed and the rollback ran (or had nothing to run), but the ledger refused its record
    /// (<see cref="RollbackOutcome.Unrecorded"/>) or, with <paramref name="verdictOnly"/>, only the deploy's verdict.
    /// </summary>
    public static InvalidInputException RolledBack(Deploy deploy, Report decided, RollbackOutcome outcome, InvalidInputException cause, string connection, bool verdictOnly = false)
    {
        var (version, service, environment) = Names(deploy);
        var head = $"the watch of {version} of {service} in {environment} failed ({TextSafe.Line(decided.Reason)}) and {What(outcome, version)}";
        verdictOnly |= VerdictOnly(outcome);
        var next = (verdictOnly, outcome.FailureRecorded, outcome.Recorded) switch
        {
            (true, _, _) or (_, true, null) => Complete,
            (_, false, null) => $"; once the ledger can be written, record its failure: {MarkFailed(deploy, connection)}",
            (_, false, { } rollback) => $"; once the ledger can be written, record its failure and the rollback: {MarkFailed(deploy, connection)} && {RecordRollback(deploy, rollback, connection, outcome.StartRecorded)}",
            (_, true, { } rollback) => $"; once the ledger can be written, record the rollback: {RecordRollback(deploy, rollback, connection, outcome.StartRecorded)}",
        };
        return new InvalidInputException($"{head}, but {Missing(outcome, verdictOnly)} could not be recorded: {cause.Message}{next}", cause) { LedgerFault = true };
    }

    /// <summary>
    /// The deploy command of a <c>deploy run</c> failed and the rollback ran (or had nothing to run), but the ledger refused
    /// the deploy's finish (<see cref="RollbackOutcome.FailureRecorded"/> false: the ledger has it running), the rollback's
    /// record (<see cref="RollbackOutcome.Unrecorded"/>) or, with <paramref name="verdictOnly"/>, only the deploy's verdict.
    /// </summary>
    /// <param name="ended">When the deploy command ended: the time the printed <c>deploy finish</c> records.</param>
    public static InvalidInputException DeployRolledBack(
        Deploy deploy, CommandResult deployed, DateTimeOffset ended, RollbackOutcome outcome, InvalidInputException cause, string connection, bool verdictOnly = false)
    {
        var (version, service, environment) = Names(deploy);
        var head = $"the deploy of {version} of {service} to {environment} failed (its deploy command {deployed.Describe()}) and {What(outcome, version)}";
        var finish = $"tollgate deploy finish {Word(deploy.Service)} --env {Word(deploy.Environment)} --result failed --at {Rfc3339.Format(ended)}{TextSafe.Line(connection)}";
        verdictOnly |= VerdictOnly(outcome);
        var next = (verdictOnly, outcome.FailureRecorded, outcome.Recorded) switch
        {
            (true, _, _) or (_, true, null) => Complete,
            (_, false, null) => $"; the ledger has it running: once the ledger can be written, run {finish}",
            (_, false, { } rollback) => $"; the ledger has it running: once the ledger can be written, record the failure and the rollback: {finish} && {RecordRollback(deploy, rollback, connection, outcome.StartRecorded)}",
            (_, true, { } rollback) => $"; once the ledger can be written, record the rollback: {RecordRollback(deploy, rollback, connection, outcome.StartRecorded)}",
        };
        return new InvalidInputException($"{head}, but {Missing(outcome, verdictOnly)} could not be recorded: {cause.Message}{next}", cause) { LedgerFault = true };
    }

    /// <summary>
    /// Tollgate was stopped while the deploy command ran and the ledger refused the deploy's failure (it has it running)
    /// or, with <paramref name="failureRecorded"/>, the read after it: not rolled back, and the line says what to record.
    /// </summary>
    /// <param name="next">What to run to roll back, and how to record it.</param>
    public static string Stopped(Deploy failed, bool failureRecorded, InvalidInputException cause, string connection, string next)
    {
        var (version, service, environment) = Names(failed);
        var finish = $"tollgate deploy finish {Word(failed.Service)} --env {Word(failed.Environment)} --result failed --at {Rfc3339.Format(failed.FinishedAt ?? failed.StartedAt)}{TextSafe.Line(connection)}";
        return failureRecorded
            ? $"the deploy command was stopped with Tollgate: {version} of {service} is recorded failed in {environment} and not rolled back, but the ledger stopped answering: {TextSafe.Line(cause.Message)}; "
                + $"once the ledger can be written, {next}"
            : $"the deploy command was stopped with Tollgate: {version} of {service} is not rolled back in {environment}, and its failure could not be recorded: {TextSafe.Line(cause.Message)}; "
                + $"the ledger has it running: once the ledger can be written, run {finish}; {next}";
    }

    /// <summary>
    /// The failure is recorded and there was no rollback to record (nothing to roll back to): the refusal (a read after
    /// the failure was marked) leaves only the deploy's verdict unrecorded. Before, the line said its rollback could not be
    /// recorded and, after a watch, that the deploy stayed unjudged, though it is recorded failed.
    /// </summary>
    private static bool VerdictOnly(RollbackOutcome outcome) => outcome is { FailureRecorded: true, Recorded: null };

    private const string Complete = "; the failure and what became of it are recorded: nothing else is missing";

    private static string Missing(RollbackOutcome outcome, bool verdictOnly) => verdictOnly ? "the deploy's verdict (fail)"
        : outcome.FailureRecorded ? "its rollback"
        : outcome.Recorded is null ? "its failure" : "its failure and its rollback";

    /// <summary>
    /// The command that records the failure of a deploy its watch failed, after the fact (<see cref="DeployFinish.AmendAsync"/>
    /// with <c>--watch-failed</c>), as the watch would have: DORA's change failure rate counts it and lead time counts none of
    /// its changes shipped. Without it the ledger keeps it a success, unjudged.
    /// </summary>
    private static string MarkFailed(Deploy deploy, string connection) =>
        $"tollgate deploy finish {Word(deploy.Service)} --env {Word(deploy.Environment)} --result failed --deploy {Word(deploy.Id)} --watch-failed{TextSafe.Line(connection)}";

    /// <summary>The two commands that record a rollback that ran: its start and its finish, at the times it ran.</summary>
    /// <param name="started">The ledger has the rollback running (recorded before its command ran): only its finish is to be recorded.</param>
    private static string RecordRollback(Deploy deploy, Deploy rollback, string connection, bool started) => started
        ? $"tollgate deploy finish {Word(deploy.Service)} --env {Word(deploy.Environment)} --result {rollback.Result.WireName()} --at {Rfc3339.Format(rollback.FinishedAt ?? rollback.StartedAt)}{TextSafe.Line(connection)}"
        : $"tollgate deploy start {Word(deploy.Service)} --version {Word(rollback.Version)} --env {Word(deploy.Environment)} --intent rollback "
        + $"--at {Rfc3339.Format(rollback.StartedAt)}{TextSafe.Line(connection)} && tollgate deploy finish {Word(deploy.Service)} --env {Word(deploy.Environment)} "
        + $"--result {rollback.Result.WireName()} --at {Rfc3339.Format(rollback.FinishedAt ?? rollback.StartedAt)}{TextSafe.Line(connection)}";

    private static string What(RollbackOutcome outcome, string version) => outcome switch
    {
        { SupersededBy: { } newest } => $"was not rolled back: {TextSafe.Line(newest.Version)} superseded it",
        { Target: null } => $"was not rolled back: no earlier successful deploy of another version that no rollback undid is recorded to roll back to; {version} may still be live",
        { Target: { } target, Command: null } => $"is to be rolled back to {target.Describe()} (no --rollback-cmd: roll it back by hand)",
        { Target: { } target, Command: { Succeeded: true } } => $"was rolled back to {target.Describe()}",
        { Target: { } target, Command: { } command } => $"its rollback to {target.Describe()} {command.Describe()}: {version} may still be live",
    };

    private static string Judge(string? resume) => resume is null ? "tollgate deploy watch again" : TextSafe.Line(resume);

    private static string Decided(Verdict verdict) => verdict switch
    {
        Verdict.Pass => "passed",
        Verdict.Fail => "failed",
        _ => "held",
    };

    private static (string Version, string Service, string Environment) Names(Deploy deploy) =>
        (TextSafe.Line(deploy.Version), TextSafe.Line(deploy.Service), TextSafe.Line(deploy.Environment));

    /// <summary>A name as one shell word: as it is when it needs no quotes.</summary>
    private static string Word(string name) => TextSafe.Line(ShellScript.Word(name));
}
