using System.Diagnostics;

namespace Tollgate.Processes;

/// <summary>
/// One stop of a child's tree (<see cref="ProcessTree.StopAsync"/>). The group, when the child has one, is signalled
/// at once (kill(-pgid) is atomic with fork); the tree is walked as well, and walked again after every signal until a
/// look finds no new process, for what left the group or runs without one. Every pid seen below the root is kept,
/// so a descendant whose parent exits is still stopped.
/// </summary>
internal sealed class TreeStop(Process root, int? group)
{
    /// <summary>Looks after a signal before giving up on a tree that keeps growing.</summary>
    private const int MaxLooks = 64;

    private readonly int? _rootId = RootId(root);
    private readonly HashSet<int> _known = [];

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
            _known.Add(id);
            _known.UnionWith(ProcessTree.Descendants(id));
        }

        return _known.Concat(members).Distinct().Where(ProcessTree.IsAlive).ToList();
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
