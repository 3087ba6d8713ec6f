using System.Globalization;

namespace Tollgate.Processes;

/// <summary>
/// Linux <c>/proc/PID/stat</c>: "pid (comm) state ppid pgrp ..."; comm may hold spaces and parentheses, so fields
/// are read after the last ')'.
/// </summary>
internal static class ProcStat
{
    public static string? Read(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Every process on the machine with its stat line; empty where there is no /proc.</summary>
    public static IEnumerable<(int Pid, string Stat)> All()
    {
        if (!Directory.Exists("/proc"))
        {
            yield break;
        }

        List<string> entries;
        try
        {
            entries = Directory.EnumerateDirectories("/proc").ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var entry in entries)
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } stat)
            {
                yield return (pid, stat);
            }
        }
    }

    public static char StateOf(string stat)
    {
        var close = stat.LastIndexOf(')');
        return close >= 0 && close + 2 < stat.Length ? stat[close + 2] : '?';
    }

    /// <summary>When the process started, in clock ticks after boot: with its pid, what tells it from a later process given the same pid.</summary>
    public static long? StartOf(string stat) => Field(stat, 19);

    public static int? ParentOf(string stat) => (int?)Field(stat, 1);

    public static int? GroupOf(string stat) => (int?)Field(stat, 2);

    // Field 0 is the state, 1 the parent, 2 the process group, 19 the start time.
    private static long? Field(string stat, int index)
    {
        var close = stat.LastIndexOf(')');
        if (close < 0 || close + 2 >= stat.Length)
        {
            return null;
        }

        var fields = stat[(close + 2)..].Split(' ', index + 2);
        return fields.Length > index && long.TryParse(fields[index], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
