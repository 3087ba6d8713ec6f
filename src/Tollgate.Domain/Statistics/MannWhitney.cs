namespace Tollgate.Domain.Statistics;

/// <summary>
/// The Mann-Whitney U test of "the first sample tends to be larger than the second" (one-sided), with average ranks
/// for ties, the tie-corrected normal approximation with continuity correction, and the exact null distribution for
/// small samples without ties. Matches SciPy's <c>mannwhitneyu(x, y, alternative="greater")</c>
/// (https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.mannwhitneyu.html).
/// </summary>
public static class MannWhitney
{
    /// <summary>Samples up to this many pairs without ties use the exact distribution (SciPy's "auto" uses 8 per side).</summary>
    public const int ExactMaxPerSide = 8;

    /// <summary>The U statistic of the first sample and its one-sided p-value.</summary>
    public static (double U, double PValue) TestGreater(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var xs = x.ToArray();
        var ys = y.ToArray();
        Array.Sort(xs);
        Array.Sort(ys);
        return TestGreaterSorted(xs, ys);
    }

    /// <summary>As <see cref="TestGreater"/>, for samples already sorted ascending.</summary>
    public static (double U, double PValue) TestGreaterSorted(double[] xs, double[] ys)
    {
        var n1 = xs.Length;
        var n2 = ys.Length;
        if (n1 == 0 || n2 == 0)
        {
            return (double.NaN, 1);
        }

        // Rank by merging the two sorted samples: ties get the average of the ranks they span.
        double rankSum = 0, tieTerm = 0;
        int i = 0, j = 0;
        while (i < n1 || j < n2)
        {
            var value = j >= n2 || (i < n1 && xs[i] <= ys[j]) ? xs[i] : ys[j];
            int fromX = 0, fromY = 0;
            while (i < n1 && xs[i] == value)
            {
                i++;
                fromX++;
            }

            while (j < n2 && ys[j] == value)
            {
                j++;
                fromY++;
            }

            var t = fromX + fromY;
            var firstRank = i + j - t + 1;
            rankSum += fromX * (firstRank + (t - 1) / 2.0);
            tieTerm += (double)t * t * t - t;
        }

        var u = rankSum - n1 * (n1 + 1) / 2.0;
        if (tieTerm == 0 && n1 <= ExactMaxPerSide && n2 <= ExactMaxPerSide)
        {
            return (u, ExactUpperTail(n1, n2, (int)Math.Round(u)));
        }

        var n = (double)(n1 + n2);
        var sigma = Math.Sqrt(n1 * (double)n2 / 12 * (n + 1 - tieTerm / (n * (n - 1))));
        if (sigma == 0)
        {
            return (u, 1);
        }

        var z = (u - n1 * (double)n2 / 2 - 0.5) / sigma;
        return (u, Math.Clamp(Normal.Survival(z), 0, 1));
    }

    /// <summary>P(U ≥ u) under the null, by counting arrangements: f(i, j, u) = f(i−1, j, u−j) + f(i, j−1, u).</summary>
    private static double ExactUpperTail(int n1, int n2, int u)
    {
        var maxU = n1 * n2;
        var previous = new double[n2 + 1, maxU + 1];
        for (var j = 0; j <= n2; j++)
        {
            previous[j, 0] = 1;
        }

        for (var i = 1; i <= n1; i++)
        {
            var current = new double[n2 + 1, maxU + 1];
            current[0, 0] = 1;
            for (var j = 1; j <= n2; j++)
            {
                for (var v = 0; v <= maxU; v++)
                {
                    current[j, v] = (v >= j ? previous[j, v - j] : 0) + current[j - 1, v];
                }
            }

            previous = current;
        }

        double total = 0, tail = 0;
        for (var v = 0; v <= maxU; v++)
        {
            total += previous[n2, v];
            if (v >= u)
            {
                tail += previous[n2, v];
            }
        }

        return tail / total;
    }
}
