namespace Tollgate.Processes;

/// <summary>How a child run ended.</summary>
public enum ChildOutcome
{
    /// <summary>The child exited by itself; see <see cref="ChildResult.ExitCode"/>.</summary>
    Exited,

    /// <summary>The executable could not be started (not installed, not executable).</summary>
    NotStarted,

    /// <summary>The time limit passed: the child and its descendants were stopped.</summary>
    TimedOut,

    /// <summary>The child printed more than the output limit: it and its descendants were stopped.</summary>
    OutputTooLarge,
}
