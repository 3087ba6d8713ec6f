namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// What the drift gate needs from a numeric feature's two samples: the ECDF walk (KS and W1), the interior edges at
/// the reference's quantiles (<see cref="QuantileBins"/>) and both samples' counts in those bins. Large raw samples
/// not yet sorted are compared by buckets (<see cref="BucketedComparison"/>), anything else by the sorted merge walk;
/// both give the same figures to the last bit.
/// </summary>
public sealed record NumericComparison(EcdfWalk Walk, double[] Edges, long[] ReferenceBins, long[] CurrentBins)
{
    /// <summary>Two raw samples with at least this many values between them are compared without sorting them.</summary>
    public const long BucketedFrom = 1 << 16;

    public static NumericComparison Of(EmpiricalDistribution reference, EmpiricalDistribution current, int bins)
    {
        if (reference.UnitCounts && current.UnitCounts && !(reference.IsSorted && current.IsSorted)
            && reference.Total > 0 && current.Total > 0 && reference.Total + current.Total >= BucketedFrom)
        {
            return BucketedComparison.Compare(reference, current, bins);
        }

        return Sorted(reference, current, bins);
    }

    /// <summary>By the sorted values: one merge walk, the quantiles by rank and the bins by binary search.</summary>
    public static NumericComparison Sorted(EmpiricalDistribution reference, EmpiricalDistribution current, int bins)
    {
        var walk = EcdfWalk.Of(reference, current);
        var edges = QuantileBins.Edges(reference, bins);
        return new NumericComparison(walk, edges, QuantileBins.Count(reference, edges), QuantileBins.Count(current, edges));
    }
}
