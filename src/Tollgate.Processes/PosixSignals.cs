using System.Runtime.InteropServices;

namespace Tollgate.Processes;

/// <summary>
/// kill(2) for the signals .NET 10 cannot send (it only sends SIGKILL): SIGTERM asks a child to stop cleanly first.
/// </summary>
internal static partial class PosixSignals
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when it is gone or kill(2) is unavailable.</summary>
    public static bool Send(int pid, int signal) => pid > 0 && KillOrFalse(pid, signal);

    /// <summary>Sends <paramref name="signal"/> to every process of group <paramref name="pgid"/> at once (kill(-pgid)).</summary>
    public static bool SendToGroup(int pgid, int signal) => pgid > 1 && KillOrFalse(-pgid, signal);

    private static bool KillOrFalse(int target, int signal)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        try
        {
            return Kill(target, signal) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
