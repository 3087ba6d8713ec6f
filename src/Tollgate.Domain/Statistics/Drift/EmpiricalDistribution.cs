namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// A numeric sample as sorted values with counts: the raw data (every value counted once, ties repeated) or a
/// sketch's buckets (distinct values with their counts). Every drift statistic on numbers is computed from this, so a
/// merged profile and the whole data give the same figures. A large raw sample may also be held unsorted
/// (<see cref="Unsorted"/>): <see cref="BucketedComparison"/> compares it without sorting it, and anything that asks
/// for <see cref="Values"/> gets them sorted (once, in place; not safe for concurrent first use).
/// </summary>
public sealed class EmpiricalDistribution
{
    private double[] values;
    private readonly int length;
    private readonly long[]? counts;
    private ReadOnlyMemory<double>[]? parts;
    private bool sorted;
    private (double Mean, double Variance)? moments;

    private EmpiricalDistribution(double[] values, int length, long[]? counts, long total, bool sorted = true)
    {
        this.values = values;
        this.length = length;
        this.counts = counts;
        this.sorted = sorted;
        Total = total;
    }

    /// <summary>Sorted ascending; distinct when <see cref="Counts"/> is given, else each value counts once.</summary>
    public ReadOnlySpan<double> Values
    {
        get
        {
            if (!sorted)
            {
                RadixSort.Sort(Join().AsSpan(0, length));
                sorted = true;
            }

            return values.AsSpan(0, length);
        }
    }

    /// <summary>Whether the values are held sorted (false only for an <see cref="Unsorted"/> sample not yet sorted).</summary>
    public bool IsSorted => sorted;

    /// <summary>The values as held, in the pieces they are held in: sorted, or for an <see cref="Unsorted"/> sample in the order they came.</summary>
    internal ReadOnlyMemory<double>[] HeldParts => parts ?? [values.AsMemory(0, length)];

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
    /// Moves the finite values of <paramref name="values"/> to its front, in order, and returns how many there are;
    /// a column with nothing missing (checked a vector at a time) is left as it is.
    /// </summary>
    public static int GatherFinite(Span<double> values)
    {
        var vectors = System.Runtime.InteropServices.MemoryMarshal.Cast<double, System.Numerics.Vector<ulong>>(values);
        var exponent = new System.Numerics.Vector<ulong>(0x7FF0_0000_0000_0000UL);
        var start = values.Length;
        for (var i = 0; i < vectors.Length; i++)
        {
            if (System.Numerics.Vector.EqualsAny(vectors[i] & exponent, exponent))
            {
                start = i * System.Numerics.Vector<ulong>.Count;
                break;
            }
        }

        if (start == values.Length)
        {
            start = vectors.Length * System.Numerics.Vector<ulong>.Count;
        }

        var n = start;
        for (var i = start; i < values.Length; i++)
        {
            if (double.IsFinite(values[i]))
            {
                values[n++] = values[i];
            }
        }

        return n;
    }

    /// <summary>
    /// Takes the first <paramref name="length"/> entries of <paramref name="values"/> (finite, in any order) without
    /// copying or sorting: the caller hands the array over.
    /// </summary>
    public static EmpiricalDistribution Unsorted(double[] values, int length) => new(values, length, null, length, sorted: false);

    /// <summary>
    /// Takes finite values held in pieces (each piece's first <c>Length</c> entries, in any order) without copying,
    /// joining or sorting them: the caller hands the arrays over.
    /// </summary>
    public static EmpiricalDistribution Unsorted(IReadOnlyList<(double[] Array, int Length)> pieces)
    {
        if (pieces.Count == 1)
        {
            return Unsorted(pieces[0].Array, pieces[0].Length);
        }

        var total = pieces.Sum(p => p.Length);
        return new EmpiricalDistribution([], total, null, total, sorted: false) { parts = [.. pieces.Select(p => (ReadOnlyMemory<double>)p.Array.AsMemory(0, p.Length))] };
    }

