namespace Tollgate.Canary.Evaluation;

/// <summary>
/// The span judged, cut into steps of one interval: step i covers (Start + i·interval, Start + (i+1)·interval], and
/// its point is stamped at the end of that span (what <c>increase(…[interval])</c> evaluated there measures).
/// </summary>
public sealed record EvaluationWindow(DateTimeOffset Start, DateTimeOffset End, TimeSpan Interval)
{
    /// <summary>The fixed window ending at <paramref name="end"/>.</summary>
    public static EvaluationWindow Ending(DateTimeOffset end, TimeSpan window, TimeSpan interval) => new(end - window, end, interval);

    public int Steps => (int)((End - Start).Ticks / Interval.Ticks);

    public DateTimeOffset FirstPoint => Start + Interval;

    public DateTimeOffset LastPoint => Start + Interval * Steps;

    /// <summary>The step a point stamped at <paramref name="unixSeconds"/> belongs to, or -1 outside the window.</summary>
    public int StepOf(double unixSeconds)
    {
        var offset = unixSeconds - FirstPoint.ToUnixTimeMilliseconds() / 1000.0;
        var step = (int)Math.Round(offset / Interval.TotalSeconds);
        return step >= 0 && step < Steps ? step : -1;
    }
}
