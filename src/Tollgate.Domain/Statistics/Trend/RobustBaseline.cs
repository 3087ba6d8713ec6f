namespace Tollgate.Domain.Statistics.Trend;

/// <summary>
/// The in-control level, noise and lag-1 autocorrelation of a control chart's baseline, robust to a few bad points.
/// One outage day inside the baseline (a KPI at half its level) would inflate the classic standard deviation several
/// times and blind the chart for the rest of the series; so points further than <see cref="Cutoff"/> robust standard
/// deviations (1.4826 × the median absolute deviation) from the median are set aside, and the level and noise are the
/// mean and standard deviation of the rest. On clean normal data almost nothing is set aside (a point beyond 4σ: 6 in
/// 100,000), so the figures are the classic ones. The autocorrelation is that of the baseline with the set-aside points
/// replaced by the level. When more than half the points are equal (MAD 0), nothing is set aside.
/// </summary>
public static class RobustBaseline
{
    /// <summary>How many robust standard deviations from the median a point may lie and still count.</summary>
    public const double Cutoff = 4;

    /// <summary>The baseline's figures and the indexes of the points set aside, in order.</summary>
    public static RobustBaselineResult Estimate(IReadOnlyList<double> x)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(x.Count, 3);
        var median = Median([.. x]);
        var scale = 1.4826 * Median([.. x.Select(v => Math.Abs(v - median))]);
        var outliers = scale > 0 ? Enumerable.Range(0, x.Count).Where(i => Math.Abs(x[i] - median) > Cutoff * scale).ToArray() : [];
        if (x.Count - outliers.Length < 3)
        {
            outliers = [];
        }

        var kept = x.Where((_, i) => Array.BinarySearch(outliers, i) < 0).ToArray();
        var level = kept.Average();
        var sd = Math.Sqrt(kept.Sum(v => (v - level) * (v - level)) / (kept.Length - 1));
        var cleaned = x.Select((v, i) => Array.BinarySearch(outliers, i) < 0 ? v : level).ToArray();
        return new RobustBaselineResult(level, sd, MannKendall.Autocorrelation(cleaned, 1), outliers);
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        var n = values.Length;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }
}

/// <summary>A baseline's level and noise (standard deviation), its lag-1 autocorrelation, and the points set aside as outliers.</summary>
public sealed record RobustBaselineResult(double Level, double Noise, double Autocorrelation, IReadOnlyList<int> Outliers);
