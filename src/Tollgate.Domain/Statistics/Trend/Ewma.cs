namespace Tollgate.Domain.Statistics.Trend;

/// <summary>
/// The EWMA chart for a decrease: e_t = λz_t + (1 − λ)e_{t−1}, e_0 = 0, alarm when e_t falls below
/// −L·√(λ/(2−λ)·(1 − (1−λ)^{2t})). λ = 0.1, L = 2.7 gives ARL0 369 and detects a 1σ shift in about 10 points
/// (mlops.md §2.4); one outlier alone must exceed 6.2σ. The onset is the first point of the run of negative e_t
/// that ends in the alarm.
/// </summary>
public static class Ewma
{
    /// <summary>The chart started afresh (e = 0, its limit's t = 1) at <paramref name="start"/>: how it runs again after an alarm.</summary>
    public static ControlChartAlarm Lower(IReadOnlyList<double> x, double mean, double sigma, double lambda = 0.1, double limit = 2.7, int start = 0)
    {
        double e = 0;
        var runStart = -1;
        for (var t = start; t < x.Count; t++)
        {
            var z = (x[t] - mean) / sigma;
            e = lambda * z + (1 - lambda) * e;
            runStart = e < 0 ? runStart < 0 ? t : runStart : -1;
            var width = limit * Math.Sqrt(lambda / (2 - lambda) * (1 - Math.Pow(1 - lambda, 2 * (t - start + 1))));
            if (e < -width)
            {
                return new ControlChartAlarm(t, runStart);
            }
        }

        return ControlChartAlarm.None;
    }
}
