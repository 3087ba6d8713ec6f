namespace Tollgate.Domain.Statistics.Trend;

/// <summary>
/// Where a control chart first signalled a decrease (index into the series, −1 if never) and where the change most
/// likely started (for CUSUM, the last point at which the lower sum was zero before the alarm).
/// </summary>
public sealed record ControlChartAlarm(int AlarmIndex, int OnsetIndex, double[] Statistic)
{
    public bool Alarmed => AlarmIndex >= 0;
}
