namespace Tollgate.Domain.Statistics.Trend;

/// <summary>
/// The Mann-Kendall trend test as pyMannKendall computes it (mlops.md §2.1): S = Σ_{i&lt;j} sgn(x_j − x_i), the tie
/// correction of Var(S), continuity-corrected Z, p = 2(1 − Φ(|Z|)). MK assumes independent values; daily KPIs are
/// autocorrelated, which inflates false trends about threefold (§2.6), so <see cref="YueWang"/> widens Var(S) by the
/// lag-1 autocorrelation of the Sen-detrended series (Yue and Wang 2004), the correction §2.2 recommends.
/// </summary>
public static class MannKendall
{
    public static MannKendallResult Original(IReadOnlyList<double> x)
    {
        var n = x.Count;
        var s = Score(x);
        var variance = Variance(x);
        return Finish(s, variance, n);
    }

    /// <summary>Yue-Wang's variance correction with lag 1: Var*(S) = Var(S)·(1 + 2(1 − 1/n)·ρ₁), ρ₁ of the detrended values.</summary>
    public static MannKendallResult YueWang(IReadOnlyList<double> x)
    {
        var n = x.Count;
        var slope = SenSlope.Slope(x);
        var detrended = new double[n];
        for (var i = 0; i < n; i++)
        {
            detrended[i] = x[i] - slope * (i + 1);
        }

        var rho = Autocorrelation(detrended, 1);
        var factor = 1 + 2 * (1 - 1.0 / n) * rho;
        return Finish(Score(x), Variance(x) * factor, n);
    }

    /// <summary>Lag-k sample autocorrelation (the numerator and denominator both around the full-series mean).</summary>
    public static double Autocorrelation(IReadOnlyList<double> x, int lag)
    {
        var n = x.Count;
        var mean = x.Average();
        double num = 0, den = 0;
        for (var i = 0; i < n; i++)
        {
            var d = x[i] - mean;
            den += d * d;
            if (i + lag < n)
            {
                num += d * (x[i + lag] - mean);
            }
        }

        return den == 0 ? 0 : num / den;
    }

    private static MannKendallResult Finish(double s, double variance, int n)
    {
        if (!(variance > 0))
        {
            return new MannKendallResult(s, variance, 0, 1, s / (n * (n - 1) / 2.0));
        }

        var z = s > 0 ? (s - 1) / Math.Sqrt(variance) : s < 0 ? (s + 1) / Math.Sqrt(variance) : 0;
        var p = variance > 0 ? 2 * Normal.Survival(Math.Abs(z)) : 1;
        return new MannKendallResult(s, variance, z, Math.Min(1, p), s / (n * (n - 1) / 2.0));
    }

    /// <summary>
    /// S = concordant − discordant pairs. Above <see cref="SenSlope.ListedUpTo"/> points, from one merge-sort count of
    /// the pairs i &lt; j with x_j ≤ x_i (<see cref="PairwiseSlopes.AtOrBelow"/> at 0, on equally spaced times): the
    /// discordant ones and the tied ones T, so S = N − T − 2(count − T) = N + T − 2·count, in O(n log n).
    /// </summary>
    private static double Score(IReadOnlyList<double> x)
    {
        if (x.Count > SenSlope.ListedUpTo)
        {
            var slopes = new PairwiseSlopes(PairwiseSlopes.Indexes(x.Count), x);
            var tied = x.GroupBy(v => v).Sum(g => (long)g.Count() * (g.Count() - 1) / 2);
            return slopes.Count + tied - (2 * slopes.AtOrBelow(0));
        }

        double s = 0;
        for (var i = 0; i < x.Count - 1; i++)
        {
            for (var j = i + 1; j < x.Count; j++)
            {
                s += Math.Sign(x[j] - x[i]);
            }
        }

        return s;
    }

    private static double Variance(IReadOnlyList<double> x)
    {
        double n = x.Count;
        var ties = x.GroupBy(v => v).Select(g => (double)g.Count()).Where(t => t > 1);
        var correction = ties.Sum(t => t * (t - 1) * (2 * t + 5));
        return (n * (n - 1) * (2 * n + 5) - correction) / 18;
    }
}
