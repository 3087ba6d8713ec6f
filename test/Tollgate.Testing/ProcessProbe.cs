using System.Globalization;

namespace Tollgate.Testing;

/// <summary>Looks through /proc for live processes, so a test can prove that nothing it started is left behind.</summary>
public static class ProcessProbe
{
    /// <summary>A number to put in a child's command line (e.g. <c>sleep 3600.12345</c>) so that child can be found again.</summary>
    public static string Marker() => "3600." + Random.Shared.Next(10_000, 99_999).ToString(CultureInfo.InvariantCulture);

    private static bool Find(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');
    }

    /// <summary>Live (not zombie) processes whose command line contains <paramref name="text"/>.</summary>
    public static IReadOnlyList<int> Find(string text)
    {
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid))
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(entry, "cmdline")).Replace('\0', ' ');
                var stat = File.ReadAllText(Path.Combine(entry, "stat"));
                var state = stat[(stat.LastIndexOf(')') + 2)..][0];
                if (cmdline.Contains(text, StringComparison.Ordinal) && state is not ('Z' or 'X'))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
            }
        }

        return found;
    }

    /// <summary>Live processes whose working directory is <paramref name="directory"/> (terraform and its providers run there).</summary>
    public static IReadOnlyList<int> WorkingIn(string directory)
    {
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                if (new DirectoryInfo(Path.Combine(entry, "cwd")).ResolveLinkTarget(returnFinalTarget: false)?.FullName == directory && Find(pid))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    /// <summary>Waits up to <paramref name="within"/> for a process with <paramref name="text"/> in its command line to appear.</summary>
    public static Task<bool> AppearsAsync(string text, TimeSpan within) => AppearsAsync(() => Find(text).Count > 0, within, TimeSpan.FromMilliseconds(25));

    /// <summary>
    /// Whether <paramref name="condition"/> holds within <paramref name="within"/>, looked at every
    /// <paramref name="every"/> (5 ms by default; a scan of every process, above, every 25 ms).
    /// </summary>
    public static async Task<bool> AppearsAsync(Func<bool> condition, TimeSpan within, TimeSpan? every = null)
    {
        var until = Environment.TickCount64 + (long)within.TotalMilliseconds;
        while (Environment.TickCount64 < until)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(every ?? TimeSpan.FromMilliseconds(5));
        }

        return false;
    }
}
