using System.Globalization;
using System.Text;

namespace Tollgate.Delivery.Deploys;

/// <summary>
/// The process group of a deploy command still running on this host, found by the deploy's id in its environment
/// (<see cref="DeployHook.DeployIdVariable"/>, inherited by everything the command starts). The deploy command runs in a
/// process group and session of its own, so a <c>deploy run</c> killed outright (SIGKILL, an OOM kill) leaves it
/// running, reparented: the next <c>deploy run</c> looks for it before taking the deploy for stale. Linux
/// <c>/proc</c>; processes of other users (whose environment cannot be read) and other hosts are not seen.
/// </summary>
public static class DeployCommandGroup
{
    /// <summary>The process group of a live (not zombie) process carrying <paramref name="deployId"/>; null when none.</summary>
    public static int? Of(string deployId)
    {
        var marker = Encoding.UTF8.GetBytes($"\0{DeployHook.DeployIdVariable}={deployId}\0"); // one whole variable, wherever it stands
        string[] entries;
        try
        {
            entries = Directory.GetDirectories("/proc");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        foreach (var entry in entries)
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            try
            {
                var environment = File.ReadAllBytes(Path.Combine(entry, "environ"));
                if ((environment.AsSpan().StartsWith(marker.AsSpan(1)) || environment.AsSpan().IndexOf(marker) >= 0)
                    && Group(File.ReadAllText(Path.Combine(entry, "stat"))) is { } group)
                {
                    return group;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // gone meanwhile, or another user's
            }
        }

        return null;
    }

    // /proc/PID/stat: "pid (comm) state ppid pgrp …"; comm may hold spaces and parentheses, so fields start after the last ')'.
    private static int? Group(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 2 && fields[0] is not ("Z" or "X") && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var group) ? group : null;
    }
}
