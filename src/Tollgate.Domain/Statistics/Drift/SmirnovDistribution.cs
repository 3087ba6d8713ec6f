namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// The one-sided Kolmogorov-Smirnov statistic D_n⁺'s upper tail P(D_n⁺ ≥ x), SciPy's <c>scipy.special.smirnov</c>:
/// the exact Birnbaum–Tingey sum for n ≤ 1,000,000, beyond that the approximation SciPy uses there,
/// exp(−(6nx + 1)²/(18n)).
/// </summary>
public static class SmirnovDistribution
{
    /// <summary>SciPy's <c>SMIRNOV_MAX_COMPUTE_N</c>: larger n take the closed-form approximation.</summary>
    public const int MaxComputeN = 1_000_000;

    /// <summary>
    /// P(D_n⁺ ≥ x) = x Σ_{j=0}^{⌊n(1−x)⌋} C(n, j) (1 − x − j/n)^(n−j) (x + j/n)^(j−1). Every term is positive, so
    /// the sum is taken in logarithms (a running log-sum-exp) and keeps its relative accuracy however small it is;
    /// O(n(1 − x)) time, no memory.
    /// </summary>
    public static double Survival(int n, double x)
    {
        if (x <= 0)
        {
            return 1;
        }

        if (x >= 1)
        {
            return 0;
        }

        var nx = n * x;
        if (n > MaxComputeN)
        {
            var logP = -Math.Pow(6.0 * nx + 1, 2) / 18.0 / n;
            return Math.Clamp(Math.Exp(logP), 0, 1);
        }

        var last = (int)Math.Floor(n - nx);
        var logX = Math.Log(x);
        double logBinomial = 0, top = double.NegativeInfinity, scaled = 0;
        for (var j = 0; j <= last; j++)
        {
            if (j > 0)
            {
                logBinomial += Math.Log((n - j + 1) / (double)j);
            }

            var below = (n - j - nx) / n;
            if (below <= 0)
            {
                break;
            }

            var term = logBinomial + ((n - j) * Math.Log(below)) + ((j - 1) * Math.Log((nx + j) / n)) + logX;
            if (term > top)
            {
                scaled = (scaled * Math.Exp(top - term)) + 1;
                top = term;
            }
            else
            {
                scaled += Math.Exp(term - top);
            }
        }

        return double.IsNegativeInfinity(top) ? 0 : Math.Clamp(Math.Exp(top + Math.Log(scaled)), 0, 1);
    }
}
