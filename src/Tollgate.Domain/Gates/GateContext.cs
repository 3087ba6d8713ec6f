using Tollgate.Domain.Ledger;
using Tollgate.Domain.Policies;

namespace Tollgate.Domain.Gates;

/// <summary>
/// What a gate may touch of its host: the clock, the ledger it records to, the policy it applies, the working
/// directory its input paths resolve against, cancellation, and where to say what it is doing. The CLI builds one
/// per command; a server builds one per request.
/// </summary>
public sealed record GateContext(TimeProvider Clock, ILedger Ledger, Policy Policy, string WorkingDirectory)
{
    public CancellationToken Cancellation { get; init; }

    /// <summary>Where a long step reports progress ("terraform plan", "look 3 of 10"); null when nobody listens.</summary>
    public IProgress<string>? Progress { get; init; }

    /// <summary>
    /// An input path as the host means it: relative paths resolve against <see cref="WorkingDirectory"/>. When that is
    /// the process's own directory a relative path is kept as given, so messages name it as the user typed it.
    /// </summary>
    public string Resolve(string path) =>
        path == "-" || Path.IsPathRooted(path) || string.Equals(Path.TrimEndingDirectorySeparator(WorkingDirectory), Path.TrimEndingDirectorySeparator(Environment.CurrentDirectory), StringComparison.Ordinal)
            ? path
            : Path.GetFullPath(path, WorkingDirectory);

    /// <summary>A path as the host shows it: relative to <see cref="WorkingDirectory"/> when it lies inside it.</summary>
    public string Shown(string path)
    {
        var relative = Path.GetRelativePath(WorkingDirectory, Path.GetFullPath(path, WorkingDirectory));
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative.Replace('\\', '/');
    }
}
