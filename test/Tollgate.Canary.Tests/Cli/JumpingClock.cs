namespace Tollgate.Canary.Tests.Cli;

/// <summary>
/// A clock for watch tests: waiting on it jumps time forward to the timer's due time at once, so ten one-minute
/// intervals pass in milliseconds against data stored at fixed past times. A timeout (a <see cref="CancellationTokenSource"/>'s
/// timer, such as a Prometheus request's) never fires on it: it would jump to its end at once and cut every request short.
/// </summary>
public sealed class JumpingClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime == Timeout.InfiniteTimeSpan || state is CancellationTokenSource)
        {
            return new Jump();
        }

        lock (_gate)
        {
            _now += dueTime;
        }

        ThreadPool.QueueUserWorkItem(_ => callback(state));
        return new Jump();
    }

    private sealed class Jump : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
