namespace Tollgate.Domain.Statistics.Trend;

/// <summary>
/// Page's tabular CUSUM for a decrease on z_t = (x_t − μ0)/σ0: S⁻_t = max(0, S⁻_{t−1} − z_t − k), alarm at S⁻ &gt; h.
/// k = 0.5, h = 5 is the standard design (one-sided ARL0 931, ARL at a 1σ shift 10.4; mlops.md §2.3); a single
/// outlier must exceed h + k = 5.5σ to alarm on its own.
/// </summary>
public static class Cusum
{
    /// <summary>The chart started afresh (S⁻ = 0) at <paramref name="start"/>: how it runs again after an alarm.</summary>
    public static ControlChartAlarm Lower(IReadOnlyList<double> x, double mean, double sigma, double k = 0.5, double h = 5, int start = 0)
    {
        double s = 0;
        var lastZero = start - 1;
        for (var t = start; t < x.Count; t++)
        {
            var z = (x[t] - mean) / sigma;
            s = Math.Max(0, s - z - k);
            if (s == 0)
            {
                lastZero = t;
            }
            else if (s > h)
            {
                return new ControlChartAlarm(t, lastZero + 1);
            }
        }

        return ControlChartAlarm.None;
    }
}
