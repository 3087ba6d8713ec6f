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
        var rho = DetrendedLagOne(x);
        return Finish(Score(x), Variance(x) * (1 + 2 * (1 - 1.0 / x.Count) * rho), x.Count);
    }

    /// <summary>
    /// Var(S) widened for AR(1) noise of lag-1 autocorrelation <paramref name="rho"/> over every lag, as Yue and Wang's
    /// effective sample size does with ρ_k = ρ^k: Var*(S) = Var(S)·(1 + 2Σ_{k=1}^{n−1}(1 − k/n)·ρ^k), which tends to
    /// (1 + ρ)/(1 − ρ). Lag 1 alone (<see cref="YueWang"/>) is that sum's first term: at ρ 0.9 it widens Var(S) 2.8
    /// times where the noise needs 19, so on a long series of minutes MK at α 0.01 found a trend in 15% of trendless
    /// ones. The caller says where ρ comes from: residuals of the trend it fits, not of a straight line through a bend,
    /// whose leftover shape reads as autocorrelation.
    /// </summary>
    public static MannKendallResult Ar1Corrected(IReadOnlyList<double> x, double rho) =>
        Finish(Score(x), Variance(x) * Ar1Factor(rho, x.Count), x.Count);

    /// <summary>1 + 2Σ_{k=1}^{n−1}(1 − k/n)·ρ^k (for ρ ≤ 0 its first term alone): n/n*, the series' length over its effective one.</summary>
    public static double Ar1Factor(double rho, int n)
    {
        if (!(rho > 0))
        {
            return 1 + 2 * (1 - 1.0 / n) * rho;
        }

        double sum = 0, power = 1;
        for (var k = 1; k < n; k++)
        {
            power *= rho;
            sum += (1 - (double)k / n) * power;
            if (power < 1e-17)
            {
                break;
            }
        }

        return 1 + 2 * sum;
    }

    /// <summary>ρ₁ of the values less their Sen trend, on t = 1, …, n as pyMannKendall detrends.</summary>
    private static double DetrendedLagOne(IReadOnlyList<double> x)
    {
        var slope = SenSlope.Slope(x);
        var detrended = new double[x.Count];
        for (var i = 0; i < x.Count; i++)
        {
            detrended[i] = x[i] - slope * (i + 1);
        }

        return Autocorrelation(detrended, 1);
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
