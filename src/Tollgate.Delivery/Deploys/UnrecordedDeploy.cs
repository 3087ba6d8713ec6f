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
