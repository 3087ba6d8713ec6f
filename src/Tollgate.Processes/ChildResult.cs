using Tollgate.Domain;

namespace Tollgate.Processes;

/// <summary>What a child run gave: how it ended, its exit code, its standard output and the end of its standard error.</summary>
public sealed record ChildResult(ChildCommand Command, ChildOutcome Outcome, int ExitCode, string Output, string Errors, TimeSpan Elapsed)
{
    /// <summary>Why the child could not be started, when <see cref="Outcome"/> is <see cref="ChildOutcome.NotStarted"/>.</summary>
    public string? StartError { get; init; }

    /// <summary>
    /// The child exited, but a process it left in the background still held its output open after
    /// <see cref="ChildProcess.OutputGrace"/>: that process was stopped, and the child's exit stands.
    /// </summary>
    public bool OutputHeldOpen { get; init; }

    public bool Succeeded => Outcome == ChildOutcome.Exited && ExitCode == 0;

    /// <summary>One line saying why the run did not succeed, naming what it was doing; empty when it succeeded.</summary>
    public string Failure => Outcome switch
    {
        ChildOutcome.NotStarted => $"cannot run '{Command.Executable}': {StartError}",
        ChildOutcome.TimedOut => $"{Command.Doing} did not finish within {DurationText.Shortest(Command.Timeout)}; it was stopped (with every process it started)",
        ChildOutcome.OutputTooLarge => $"{Command.Doing} printed more than {Command.MaxOutputBytes / (1024 * 1024)} MB; it was stopped",
        _ when ExitCode != 0 => $"{Command.Doing} failed (exit {ExitCode})",
        _ => "",
    };
}
