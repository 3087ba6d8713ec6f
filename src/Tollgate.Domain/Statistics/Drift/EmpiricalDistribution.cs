namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// A numeric sample as sorted values with counts: the raw data (every value counted once, ties repeated) or a
/// sketch's buckets (distinct values with their counts). Every drift statistic on numbers is computed from this, so a
/// merged profile and the whole data give the same figures.
/// </summary>
public sealed class EmpiricalDistribution
{
    private readonly double[] values;
    private readonly int length;
    private readonly long[]? counts;

    private EmpiricalDistribution(double[] values, int length, long[]? counts, long total)
    {
        this.values = values;
        this.length = length;
        this.counts = counts;
        Total = total;
    }

    /// <summary>Sorted ascending; distinct when <see cref="Counts"/> is given, else each value counts once.</summary>
    public ReadOnlySpan<double> Values => values.AsSpan(0, length);

    /// <summary>How often each of <see cref="Values"/> occurs, or null when each counts once.</summary>
    public ReadOnlySpan<long> Counts => counts is null ? default : counts.AsSpan(0, length);

    /// <summary>Whether every entry of <see cref="Values"/> counts once (a raw sample).</summary>
    public bool UnitCounts => counts is null;

    public long Total { get; }

    /// <summary>How often <see cref="Values"/>[i] counts.</summary>
    public long CountAt(int i) => counts is null ? 1 : counts[i];

    /// <summary>From raw values (NaN and infinities dropped, as Evidently does); sorts a copy.</summary>
    public static EmpiricalDistribution FromValues(ReadOnlySpan<double> values)
    {
        var copy = new double[values.Length];
        var n = 0;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                copy[n++] = v;
            }
        }

        RadixSort.Sort(copy.AsSpan(0, n));
        return new EmpiricalDistribution(copy, n, null, n);
    }

    /// <summary>From values already sorted ascending and finite (copied).</summary>
    public static EmpiricalDistribution FromSorted(ReadOnlySpan<double> sorted) => new(sorted.ToArray(), sorted.Length, null, sorted.Length);

    /// <summary>
    /// Takes the first <paramref name="length"/> entries of <paramref name="sorted"/> (ascending, finite) without
    /// copying: the caller hands the array over and must not change it afterwards.
    /// </summary>
    public static EmpiricalDistribution Own(double[] sorted, int length) => new(sorted, length, null, length);

    /// <summary>
    /// From sorted distinct values and their (positive) counts: a sketch's buckets, or a raw sample counted by value
    /// (the caller hands both arrays over), whose every figure then equals that of the sorted values with ties
    /// repeated, to the last bit.
    /// </summary>
    public static EmpiricalDistribution FromCounts(double[] values, long[] counts)
    {
        if (values.Length != counts.Length)
        {
            throw new ArgumentException("values and counts differ in length");
        }

        long total = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (counts[i] <= 0 || (i > 0 && !(values[i] > values[i - 1])))
            {
                throw new ArgumentException("values must be strictly increasing with positive counts");
            }

            total += counts[i];
        }

        return new EmpiricalDistribution(values, values.Length, counts, total);
    }

    /// <summary>
    /// Mean of the sample: each run of equal values adds value × count once, in ascending order, so the same sample
    /// gives the same figure to the last bit whether its ties are repeated or counted (−0.0 and 0.0 are one run).
    /// </summary>
    public double Mean()
    {
        double sum = 0;
        var v = Values;
        for (var i = 0; i < v.Length;)
        {
            var (x, n, next) = Run(v, i);
            sum += x * n;
            i = next;
        }

        return Total == 0 ? double.NaN : sum / Total;
    }

    /// <summary>Population standard deviation (ddof = 0), as Evidently's normalised Wasserstein uses; summed by runs as <see cref="Mean"/>.</summary>
    public double StandardDeviation()
    {
        var mean = Mean();
        double sum = 0;
        var v = Values;
        for (var i = 0; i < v.Length;)
        {
            var (x, n, next) = Run(v, i);
            var d = x - mean;
            sum += d * d * n;
            i = next;
        }

        return Total == 0 ? double.NaN : Math.Sqrt(sum / Total);
    }

    // The run of values equal to v[i]: the value, how often it counts in all, and where the next run starts.
    private (double Value, double Count, int Next) Run(ReadOnlySpan<double> v, int i)
    {
        var x = v[i];
        var n = CountAt(i);
        var j = i + 1;
        while (j < v.Length && v[j] == x)
        {
            n += CountAt(j++);
        }

        return (x, n, j);
    }

    /// <summary>The q-quantile by the inverted empirical CDF (the smallest value with F(x) ≥ q).</summary>
    public double Quantile(double q)
    {
        var target = q * Total;
        var v = Values;
        if (counts is null)
        {
            var index = (long)Math.Ceiling(target) - 1;
            return v[(int)Math.Clamp(index, 0, v.Length - 1)];
        }

        long cumulative = 0;
        for (var i = 0; i < v.Length; i++)
        {
            cumulative += counts[i];
            if (cumulative >= target)
            {
                return v[i];
            }
        }

        return v[^1];
    }

    /// <summary>How many values are at most <paramref name="x"/>.</summary>
    public long CountAtMost(double x)
    {
        var v = Values;
        int low = 0, high = v.Length;
        while (low < high)
        {
            var mid = (int)((uint)(low + high) >> 1);
            if (v[mid] <= x)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        if (counts is null)
        {
            return low;
        }

        long sum = 0;
        for (var i = 0; i < low; i++)
        {
            sum += counts[i];
        }

        return sum;
    }
}
