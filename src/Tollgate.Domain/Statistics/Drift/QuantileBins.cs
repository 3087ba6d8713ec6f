namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// Classic credit-risk binning: interior edges at the reference's quantiles, open first and last bins
/// (bin i holds values in (edge[i−1], edge[i]]). Repeated quantiles collapse, so a column with few values gets fewer bins.
/// </summary>
public static class QuantileBins
{
    public static double[] Edges(EmpiricalDistribution reference, int bins) =>
        [.. Kept(Enumerable.Range(1, bins - 1).Select(b => reference.Quantile(b / (double)bins)), e => e, reference.Values.IsEmpty ? double.NaN : reference.Values[^1])];

    public static long[] Count(EmpiricalDistribution sample, double[] edges) => Differences(b => sample.CountAtMost(edges[b]), edges.Length, sample.Total);

    /// <summary>
    /// The interior edges kept from candidate quantiles (in order, each with what the caller knows of it): a repeated
    /// one collapses, and the last is dropped when it reaches the reference's largest value <paramref name="max"/>
    /// (its bin above would be empty).
    /// </summary>
    internal static List<T> Kept<T>(IEnumerable<T> quantiles, Func<T, double> edge, double max)
    {
        var edges = new List<T>();
        foreach (var q in quantiles)
        {
            if (edges.Count == 0 || edge(q) > edge(edges[^1]))
            {
                edges.Add(q);
            }
        }

        if (edges.Count > 0 && edge(edges[^1]) >= max)
        {
            edges.RemoveAt(edges.Count - 1);
        }

        return edges;
    }

    /// <summary>Bin counts of a sample of <paramref name="total"/> values from its count at or below each of <paramref name="edges"/> edges.</summary>
    internal static long[] Differences(Func<int, long> atMost, int edges, long total)
    {
        var counts = new long[edges + 1];
        long below = 0;
        for (var b = 0; b < edges; b++)
        {
            var upTo = atMost(b);
            counts[b] = upTo - below;
            below = upTo;
        }

        counts[^1] = total - below;
        return counts;
    }
}
