namespace Tollgate.Domain.Statistics.Trend;

/// <summary>
/// Where a control chart first signalled a decrease (index into the series, −1 if never) and where the change most
/// likely started (for CUSUM, the last point at which the lower sum was zero before the alarm).
/// </summary>
public sealed record ControlChartAlarm(int AlarmIndex, int OnsetIndex)
{
    public static readonly ControlChartAlarm None = new(-1, -1);

    public bool Alarmed => AlarmIndex >= 0;

    /// <summary>
    /// The first alarm at or after <paramref name="from"/> of a chart started afresh after each alarm, from its
    /// <paramref name="first"/> (the chart run from the start) on, <paramref name="chart"/> running it from a start
    /// index: a chart's false alarms before a decline do not stand for it. A chart in control alarms about once per
    /// ARL0 points, so on a long series some alarm comes before any decline.
    /// </summary>
    public static ControlChartAlarm FirstFrom(ControlChartAlarm first, Func<int, ControlChartAlarm> chart, int from)
    {
        var alarm = first;
        while (alarm.Alarmed && alarm.AlarmIndex < from)
        {
            alarm = chart(alarm.AlarmIndex + 1);
        }

        return alarm;
    }
}
