namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// The one-sample Kolmogorov statistic D_n's upper tail P(D_n ≥ d), SciPy's <c>kstwo.sf</c>: Simard and L'Ecuyer's
/// (2011, J. Stat. Softw. 39(11)) choice of method by n and n·d², as SciPy makes it. Exact where it can be: Ruben and
/// Gambino's closed forms at the ends, Durbin's matrix as Marsaglia, Tsang and Wang (2003, J. Stat. Softw. 8(18))
/// compute it for small n·d and small d^1.5·n, twice the one-sided Smirnov tail where the two sides cannot (d ≥ 0.5)
/// or all but cannot (n·d² ≥ 2.2, or ≥ 4 up to n = 140) both be crossed; Pelz and Good's expansion in between.
/// Above n = <see cref="SciPyLimit"/> the exact one-sided sum costs O(n) per p-value (12 ms at n = 50,000), too slow
/// for a drift run of many columns and slices, so there the one-sided tail is its asymptotic expansion to O(1/n)
/// (<see cref="SmirnovDistribution.LargeNSurvival"/>), within 2·10⁻⁵ of SciPy's relative for p ≥ 10⁻⁵ and about 10⁻⁴ at
/// p = 10⁻¹⁶; below n·d² = 2.2 Pelz and Good's expansion, SciPy's own there (SciPy takes Durbin's matrix where
/// n·d^1.5 ≤ 1.4 up to n = 100,000, a p above 0.99999 either way).
/// </summary>
public static class KolmogorovDistribution
{
    /// <summary>The largest n whose one-sided tail is the exact sum; beyond, its asymptotic expansion.</summary>
    public const int SciPyLimit = 5_000;

    /// <summary>P(D_n ≥ d); n a positive whole number.</summary>
    public static double Survival(double d, double n)
    {
        if (double.IsNaN(d) || double.IsNaN(n) || n <= 0 || n != Math.Floor(n) || n > int.MaxValue)
        {
            return double.NaN;
        }

        if (d <= 0)
        {
            return 1;
        }

        if (d >= 1)
        {
            return 0;
        }

        var size = (int)n;
        var t = n * d;
        if (t <= 1)
        {
            // Ruben-Gambino: P(D_n < d) = n!/nⁿ (2t − 1)ⁿ for 1/(2n) ≤ d ≤ 1/n.
            return t <= 0.5 ? 1 : Math.Clamp(1 - Math.Exp(LogFactorialOverPower(n) + (n * Math.Log((2 * t) - 1))), 0, 1);
        }

        if (t >= n - 1)
        {
            return Math.Clamp(2 * Math.Pow(1 - d, n), 0, 1);
        }

        var nd2 = t * d;
        if (n > SciPyLimit)
        {
            return nd2 >= 370 ? 0
                : nd2 >= 2.2 ? Math.Clamp(2 * SmirnovDistribution.LargeNSurvival(n, d), 0, 1)
                : Math.Clamp(1 - PelzGood.Cdf(n, d), 0, 1);
        }

        if (d >= 0.5)
        {
            return Math.Clamp(2 * SmirnovDistribution.Survival(size, d), 0, 1);
        }

        if (size <= 140)
        {
            return nd2 <= 4 ? Math.Clamp(1 - DurbinCdf(size, d), 0, 1) : Math.Clamp(2 * SmirnovDistribution.Survival(size, d), 0, 1);
        }

        if (nd2 >= 370)
        {
            return 0;
        }

        if (nd2 >= 2.2)
        {
            return Math.Clamp(2 * SmirnovDistribution.Survival(size, d), 0, 1);
        }

        var cdf = n * Math.Pow(d, 1.5) <= 1.4 ? DurbinCdf(size, d) : PelzGood.Cdf(n, d);
        return Math.Clamp(1 - cdf, 0, 1);
    }

    /// <summary>log(n!/nⁿ).</summary>
    private static double LogFactorialOverPower(double n) => SpecialFunctions.LogGamma(n + 1) - (n * Math.Log(n));

    /// <summary>P(K ≥ x) for the Kolmogorov distribution K = lim √n·D_n.</summary>
    public static double LimitingSurvival(double x)
    {
        if (x <= 0)
        {
            return 1;
        }

        if (x < 1)
        {
            // P(K ≤ x) = √(2π)/x Σ exp(−(2k−1)²π²/(8x²)), quick for small x.
            double sum = 0;
            for (var k = 1; k < 100; k++)
            {
                var term = Math.Exp(-(2 * k - 1) * (2 * k - 1) * Math.PI * Math.PI / (8 * x * x));
                sum += term;
                if (term < 1e-17 * sum)
                {
                    break;
                }
            }

            return 1 - Math.Sqrt(2 * Math.PI) / x * sum;
        }

        double tail = 0;
        for (var k = 1; k < 100; k++)
        {
            var term = Math.Exp(-2.0 * k * k * x * x);
            tail += (k % 2 == 1 ? 2 : -2) * term;
            if (term < 1e-17)
            {
                break;
            }
        }

        return Math.Clamp(tail, 0, 1);
    }

    private static double DurbinCdf(int n, double d)
    {
        var k = (int)(n * d) + 1;
        var size = 2 * k - 1;
        var h = k - n * d;
        var matrix = new double[size, size];
        for (var i = 0; i < size; i++)
        {
            for (var j = 0; j < size; j++)
            {
                matrix[i, j] = i - j + 1 < 0 ? 0 : 1;
            }
        }

        for (var i = 0; i < size; i++)
        {
            matrix[i, 0] -= Math.Pow(h, i + 1);
            matrix[size - 1, i] -= Math.Pow(h, size - i);
        }

        matrix[size - 1, 0] += 2 * h - 1 > 0 ? Math.Pow(2 * h - 1, size) : 0;
        for (var i = 0; i < size; i++)
        {
            for (var j = 0; j < size; j++)
            {
                if (i - j + 1 > 0)
                {
                    for (var g = 1; g <= i - j + 1; g++)
                    {
                        matrix[i, j] /= g;
                    }
                }
            }
        }

        var (power, exponent) = Power(matrix, n);
        var s = power[k - 1, k - 1];
        for (var i = 1; i <= n; i++)
        {
            s = s * i / n;
            if (s < 1e-140)
            {
                s *= 1e140;
                exponent -= 140;
            }
        }

        return s * Math.Pow(10, exponent);
    }

    private static (double[,] Matrix, int Exponent) Power(double[,] a, int n)
    {
        if (n == 1)
        {
            return ((double[,])a.Clone(), 0);
        }

        var (half, e) = Power(a, n / 2);
        var result = Multiply(half, half);
        var exponent = 2 * e;
        if (n % 2 == 1)
        {
            result = Multiply(a, result);
        }

        var size = a.GetLength(0);
        if (result[size / 2, size / 2] > 1e140)
        {
            for (var i = 0; i < size; i++)
            {
                for (var j = 0; j < size; j++)
                {
                    result[i, j] *= 1e-140;
                }
            }

            exponent += 140;
        }

        return (result, exponent);
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        var size = a.GetLength(0);
        var c = new double[size, size];
        for (var i = 0; i < size; i++)
        {
            for (var l = 0; l < size; l++)
            {
                var x = a[i, l];
                if (x == 0)
                {
                    continue;
                }

                for (var j = 0; j < size; j++)
                {
                    c[i, j] += x * b[l, j];
                }
            }
        }

        return c;
    }
}
