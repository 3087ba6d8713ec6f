namespace Tollgate.Processes;

/// <summary>
/// One run of an external tool: what to start, where, with what input, and the bounds it runs within.
/// <see cref="Doing"/> names the run in messages ("terraform plan in /repo/infra").
/// </summary>
public sealed record ChildCommand(string Executable, IReadOnlyList<string> Arguments)
{
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables to set for the child; a null value removes the variable.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Text written to the child's standard input, which is then closed; null closes it at once.</summary>
    public string? Input { get; init; }

    /// <summary>Wall-clock limit; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none.</summary>
    public TimeSpan Timeout { get; init; } = System.Threading.Timeout.InfiniteTimeSpan;

    /// <summary>Standard output kept by <see cref="ChildProcess.RunAsync"/>; a child that prints more is stopped.</summary>
    public long MaxOutputBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>How much of the end of standard error is kept for messages.</summary>
    public int MaxErrorChars { get; init; } = 64 * 1024;

    /// <summary>Time between SIGTERM and SIGKILL when the run is stopped: terraform uses it to release its state lock.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>What the run is doing, for messages; defaults to the tool's name and first argument.</summary>
    public string Doing { get; init; } = Path.GetFileName(Executable) + (Arguments.Count > 0 ? " " + Arguments[0] : "");
}
