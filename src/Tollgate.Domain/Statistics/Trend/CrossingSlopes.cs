namespace Tollgate.Domain.Statistics.Trend;

/// <summary>
/// Every pairwise slope in (lo, hi], listed in O(n log n + K) for K of them. z_i(s) = x_i − s·t_i is a line in s, and
/// two lines cross at their pair's slope, so the pairs whose slope lies in (lo, hi] are the ones ordered one way by
/// z(lo) and the other by z(hi): the inversions between the two orders, which a merge sort visits one by one.
/// </summary>
public static class CrossingSlopes
{
    public static double[] Between(IReadOnlyList<double> t, IReadOnlyList<double> x, double lo, double hi)
    {
        var n = x.Count;

        // Ordered by z(lo), a tie (a slope of exactly lo, not in the interval) as just above lo: the later time first.
        var order = Enumerable.Range(0, n).ToArray();
        var atLo = order.Select(i => x[i] - (lo * t[i])).ToArray();
        Array.Sort(order, (a, b) => atLo[a] != atLo[b] ? atLo[a].CompareTo(atLo[b]) : t[b].CompareTo(t[a]));
        var z = order.Select(i => x[i] - (hi * t[i])).ToArray();
        var found = new List<double>();
        Inversions(z, order, new double[n], new int[n], 0, n, (a, b) => found.Add((x[b] - x[a]) / (t[b] - t[a])));
        return [.. found];
    }

    /// <summary>Sorts z[from..to) ascending (with the indexes beside), calling <paramref name="pair"/> for each earlier one at or above a later one.</summary>
    private static void Inversions(double[] z, int[] index, double[] zScratch, int[] indexScratch, int from, int to, Action<int, int> pair)
    {
        if (to - from < 2)
        {
            return;
        }

        var middle = from + ((to - from) / 2);
        Inversions(z, index, zScratch, indexScratch, from, middle, pair);
        Inversions(z, index, zScratch, indexScratch, middle, to, pair);
        int l = from, r = middle, o = from;
        while (l < middle && r < to)
        {
            if (z[r] <= z[l])
            {
                for (var m = l; m < middle; m++)
                {
                    pair(index[m], index[r]);
                }

                (zScratch[o], indexScratch[o++]) = (z[r], index[r++]);
            }
            else
            {
                (zScratch[o], indexScratch[o++]) = (z[l], index[l++]);
            }
        }

        while (l < middle)
        {
            (zScratch[o], indexScratch[o++]) = (z[l], index[l++]);
        }

        while (r < to)
        {
            (zScratch[o], indexScratch[o++]) = (z[r], index[r++]);
        }

        Array.Copy(zScratch, from, z, from, to - from);
        Array.Copy(indexScratch, from, index, from, to - from);
    }
}
