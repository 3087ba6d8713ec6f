namespace Tollgate.Delivery.Running;

/// <summary>How a deploy, rollback, check or forward command ended. Only exit 0 within the time limit is success.</summary>
public sealed record CommandResult(string Command, int? ExitCode, bool TimedOut, TimeSpan Duration, string OutputTail)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;

    /// <summary>One line for people: "exit 0 in 3.2 s", "exit 2 in 1 s", "killed after 10m (timeout)".</summary>
    public string Describe() =>
        TimedOut ? $"killed after {Duration.TotalSeconds:0.#} s (timeout)"
        : ExitCode is null ? "could not start"
        : $"exit {ExitCode} in {Duration.TotalSeconds:0.#} s";
}
