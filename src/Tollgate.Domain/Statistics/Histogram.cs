namespace Tollgate.Domain.Statistics;

/// <summary>
/// A classic (cumulative, <c>le</c>-labelled) histogram. Quantiles interpolate linearly inside a bucket the way
/// Prometheus' <c>histogram_quantile</c> does (https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile),
/// and the confidence interval of a quantile comes from the order statistics that bracket it: with n observations the
/// rank of the q-quantile is Bin(n, q), so ranks [l, u] with P(l ≤ rank ≤ u) ≥ 1 − α give a distribution-free interval
/// (Hahn and Meeker, Statistical Intervals, §5.2), read off the buckets at those ranks.
/// </summary>
public sealed class Histogram
{
    private readonly HistogramBucket[] _buckets;

    public Histogram(IEnumerable<HistogramBucket> buckets)
    {
        var sorted = buckets.OrderBy(b => b.UpperBound).ToList();
        if (sorted.Count == 0 || !double.IsPositiveInfinity(sorted[^1].UpperBound))
        {
            sorted.Add(new HistogramBucket(double.PositiveInfinity, sorted.Count == 0 ? 0 : sorted[^1].CumulativeCount));
        }

        // Counts from increase() can dip between buckets by extrapolation noise: keep them monotonic, as Prometheus does.
        var max = 0.0;
        _buckets = new HistogramBucket[sorted.Count];
        for (var i = 0; i < sorted.Count; i++)
        {
            max = Math.Max(max, double.IsFinite(sorted[i].CumulativeCount) ? sorted[i].CumulativeCount : 0);
            _buckets[i] = sorted[i] with { CumulativeCount = max };
        }
    }

    public IReadOnlyList<HistogramBucket> Buckets => _buckets;

    /// <summary>Observations in all buckets (the +Inf bucket's count).</summary>
    public double Count => _buckets[^1].CumulativeCount;

    /// <summary>The q-quantile, as <c>histogram_quantile(q, …)</c> computes it; NaN without observations.</summary>
    public double Quantile(double q) => Count <= 0 ? double.NaN : ValueAtRank(q * Count);

    /// <summary>The value below which <paramref name="rank"/> observations lie, interpolating linearly inside buckets.</summary>
    public double ValueAtRank(double rank)
    {
        if (Count <= 0)
        {
            return double.NaN;
        }

        var i = 0;
        while (i < _buckets.Length - 1 && _buckets[i].CumulativeCount < rank)
        {
            i++;
        }

        if (double.IsPositiveInfinity(_buckets[i].UpperBound))
        {
            return _buckets.Length > 1 ? _buckets[^2].UpperBound : double.NaN;
        }

        var upper = _buckets[i].UpperBound;
        var lower = i == 0 ? Math.Min(0, upper) : _buckets[i - 1].UpperBound;
        var below = i == 0 ? 0 : _buckets[i - 1].CumulativeCount;
        var inBucket = _buckets[i].CumulativeCount - below;
        return inBucket <= 0 ? upper : lower + (upper - lower) * ((rank - below) / inBucket);
    }

    /// <summary>Observations above <paramref name="threshold"/>, interpolating linearly inside its bucket.</summary>
    public double CountAbove(double threshold)
    {
        var below = 0.0;
        var lower = 0.0;
        foreach (var bucket in _buckets)
        {
            if (double.IsPositiveInfinity(bucket.UpperBound))
            {
                // Beyond the last finite bound nothing is known: count none of the +Inf bucket as above (conservative).
                return 0;
            }

            if (threshold <= bucket.UpperBound)
            {
                var width = bucket.UpperBound - lower;
                var fraction = width <= 0 ? 1 : Math.Clamp((threshold - lower) / width, 0, 1);
                return Count - (below + fraction * (bucket.CumulativeCount - below));
            }

            below = bucket.CumulativeCount;
            lower = bucket.UpperBound;
        }

        return 0;
    }

    /// <summary>
    /// A distribution-free interval for the q-quantile at the given confidence. With <paramref name="dispersion"/> above 1
    /// (observations that vary more than independent ones, as over time) the ranks are found among Count / dispersion
    /// observations and scaled back, so the interval widens as the variance does. When the upper rank is beyond the
    /// observations (a high quantile of few of them: the p99's upper bound at 99% needs 528), no observation bounds the
    /// quantile from above and the upper end is +∞, never the largest bucket.
    /// </summary>
    public (double Lower, double Upper) QuantileInterval(double q, double confidence, double dispersion = 1)
    {
        var n = (long)Math.Round(Count / dispersion);
        if (n <= 0)
        {
            return (double.NaN, double.NaN);
        }

        var alpha = 1 - confidence;
        var lowRank = Binomial.Quantile(alpha / 2, n, q);
        var highRank = Binomial.Quantile(1 - alpha / 2, n, q) + 1;
        var upper = highRank > n ? double.PositiveInfinity : ValueAtRank(Math.Min(Count, highRank * dispersion));
        return (ValueAtRank(Math.Max(lowRank, 0) * dispersion), upper);
    }

    /// <summary>The finite <c>le</c> bounds, in order.</summary>
    public IEnumerable<double> FiniteBounds => _buckets.Select(b => b.UpperBound).Where(double.IsFinite);

    /// <summary>
    /// The same observations on the given bounds only (a +Inf bucket added): buckets between them merged. Exact on every
    /// bound this histogram has; two histograms with different <c>le</c> sets compare on the bounds they share.
    /// </summary>
    public Histogram OnBounds(IEnumerable<double> bounds) =>
        new(bounds.Where(double.IsFinite).Select(le => new HistogramBucket(le, CumulativeAt(le))).Append(new HistogramBucket(double.PositiveInfinity, Count)));

    /// <summary>The element-wise sum of two histograms with the same bounds (e.g. two intervals).</summary>
    public static Histogram Sum(Histogram a, Histogram b)
    {
        var bounds = a._buckets.Select(x => x.UpperBound).Union(b._buckets.Select(x => x.UpperBound));
        return new Histogram(bounds.Select(le => new HistogramBucket(le, a.CumulativeAt(le) + b.CumulativeAt(le))));
    }

    private double CumulativeAt(double le)
    {
        var count = 0.0;
        foreach (var bucket in _buckets)
        {
            if (bucket.UpperBound > le)
            {
                break;
            }

            count = bucket.CumulativeCount;
        }

        return count;
    }
}
