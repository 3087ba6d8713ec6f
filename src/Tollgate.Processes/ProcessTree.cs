using System.Diagnostics;
using System.Globalization;

namespace Tollgate.Processes;

/// <summary>
/// A child and everything it started: stopped together with SIGTERM (terraform then releases its state lock), and
/// after a grace period SIGKILL for whatever is still running, so no process outlives the run. A child started in a
/// group of its own (<see cref="ProcessGroup"/>) is signalled as a group, atomically with any fork; the tree is walked
/// as well, again after every signal until no new process appears, for what left the group or runs without one.
/// </summary>
internal static class ProcessTree
{
    /// <summary>
    /// Stops <paramref name="root"/> and its descendants (and, with <paramref name="group"/>, every member of that
    /// process group): after <paramref name="selfStop"/> (time to stop by itself on a signal it had too) SIGTERM,
    /// after <paramref name="grace"/> SIGKILL for whatever is left.
    /// </summary>
    public static Task StopAsync(Process root, int? group, TimeSpan grace, TimeSpan selfStop) =>
        new TreeStop(root, group).RunAsync(grace, selfStop);

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
        foreach (var (pid, stat) in ProcStat.All())
        {
            if (ProcStat.ParentOf(stat) is not { } parent)
            {
                continue;
            }

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

    public static bool IsAlive(int pid) => StartIfAlive(pid) is not null;

    /// <summary>
    /// The start time of <paramref name="pid"/> while it runs (not a zombie), else null: a pid seen earlier is the same
    /// process only while this is unchanged, since a busy machine hands a freed pid (or thread id) to a new process.
    /// </summary>
    public static long? StartIfAlive(int pid) =>
        ProcStat.Read(pid) is { } stat && ProcStat.StateOf(stat) is not ('Z' or 'X') ? ProcStat.StartOf(stat) ?? -1 : null;
}
