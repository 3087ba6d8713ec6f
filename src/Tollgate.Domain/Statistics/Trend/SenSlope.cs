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
        Estimate(Enumerable.Range(0, x.Count).Select(i => (double)i).ToArray(), x, confidence);

    public static SenSlopeResult Estimate(IReadOnlyList<double> t, IReadOnlyList<double> x, double confidence = 0.95)
    {
        var n = x.Count;
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
        var slope = Median(slopes);
        var intercept = Median(x.OrderBy(v => v).ToList()) - slope * Median(t.OrderBy(v => v).ToList());
        var z = Normal.Quantile((1 - confidence) / 2);
        double ny = n;
        var tieSum = TieTerm(x) + TieTerm(t);
        var sigma = Math.Sqrt((ny * (ny - 1) * (2 * ny + 5) - tieSum) / 18);
        var count = slopes.Count;
        var upper = Math.Min((int)Math.Round((count - z * sigma) / 2, MidpointRounding.ToEven), count - 1);
        var lower = Math.Max((int)Math.Round((count + z * sigma) / 2, MidpointRounding.ToEven) - 1, 0);
        return new SenSlopeResult(slope, intercept, slopes[lower], slopes[upper]);
    }

    private static double TieTerm(IReadOnlyList<double> values) =>
        values.GroupBy(v => v).Select(g => (double)g.Count()).Where(k => k > 1).Sum(k => k * (k - 1) * (2 * k + 5));

    private static double Median(List<double> sorted)
    {
        var c = sorted.Count;
        return c % 2 == 1 ? sorted[c / 2] : (sorted[c / 2 - 1] + sorted[c / 2]) / 2;
    }
}
