namespace Tollgate.Domain.Statistics.Trend;

/// <summary>
/// Sen's slope: the median of the pairwise slopes (x_j − x_i)/(t_j − t_i), robust to single outliers. The interval is
/// SciPy's <c>theilslopes</c> one (ranks of the sorted slopes from the Mann-Kendall variance); the intercept is
/// Conover's median(x) − slope·median(t).
/// </summary>
public static class SenSlope
{
    /// <summary>On equally spaced points t = 0, 1, …, n−1.</summary>
    public static SenSlopeResult Estimate(IReadOnlyList<double> x, double confidence = 0.95) =>
        Estimate(PairwiseSlopes.Indexes(x.Count), x, confidence);

    /// <summary>Above this many points on strictly increasing times the slopes are selected, not listed and sorted (<see cref="PairwiseSlopes"/>).</summary>
    public const int ListedUpTo = 500;

    public static SenSlopeResult Estimate(IReadOnlyList<double> t, IReadOnlyList<double> x, double confidence = 0.95)
    {
        var n = x.Count;
        if (n > ListedUpTo && PairwiseSlopes.Increasing(t))
        {
            return Selected(t, x, confidence);
        }

        var slopes = new List<double>(n * (n - 1) / 2);
        for (var i = 0; i < n - 1; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                if (t[j] != t[i])
                {
                    slopes.Add((x[j] - x[i]) / (t[j] - t[i]));
                }
            }
        }

        if (slopes.Count == 0)
        {
            return new SenSlopeResult(double.NaN, double.NaN, double.NaN, double.NaN);
        }

        slopes.Sort();
        var (lower, upper) = Ranks(t, x, slopes.Count, confidence);
        return Finish(t, x, Median(slopes), slopes[(int)lower], slopes[(int)upper]);
    }

    /// <summary>The slope alone (no interval), on equally spaced points t = 0, 1, …, n−1: what a detrending needs.</summary>
    public static double Slope(IReadOnlyList<double> x)
    {
        if (x.Count <= ListedUpTo)
        {
            return Estimate(x).Slope;
        }

        var slopes = new PairwiseSlopes(PairwiseSlopes.Indexes(x.Count), x);
        return Median(slopes);
    }

    private static double Median(PairwiseSlopes slopes)
    {
        var count = slopes.Count;
        return count % 2 == 1 ? slopes.Select(count / 2) : (slopes.Select((count / 2) - 1) + slopes.Select(count / 2)) / 2;
    }

    private static SenSlopeResult Selected(IReadOnlyList<double> t, IReadOnlyList<double> x, double confidence)
    {
        var slopes = new PairwiseSlopes(t, x);
        var (lower, upper) = Ranks(t, x, slopes.Count, confidence);
        return Finish(t, x, Median(slopes), slopes.Select(lower), slopes.Select(upper));
    }

    private static SenSlopeResult Finish(IReadOnlyList<double> t, IReadOnlyList<double> x, double slope, double low, double high)
    {
        var intercept = Median(x.OrderBy(v => v).ToList()) - slope * Median(t.OrderBy(v => v).ToList());
        return new SenSlopeResult(slope, intercept, low, high);
    }

    /// <summary>The 0-based ranks among <paramref name="count"/> sorted slopes of the interval's ends.</summary>
    private static (long Lower, long Upper) Ranks(IReadOnlyList<double> t, IReadOnlyList<double> x, long count, double confidence)
    {
        var z = Normal.Quantile((1 - confidence) / 2);
        double ny = x.Count;
        var tieSum = TieTerm(x) + TieTerm(t);
        var sigma = Math.Sqrt((ny * (ny - 1) * (2 * ny + 5) - tieSum) / 18);
        var upper = Math.Min((long)Math.Round((count - z * sigma) / 2, MidpointRounding.ToEven), count - 1);
        var lower = Math.Max((long)Math.Round((count + z * sigma) / 2, MidpointRounding.ToEven) - 1, 0);
        return (lower, upper);
    }

    private static double TieTerm(IReadOnlyList<double> values) =>
        values.GroupBy(v => v).Select(g => (double)g.Count()).Where(k => k > 1).Sum(k => k * (k - 1) * (2 * k + 5));

    private static double Median(List<double> sorted)
    {
        var c = sorted.Count;
        return c % 2 == 1 ? sorted[c / 2] : (sorted[c / 2 - 1] + sorted[c / 2]) / 2;
    }
}
