namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// The one-sample Kolmogorov statistic D_n's upper tail: exact for n ≤ 140 by Durbin's matrix method as Marsaglia,
/// Tsang and Wang (2003, J. Stat. Softw. 8(18)) compute it, beyond that the limiting distribution with Stephens'
/// finite-n correction of the argument.
/// </summary>
public static class KolmogorovDistribution
{
    /// <summary>P(D_n ≥ d).</summary>
    public static double Survival(double d, double n)
    {
        if (d <= 0)
        {
            return 1;
        }

        if (d >= 1)
        {
            return 0;
        }

        if (n <= 140)
        {
            return Math.Clamp(1 - DurbinCdf((int)n, d), 0, 1);
        }

        var root = Math.Sqrt(n);
        return LimitingSurvival(d * (root + 0.12 + 0.11 / root));
    }

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
