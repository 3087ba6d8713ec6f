using System.Diagnostics;
using System.Globalization;

namespace Tollgate.Processes;

/// <summary>
/// A child and everything it started: stopped together with SIGTERM (terraform then releases its state lock), and
/// after a grace period SIGKILL for whatever is still running, so no process outlives the run.
/// </summary>
internal static class ProcessTree
{
    /// <summary>
    /// Stops <paramref name="root"/> and its descendants: after <paramref name="selfStop"/> (time to stop by itself
    /// on a signal it had too) SIGTERM, after <paramref name="grace"/> SIGKILL for whatever is left.
    /// </summary>
    public static async Task StopAsync(Process root, TimeSpan grace, TimeSpan selfStop)
    {
        int rootId;
        try
        {
            if (root.HasExited)
            {
                return;
            }

            rootId = root.Id;
        }
        catch (InvalidOperationException)
        {
            return;
        }

        var tree = Descendants(rootId);
        if (selfStop > TimeSpan.Zero && await GoneWithinAsync(root, tree, selfStop).ConfigureAwait(false))
        {
            return;
        }

        var signalled = PosixSignals.Send(rootId, PosixSignals.SigTerm);
        foreach (var pid in tree)
        {
            signalled |= PosixSignals.Send(pid, PosixSignals.SigTerm);
        }

        if (signalled && grace > TimeSpan.Zero)
        {
            await GoneWithinAsync(root, tree, grace).ConfigureAwait(false);
        }

        // Whatever is left: the root with what it started since the first look (Kill walks the tree again), and
        // descendants whose parent already exited.
        try
        {
            if (!root.HasExited)
            {
                root.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }

        foreach (var pid in tree.Where(IsAlive))
        {
            if (!PosixSignals.Send(pid, PosixSignals.SigKill))
            {
                TryKill(pid);
            }
        }

        try
        {
            await root.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
    }

    private static async Task<bool> GoneWithinAsync(Process root, List<int> descendants, TimeSpan limit)
    {
        using var wait = new CancellationTokenSource(limit);
        try
        {
            await root.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            await WaitGoneAsync(descendants, wait.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The processes below <paramref name="rootId"/>, parents before children (Linux /proc; empty elsewhere).</summary>
    public static List<int> Descendants(int rootId) => DescendantsFromChildLists(rootId) ?? DescendantsFromParentLinks(rootId);

    // /proc/PID/task/TID/children lists each thread's children: a few reads instead of one per process on the machine.
    private static List<int>? DescendantsFromChildLists(int rootId)
    {
        var result = new List<int>();
        var seen = new HashSet<int> { rootId };
        var queue = new Queue<int>();
        queue.Enqueue(rootId);
        while (queue.Count > 0 && result.Count < 100_000)
        {
            var pid = queue.Dequeue();
            string[] tasks;
            try
            {
                tasks = Directory.GetDirectories($"/proc/{pid}/task");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var task in tasks)
            {
                string text;
                try
                {
                    text = File.ReadAllText(Path.Combine(task, "children"));
                }
                catch (FileNotFoundException) when (pid == rootId)
                {
                    return null; // a kernel without child lists
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    continue;
                }

                foreach (var part in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var child) && seen.Add(child))
                    {
                        result.Add(child);
                        queue.Enqueue(child);
                    }
                }
            }
        }

        return result;
    }

    private static List<int> DescendantsFromParentLinks(int rootId)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var (pid, parent) in ParentLinks())
        {
            if (!children.TryGetValue(parent, out var list))
            {
                children[parent] = list = [];
            }

            list.Add(pid);
        }

        var result = new List<int>();
        var queue = new Queue<int>();
        queue.Enqueue(rootId);
        while (queue.Count > 0 && result.Count < 100_000)
        {
            if (children.TryGetValue(queue.Dequeue(), out var list))
            {
                foreach (var child in list)
                {
                    result.Add(child);
                    queue.Enqueue(child);
                }
            }
        }

        return result;
    }

    public static bool IsAlive(int pid)
    {
        var stat = ReadStat(pid);
        return stat is not null && StateOf(stat) is not ('Z' or 'X');
    }

    private static async Task WaitGoneAsync(IEnumerable<int> pids, CancellationToken cancellationToken)
    {
        var left = pids.ToList();
        while (left.Count > 0)
        {
            left.RemoveAll(pid => !IsAlive(pid));
            if (left.Count > 0)
            {
                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static IEnumerable<(int Pid, int Parent)> ParentLinks()
    {
        if (!Directory.Exists("/proc"))
        {
            yield break;
        }

        IEnumerable<string> entries;
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
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && ReadStat(pid) is { } stat && ParentOf(stat) is { } parent)
            {
                yield return (pid, parent);
            }
        }
    }

    private static string? ReadStat(int pid)
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

    // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so read after the last ')'.
    private static char StateOf(string stat)
    {
        var close = stat.LastIndexOf(')');
        return close >= 0 && close + 2 < stat.Length ? stat[close + 2] : '?';
    }

    private static int? ParentOf(string stat)
    {
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = stat[(close + 2)..].Split(' ', 3);
        return fields.Length >= 2 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent) ? parent : null;
    }

    private static void TryKill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }
    }
}
