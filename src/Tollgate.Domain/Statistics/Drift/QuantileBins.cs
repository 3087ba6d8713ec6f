namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// Classic credit-risk binning: interior edges at the reference's quantiles, open first and last bins
/// (bin i holds values in (edge[i−1], edge[i]]). Repeated quantiles collapse, so a column with few values gets fewer bins.
/// </summary>
public static class QuantileBins
{
    public static double[] Edges(EmpiricalDistribution reference, int bins)
    {
        var edges = new List<double>(bins);
        for (var b = 1; b < bins; b++)
        {
            var edge = reference.Quantile(b / (double)bins);
            if (edges.Count == 0 || edge > edges[^1])
            {
                edges.Add(edge);
            }
        }

        if (edges.Count > 0 && edges[^1] >= reference.Values[^1])
        {
            edges.RemoveAt(edges.Count - 1);
        }

        return [.. edges];
    }

    public static long[] Count(EmpiricalDistribution sample, double[] edges)
    {
        var counts = new long[edges.Length + 1];
        long below = 0;
        for (var b = 0; b < edges.Length; b++)
        {
            var atMost = sample.CountAtMost(edges[b]);
            counts[b] = atMost - below;
            below = atMost;
        }

        counts[^1] = sample.Total - below;
        return counts;
    }
}
