namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// The two-sample Kolmogorov-Smirnov test, two-sided. D is found by one merge walk over the two sorted samples, as
/// the integer K = max |i·m − j·n| over the walk's lattice points, so the exact p-value is computed without rounding D.
/// </summary>
public static class KolmogorovSmirnov
{
    /// <summary>SciPy's <c>ks_2samp</c> threshold: exact when neither sample is larger than this.</summary>
    public const int ExactLimit = 10_000;

    public static KsResult Test(EmpiricalDistribution reference, EmpiricalDistribution current, KsMethod method = KsMethod.Auto) =>
        Test(EcdfWalk.Of(reference, current), method);

    /// <summary>The test from a merge walk already made (the drift gate shares one walk with Wasserstein).</summary>
    public static KsResult Test(EcdfWalk walk, KsMethod method = KsMethod.Auto)
    {
        long n = walk.N, m = walk.M;
        if (n == 0 || m == 0)
        {
            return new KsResult(double.NaN, double.NaN, method);
        }

        var k = walk.MaxGap;
        var d = walk.Statistic;
        if (method == KsMethod.Auto)
        {
            method = Math.Max(n, m) <= ExactLimit ? KsMethod.Exact : KsMethod.Asymptotic;
        }

        var p = k == 0 ? 1.0 : method == KsMethod.Exact
            ? ExactPValue((int)n, (int)m, k)
            : KolmogorovDistribution.Survival(d, Math.Round(n * (double)m / (n + m)));
        return new KsResult(d, Math.Clamp(p, 0, 1), method);
    }

    /// <summary>D = sup |F_ref − F_cur| alone.</summary>
    public static double Statistic(EmpiricalDistribution reference, EmpiricalDistribution current) =>
        EcdfWalk.Of(reference, current).Statistic;

    /// <summary>
    /// P(D ≥ d) under the null: the share of the C(n+m, n) equally likely merge orders whose path touches
    /// |i·m − j·n| ≥ K. Q(i, j) is the share of paths to (i, j) that have touched it; summing only non-negative
    /// terms keeps small p-values accurate. Every point off the band |i·m − j·n| &lt; K has touched it (Q = 1), so each
    /// row computes only its band, about 2K/n + 1 points: O(K + n) time (K = D·n·m; O(n·m) when D is near 1, a
    /// fraction of it for the small D of samples that agree), O(m) memory, the same operations in the same order on
    /// every point of the band as the full table, so the same p-value to the bit.
    /// </summary>
    public static double ExactPValue(int n, int m, long k)
    {
        var q = new double[m + 1];
        Array.Fill(q, 1.0);
        var previousLow = 0;
        for (var i = 0; i <= n; i++)
        {
            // The band of row i: j·n > i·m − K and j·n < i·m + K.
            var low = (int)Math.Clamp(FloorDivide(((long)i * m) - k, n) + 1, 0, m + 1);
            var high = (int)Math.Clamp(CeilDivide(((long)i * m) + k, n) - 1, -1, m);

            // Points below the band that were in it in the row before have touched the boundary now.
            q.AsSpan(previousLow, Math.Max(0, low - previousLow)).Fill(1);
            previousLow = Math.Max(previousLow, low);
            for (var j = low; j <= high; j++)
            {
                if (i == 0 && j == 0)
                {
                    q[j] = 0;
                }
                else
                {
                    var fromLeft = i == 0 ? 0 : q[j] * i;
                    var fromBelow = j == 0 ? 0 : q[j - 1] * j;
                    q[j] = (fromLeft + fromBelow) / (i + j);
                }
            }
        }

        return q[m];
    }

    private static long FloorDivide(long a, long b) => (a / b) - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);

    private static long CeilDivide(long a, long b) => -FloorDivide(-a, b);
}
