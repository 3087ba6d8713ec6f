namespace Tollgate.Delivery.Running;

/// <summary>How a deploy, rollback, check or forward command ended. Only exit 0 within the time limit is success.</summary>
public sealed record CommandResult(string Command, int? ExitCode, bool TimedOut, TimeSpan Duration, string OutputTail)
{
    /// <summary>Stopped because Tollgate was (SIGINT, SIGTERM): like a timeout, never a success.</summary>
    public bool Interrupted { get; init; }

    public bool Succeeded => !TimedOut && !Interrupted && ExitCode == 0;

    /// <summary>One line for people: "exited 0 in 3.2 s", "exited 2 in 1 s", "killed after 10m (timeout)", "stopped after 4 s (Tollgate was stopped)".</summary>
    public string Describe() =>
        TimedOut ? $"killed after {Duration.TotalSeconds:0.#} s (timeout)"
        : Interrupted ? $"stopped after {Duration.TotalSeconds:0.#} s (Tollgate was stopped)"
        : ExitCode is null ? "could not start"
        : $"exited {ExitCode} in {Duration.TotalSeconds:0.#} s";
}
