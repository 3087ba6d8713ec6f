namespace Tollgate.Domain.Statistics;

/// <summary>
/// The Hodges-Lehmann estimate of the shift between two samples (the median of all pairwise differences x − y) with
/// the distribution-free interval that inverts the Mann-Whitney test (Moses 1965; Hollander and Wolfe, Nonparametric
/// Statistical Methods, §4.3): the k-th smallest and k-th largest differences, k from the normal approximation.
/// Above <see cref="MaxPairs"/> pairs each sample is thinned to evenly spaced order statistics first, which keeps
/// the shape of both samples and bounds the work.
/// </summary>
public static class HodgesLehmann
{
    public const long MaxPairs = 4_000_000;

    public static (double Estimate, double Lower, double Upper) Shift(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double confidence)
    {
        if (x.Length == 0 || y.Length == 0)
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        var xs = Thin(x, y.Length);
        var ys = Thin(y, x.Length);
        var differences = new double[(long)xs.Length * ys.Length];
        var k = 0;
        foreach (var a in xs)
        {
            foreach (var b in ys)
            {
                differences[k++] = a - b;
            }
        }

        Array.Sort(differences);
        var m = differences.Length;
        var estimate = m % 2 == 1 ? differences[m / 2] : 0.5 * (differences[m / 2 - 1] + differences[m / 2]);
        var n1 = (double)xs.Length;
        var n2 = (double)ys.Length;
        var z = Normal.Quantile(1 - (1 - confidence) / 2);
        var c = (int)Math.Floor(n1 * n2 / 2 - z * Math.Sqrt(n1 * n2 * (n1 + n2 + 1) / 12));
        c = Math.Clamp(c, 1, m);
        return (estimate, differences[c - 1], differences[m - c]);
    }

    private static double[] Thin(ReadOnlySpan<double> sample, int otherLength)
    {
        var sorted = sample.ToArray();
        Array.Sort(sorted);
        var keep = (int)Math.Min(sorted.Length, Math.Max(1, Math.Sqrt(MaxPairs * (double)sorted.Length / Math.Max(1, otherLength))));
        if (keep >= sorted.Length)
        {
            return sorted;
        }

        var thinned = new double[keep];
        for (var i = 0; i < keep; i++)
        {
            thinned[i] = sorted[(int)((i + 0.5) * sorted.Length / keep)];
        }

        return thinned;
    }
}
