using System.Diagnostics;
using Tollgate.Delivery.Running;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Reports;

namespace Tollgate.Delivery.Drills;

/// <summary>
/// A rollback drill: roll back, check, roll forward, check again, each step timed and bounded by the timeout. The
/// drill is ok only when every step exits 0 in time; a failed step stops it (the forward command still runs after a
/// failed check, so the service is not left on the old version). Each step's command is echoed to the log with its
/// control characters escaped (<see cref="TextSafe"/>), as every other text output shows the user's text.
/// </summary>
public static class DrillRunner
{
    public static async Task<(Drill Drill, IReadOnlyList<CommandResult> Steps)> RunAsync(
        string service, string rollback, string forward, string? check, TimeSpan timeout, TextWriter log, string workingDirectory, TimeProvider clock, CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow();
        var watch = Stopwatch.StartNew();
        var steps = new List<(string Name, CommandResult Result)>();
        async Task<bool> Step(string name, string command)
        {
            await log.WriteLineAsync($"drill {TextSafe.Line(service)}: {name}: {TextSafe.Line(command)}");
            var result = await ShellCommand.RunAsync(command, timeout, log, workingDirectory, cancellationToken);
            steps.Add((name, result));
            return result.Succeeded;
        }

        var ok = await Step("rollback", rollback);
        if (ok && check is not null)
        {
            ok = await Step("check after rollback", check);
        }

        if (steps[0].Result.Succeeded)
        {
            ok = await Step("forward", forward) && ok;
            if (ok && check is not null)
            {
                ok = await Step("check after forward", check);
            }
        }

        var detail = string.Join("; ", steps.Select(s => $"{s.Name} {s.Result.Describe()}"));
        return (new Drill(service, ok, watch.Elapsed, started) { Detail = detail }, steps.Select(s => s.Result).ToList());
    }
}
