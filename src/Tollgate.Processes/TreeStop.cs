using System.Diagnostics;

namespace Tollgate.Processes;

/// <summary>
/// One stop of a child's tree (<see cref="ProcessTree.StopAsync"/>). The group, when the child has one, is signalled
/// at once (kill(-pgid) is atomic with fork); the tree is walked as well, and walked again after every signal until a
/// look finds no new process, for what left the group or runs without one. Every pid seen below the root is kept
/// with its start time, so a descendant whose parent exits is still stopped, and a process that later gets a freed pid
/// of the tree (pids come round again quickly on a busy machine) is not.
/// </summary>
internal sealed class TreeStop(Process root, int? group)
{
    /// <summary>Looks after a signal before giving up on a tree that keeps growing.</summary>
    private const int MaxLooks = 64;

    private readonly int? _rootId = RootId(root);
    /// <summary>Every process seen below the root, by pid, with its start time: a pid given to another process since is not it.</summary>
    private readonly Dictionary<int, long> _known = [];

    public async Task RunAsync(TimeSpan grace, TimeSpan selfStop)
    {
        if (Survivors().Count == 0)
        {
            return;
        }

        if (selfStop > TimeSpan.Zero && await GoneWithinAsync(selfStop, signal: null).ConfigureAwait(false))
        {
            return;
        }

        var term = new SignalRound(PosixSignals.SigTerm);
        if (SignalUntilStable(term) && grace > TimeSpan.Zero)
        {
            await GoneWithinAsync(grace, term).ConfigureAwait(false);
        }

        // Whatever is left, looked for again until nothing is: SIGKILL cannot be ignored, and the group kill ends a
        // tree that keeps forking.
        for (var round = 0; round < MaxLooks && Survivors().Count > 0; round++)
        {
            SignalUntilStable(new SignalRound(PosixSignals.SigKill));
            await Task.Delay(10).ConfigureAwait(false);
        }

        try
        {
            if (!root.HasExited)
            {
                root.Kill(entireProcessTree: true); // where kill(2) is unavailable
            }

            await root.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or TimeoutException)
        {
        }
    }

    /// <summary>
    /// Sends the signal of <paramref name="round"/> to the group (once: a second SIGTERM makes terraform quit without
    /// releasing its lock) and to every survivor it has not reached, then looks again, until a look finds no new
    /// process. True when anything was signalled.
    /// </summary>
    private bool SignalUntilStable(SignalRound round)
    {
        var any = false;
        for (var look = 0; look < MaxLooks; look++)
        {
            var members = Members();
            if (group is { } pgid && members.Count > 0 && !round.GroupSent)
            {
                round.GroupSent = true;
                any |= PosixSignals.SendToGroup(pgid, round.Signal);
                round.Signalled.UnionWith(members);
            }

            var fresh = Survivors(members).Where(round.Signalled.Add).ToList();
            if (fresh.Count == 0)
            {
                break;
            }

            foreach (var pid in fresh)
            {
                any |= PosixSignals.Send(pid, round.Signal);
            }
        }

        return any;
    }

    /// <summary>Waits for the run to be gone; with <paramref name="signal"/>, signals what appears meanwhile.</summary>
    private async Task<bool> GoneWithinAsync(TimeSpan limit, SignalRound? signal)
    {
        using var wait = new CancellationTokenSource(limit);
        try
        {
            while (Survivors().Count > 0)
            {
                if (signal is not null)
                {
                    SignalUntilStable(signal);
                }

                await Task.Delay(20, wait.Token).ConfigureAwait(false);
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private List<int> Members() => group is { } pgid ? ProcessGroup.Members(pgid) : [];

    private List<int> Survivors() => Survivors(Members());

    /// <summary>
    /// Live processes of the run: the root and its descendants while the root is not reaped (its pid is its own until
    /// then), every descendant seen before, and <paramref name="members"/> of its group.
    /// </summary>
    private List<int> Survivors(List<int> members)
    {
        if (_rootId is { } id && !root.HasExited)
        {
            foreach (var pid in ProcessTree.Descendants(id).Prepend(id))
            {
                if (!_known.ContainsKey(pid) && ProcessTree.StartIfAlive(pid) is { } start)
                {
                    _known[pid] = start;
                }
            }
        }

        return _known.Where(k => ProcessTree.StartIfAlive(k.Key) == k.Value).Select(k => k.Key)
            .Concat(members.Where(ProcessTree.IsAlive)).Distinct().ToList();
    }

    private static int? RootId(Process root)
    {
        try
        {
            return root.HasExited ? null : root.Id;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>One signal being sent through the tree: to whom it went, and whether the group had it.</summary>
    private sealed class SignalRound(int signal)
    {
        public int Signal { get; } = signal;

        public HashSet<int> Signalled { get; } = [];

        public bool GroupSent { get; set; }
    }
}