    // The pieces as one array (once; the pieces are let go).
    private double[] Join()
    {
        if (parts is not null)
        {
            var joined = GC.AllocateUninitializedArray<double>(length);
            var at = 0;
            foreach (var part in parts)
            {
                part.Span.CopyTo(joined.AsSpan(at));
                at += part.Length;
            }

            values = joined;
            parts = null;
        }

        return values;
    }

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
    /// Mean of the sample: the exact sum (<see cref="ExactSum"/>) divided by the count and rounded once, so the same
    /// sample gives the same figure to the last bit whether its values are sorted, unsorted, repeated or counted.
    /// </summary>
    public double Mean() => Moments().Mean;

    /// <summary>
    /// Population standard deviation (ddof = 0), as Evidently's normalised Wasserstein uses: the square root of the
    /// exact sum of each value's squared distance from <see cref="Mean"/> (each square rounded on its own, so the
    /// figure does not depend on order or on how ties are stored), divided by the count and rounded once.
    /// </summary>
    public double StandardDeviation() => Math.Sqrt(Moments().Variance);

    /// <summary>Whether the moments are known, so a pass over the values that computes them can leave them out.</summary>
    internal bool HasMoments => moments is not null || Total == 0;

    /// <summary>Sets the moments from sums made elsewhere over the same values (<see cref="MeanOf"/>, <see cref="VarianceOf"/>).</summary>
    internal void SetMoments(double mean, double variance) => moments = (mean, variance);

    /// <summary>The mean from the exact sum of <paramref name="n"/> values.</summary>
    internal static double MeanOf(ExactSum sum, long n) => ExactSum.Round(sum.ToScaledInteger(), n, -ExactSum.Scale);

    /// <summary>The variance from the exact sum of the rounded squares (x − mean)² (infinite when one overflowed).</summary>
    internal static double VarianceOf(ExactSum squares, long n, bool finite) =>
        finite ? ExactSum.Round(squares.ToScaledInteger(), n, -ExactSum.Scale) : double.PositiveInfinity;

    private (double Mean, double Variance) Moments()
    {
        if (moments is { } known)
        {
            return known;
        }

        if (Total == 0)
        {
            return (double.NaN, double.NaN);
        }

        var sum = new ExactSum();
        foreach (var part in HeldParts)
        {
            var held = part.Span;
            for (var i = 0; i < held.Length; i++)
            {
                if (counts is null)
                {
                    sum.Add(held[i]);
                }
                else
                {
                    sum.AddTimes(held[i], counts[i]);
                }
            }
        }

        var mean = MeanOf(sum, Total);
        var squares = new ExactSum();
        var finite = true;
        foreach (var part in HeldParts)
        {
            var held = part.Span;
            for (var i = 0; i < held.Length; i++)
            {
                var d = held[i] - mean;
                var square = d * d;
                finite &= double.IsFinite(square);
                if (counts is null)
                {
                    squares.Add(square);
                }
                else
                {
                    squares.AddTimes(square, counts[i]);
                }
            }
        }

        moments = (mean, VarianceOf(squares, Total, finite));
        return moments.Value;
    }

    /// <summary>The q-quantile by the inverted empirical CDF (the smallest value with F(x) ≥ q).</summary>
    public double Quantile(double q)
    {
        var target = q * Total;
        var v = Values;
        if (counts is null)
        {
            return v[(int)RankOf(q, Total)];
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
        var low = AtMost(Values, x);
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

    /// <summary>How many entries of the ascending <paramref name="sorted"/> are at most <paramref name="x"/>.</summary>
    internal static int AtMost(ReadOnlySpan<double> sorted, double x)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var mid = (int)((uint)(low + high) >> 1);
            if (sorted[mid] <= x)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    /// <summary>The 0-based rank of the q-quantile among <paramref name="total"/> sorted values each counted once (<see cref="Quantile"/>).</summary>
    internal static long RankOf(double q, long total) => Math.Clamp((long)Math.Ceiling(q * total) - 1, 0, total - 1);
}
