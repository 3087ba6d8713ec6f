using Tollgate.Domain.Reports;
using Tollgate.Processes;

namespace Tollgate.Delivery.Running;

/// <summary>
/// Runs a user's deploy, rollback, check or forward command through <c>/bin/sh -c</c> with a time limit, on the shared
/// process runner (<see cref="ChildProcess"/>): a command past its limit is stopped with its whole process tree and
/// reported as timed out, never as a success. However much it prints, it is never stopped for that: only the last
/// lines of its output are kept (<see cref="OutputTail"/>), for the report, and echoed to
/// the log as <c>  | line</c>, with control characters and bidi overrides escaped (<see cref="TextSafe.Line"/>, as
/// every text output shows the user's text): a command printing an escape sequence, a carriage return or an override
/// cannot recolour, overwrite or reorder what the user reads.
/// </summary>
public static class ShellCommand
{
    private const int TailLines = 20;

    public static Task<CommandResult> RunAsync(string command, TimeSpan timeout, TextWriter? log, string workingDirectory, CancellationToken cancellationToken) =>
        RunAsync(new ShellScript(command), timeout, log, workingDirectory, cancellationToken);

    /// <summary>Runs <paramref name="script"/> with its variables set; the result names it as <see cref="ShellScript.Shown"/>.</summary>
    public static async Task<CommandResult> RunAsync(ShellScript script, TimeSpan timeout, TextWriter? log, string workingDirectory, CancellationToken cancellationToken)
    {
        var command = script.Shown;
        var (result, output) = await ChildProcess.StreamAsync(
            new ChildCommand("/bin/sh", ["-c", script.Script])
            {
                Environment = script.Variables.Concat(script.Context).ToDictionary(v => v.Key, string? (v) => v.Value),
                WorkingDirectory = workingDirectory,
                Timeout = timeout,
                Doing = command,
            },
            (stream, _) => OutputTail.Read(stream, TailLines),
            cancellationToken);
        var lines = (output ?? []).Concat(OutputTail.Of(result.Errors, TailLines)).ToList(); // standard error's lines cut as standard output's
        var tail = lines.Skip(Math.Max(0, lines.Count - TailLines)).ToList();
        if (log is not null)
        {
            foreach (var line in tail)
            {
                await log.WriteLineAsync("  | " + TextSafe.Line(line));
            }
        }

        return result.Outcome switch
        {
            ChildOutcome.NotStarted => new CommandResult(command, null, false, result.Elapsed, result.StartError ?? ""),
            ChildOutcome.Exited => new CommandResult(command, result.ExitCode, false, result.Elapsed, string.Join('\n', tail)) { OutputHeldOpen = result.OutputHeldOpen },
            _ => new CommandResult(command, null, true, result.Elapsed, string.Join('\n', tail)),
        };
    }
}
