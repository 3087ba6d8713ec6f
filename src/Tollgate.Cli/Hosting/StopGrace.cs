namespace Tollgate.Cli.Hosting;

/// <summary>
/// How long the process waits, after SIGTERM or SIGINT, for the command to finish before it exits without it
/// (<see cref="SignalledRun"/>): <see cref="SignalledRun.StopWait"/> for a command, longer for one that says so before
/// the signal comes, as <c>tollgate serve</c> does for its drain delay and shutdown timeout.
/// </summary>
public sealed class StopGrace
{
    private long _ticks = SignalledRun.StopWait.Ticks;

    public TimeSpan Wait => TimeSpan.FromTicks(Volatile.Read(ref _ticks));

    /// <summary>Makes the wait at least <paramref name="wait"/>; a shorter one than the current is ignored.</summary>
    public void AtLeast(TimeSpan wait)
    {
        long current;
        do
        {
            current = Volatile.Read(ref _ticks);
            if (wait.Ticks <= current)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _ticks, wait.Ticks, current) != current);
    }
}
