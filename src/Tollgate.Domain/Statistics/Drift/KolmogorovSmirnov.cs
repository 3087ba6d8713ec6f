namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// The two-sample Kolmogorov-Smirnov test, two-sided. D is found by one merge walk over the two sorted samples, as
/// the integer K = max |i·m − j·n| over the walk's lattice points, so the exact p-value is computed without rounding D.
/// </summary>
public static class KolmogorovSmirnov
{
    /// <summary>SciPy's <c>ks_2samp</c> threshold: exact when neither sample is larger than this.</summary>
    public const int ExactLimit = 10_000;

    public static KsResult Test(EmpiricalDistribution reference, EmpiricalDistribution current, KsMethod method = KsMethod.Auto)
    {
        long n = reference.Total, m = current.Total;
        if (n == 0 || m == 0)
        {
            return new KsResult(double.NaN, double.NaN, method);
        }

        var k = MaxLatticeGap(reference, current);
        var d = k / ((double)n * m);
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
        MaxLatticeGap(reference, current) / ((double)reference.Total * current.Total);

    /// <summary>max over the merge of |i·m − j·n|, where i and j count the values at or below each point.</summary>
    private static long MaxLatticeGap(EmpiricalDistribution reference, EmpiricalDistribution current)
    {
        long n = reference.Total, m = current.Total;
        var rv = reference.Values;
        var rc = reference.Counts;
        var cv = current.Values;
        var cc = current.Counts;
        long i = 0, j = 0, best = 0;
        int a = 0, b = 0;
        while (a < rv.Length || b < cv.Length)
        {
            var x = a < rv.Length && (b >= cv.Length || rv[a] <= cv[b]) ? rv[a] : cv[b];
            if (a < rv.Length && rv[a] == x)
            {
                i += rc[a++];
            }

            if (b < cv.Length && cv[b] == x)
            {
                j += cc[b++];
            }

            var gap = Math.Abs(i * m - j * n);
            if (gap > best)
            {
                best = gap;
            }
        }

        return best;
    }

    /// <summary>
    /// P(D ≥ d) under the null: the share of the C(n+m, n) equally likely merge orders whose path touches
    /// |i·m − j·n| ≥ K. Q(i, j) is the share of paths to (i, j) that have touched it; summing only non-negative
    /// terms keeps small p-values accurate. O(n·m) time, O(m) memory.
    /// </summary>
    public static double ExactPValue(int n, int m, long k)
    {
        var q = new double[m + 1];
        for (var i = 0; i <= n; i++)
        {
            for (var j = 0; j <= m; j++)
            {
                if (Math.Abs((long)i * m - (long)j * n) >= k)
                {
                    q[j] = 1;
                }
                else if (i == 0 && j == 0)
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
}
