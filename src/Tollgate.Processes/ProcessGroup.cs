namespace Tollgate.Processes;

/// <summary>
/// Children start as leaders of their own session and process group (through <c>setsid(1)</c>, which calls
/// setsid(2) and execs in place, so the child keeps its pid and its pgid equals it). Everything the child starts
/// stays in that group unless it leaves on purpose, also processes whose parent has exited; kill(-pgid) reaches
/// them all at once, and the kernel makes it atomic with fork, so no process forked during the stop escapes it.
/// Where <c>setsid</c> is missing (or the executable cannot be resolved, so .NET reports why it cannot start),
/// children run in Tollgate's group and are stopped by walking the tree only.
/// </summary>
internal static class ProcessGroup
{
    private static readonly string? Setsid = OperatingSystem.IsLinux()
        ? new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(IsExecutable)
        : null;

    /// <summary>The program and arguments that start <paramref name="executable"/> in a group of its own, or null.</summary>
    public static (string Program, string Executable)? Wrap(string executable)
    {
        if (Setsid is null || Resolve(executable) is not { } path)
        {
            return null;
        }

        return (Setsid, path);
    }

    /// <summary>Live (not zombie) processes whose process group is <paramref name="pgid"/> (Linux /proc; empty elsewhere).</summary>
    public static List<int> Members(int pgid)
    {
        var members = new List<int>();
        foreach (var (pid, stat) in ProcStat.All())
        {
            if (ProcStat.GroupOf(stat) == pgid && ProcStat.StateOf(stat) is not ('Z' or 'X'))
            {
                members.Add(pid);
            }
        }

        return members;
    }

    // As the child would find it: a path with a slash as given (from Tollgate's working directory), a bare name on
    // PATH. Anything not found here is started directly, so the error is .NET's usual one.
    private static string? Resolve(string executable)
    {
        if (executable.Contains('/', StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(executable);
            return IsExecutable(full) ? full : null;
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, executable);
            if (Path.IsPathRooted(candidate) && IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsExecutable(string path)
    {
        try
        {
            return !OperatingSystem.IsWindows() && File.Exists(path)
                && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
