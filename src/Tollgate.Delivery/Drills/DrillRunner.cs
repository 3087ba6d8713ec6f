using System.Diagnostics;
using Tollgate.Delivery.Deploys;
using Tollgate.Delivery.Running;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Reports;

namespace Tollgate.Delivery.Drills;

/// <summary>
/// A rollback drill: roll back, check, roll forward, check again, each step timed and bounded by the timeout. The
/// drill is ok only when every step exits 0 in time; a failed step stops it (the forward command still runs after a
/// failed check, so the service is not left on the old version; after a failed rollback it is not run, and the log
/// and the drill's detail say so, where the service may be left and the command that restores it). Each step's command is echoed to the log with its
/// control characters escaped (<see cref="TextSafe"/>), as every other text output shows the user's text. With the
/// environment's versions (<see cref="Versions"/>, <c>drill run --env</c>) the rollback command runs as <c>deploy run</c>'s
/// would (<see cref="RollbackHook"/>: <c>TOLLGATE_ROLLBACK_VERSION</c>, <c>TOLLGATE_FAILED_VERSION</c>, the service and
/// environment, <c>{version}</c>) and the forward command as its deploy command would (<see cref="DeployHook"/>, the
/// current version); without them a <c>{version}</c> in the rollback command is refused, since there is no version to give.
/// </summary>
public static class DrillRunner
{
    public static async Task<(Drill Drill, IReadOnlyList<CommandResult> Steps)> RunAsync(
        string service, string rollback, string forward, string? check, TimeSpan timeout, TextWriter log, string workingDirectory, TimeProvider clock, CancellationToken cancellationToken,
        (Deploy Current, string Target)? versions = null)
    {
        if (versions is null && rollback.Contains("{version}", StringComparison.Ordinal))
        {
            throw new InvalidInputException($"--rollback-cmd '{TextSafe.Line(rollback)}' has {{version}}, but without --env the drill knows no version to roll back to: give --env ENV, and it rolls back to the version deploy run would; nothing was run or recorded");
        }

        var started = clock.GetUtcNow();
        var watch = Stopwatch.StartNew();
        var steps = new List<(string Name, CommandResult Result)>();
        async Task<bool> Step(string name, string command, ShellScript? script = null)
        {
            await log.WriteLineAsync($"drill {TextSafe.Line(service)}: {name}: {TextSafe.Line(command)}");
            var result = await ShellCommand.RunAsync(script ?? new ShellScript(command), timeout, log, workingDirectory, cancellationToken);
            steps.Add((name, result));
            return result.Succeeded;
        }

        var ok = await Step("rollback", rollback, versions is { } v ? RollbackHook.Command(rollback, v.Current, v.Target) : null);
        if (ok && check is not null)
        {
            ok = await Step("check after rollback", check);
        }

        if (steps[0].Result.Succeeded)
        {
            ok = await Step("forward", forward, versions is { } f ? DeployHook.Command(forward, f.Current) : null) && ok;
            if (ok && check is not null)
            {
                ok = await Step("check after forward", check);
            }
        }

        var detail = string.Join("; ", steps.Select(s => $"{s.Name} {s.Result.Describe()}"));
        if (!steps[0].Result.Succeeded)
        {
            // A failed (or half-done) rollback: the forward step is not run over it, and the user is told where that leaves the service.
            var notRun = ForwardNotRun(service, forward, versions);
            await log.WriteLineAsync($"drill {TextSafe.Line(service)}: {notRun}");
            detail += "; " + notRun;
        }

        return (new Drill(service, ok, watch.Elapsed, started) { Detail = detail }, steps.Select(s => s.Result).ToList());
    }

    /// <summary>
    /// What a failed rollback step leaves: the forward step was not run, the service may be on the target version or
    /// between the two, and the command that restores the current one.
    /// </summary>
    private static string ForwardNotRun(string service, string forward, (Deploy Current, string Target)? versions)
    {
        var restore = TextSafe.Line(versions is { } v ? DeployHook.Command(forward, v.Current).Shown : forward); // as the forward step would run it, its variables set
        return versions is { } at
            ? $"forward not run after the failed rollback: {TextSafe.Line(service)} in {TextSafe.Line(at.Current.Environment)} may be left on {TextSafe.Line(at.Target)} or half rolled back; to restore {TextSafe.Line(at.Current.Version)} run the forward step: {restore}"
            : $"forward not run after the failed rollback: {TextSafe.Line(service)} may be left rolled back or half rolled back; to restore it run the forward step: {restore}";
    }
}
