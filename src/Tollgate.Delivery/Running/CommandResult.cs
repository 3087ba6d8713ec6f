namespace Tollgate.Delivery.Running;

/// <summary>How a deploy, rollback, check or forward command ended. Only exit 0 within the time limit is success.</summary>
public sealed record CommandResult(string Command, int? ExitCode, bool TimedOut, TimeSpan Duration, string OutputTail)
{
    /// <summary>Signal names by number (Linux), for an exit code of 128 + n: the shell's way of saying its command was killed.</summary>
    private static readonly string[] Signals = ["", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM"];

    /// <summary>Stopped because Tollgate was (SIGINT, SIGTERM): like a timeout, never a success.</summary>
    public bool Interrupted { get; init; }

    /// <summary>
    /// The command exited, but a process it left in the background held its output open; that process was stopped
    /// and the command's own exit stands.
    /// </summary>
    public bool OutputHeldOpen { get; init; }

    public bool Succeeded => !TimedOut && !Interrupted && ExitCode == 0;

    /// <summary>
    /// One line for people, to follow "the rollback hook": "exited 0 in 3.2 s", "exited 2 in 1 s", "was killed by SIGKILL
    /// after 4 s" (exit 137), "was killed after 600 s (timeout)", "stopped after 4 s (Tollgate was stopped)".
    /// </summary>
    public string Describe() =>
        TimedOut ? $"was killed after {Duration.TotalSeconds:0.#} s (timeout)"
        : Interrupted ? $"stopped after {Duration.TotalSeconds:0.#} s (Tollgate was stopped)"
        : ExitCode is null ? "could not start"
        : ExitCode is > 128 and < 128 + 65 ? $"was killed by {Signal(ExitCode.Value - 128)} after {Duration.TotalSeconds:0.#} s (exit {ExitCode})"
        : $"exited {ExitCode} in {Duration.TotalSeconds:0.#} s"
            + (OutputHeldOpen ? " (a process it left in the background held its output open and was stopped)" : "");

    private static string Signal(int number) => number < Signals.Length ? Signals[number] : $"signal {number}";
}
