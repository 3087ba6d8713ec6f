namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// Counts the distinct finite values of a raw sample in an open-addressing hash table (<see cref="TieCounter"/>), for
/// columns with many ties (rounded measurements, counts, categories coded as numbers). Sorting the few distinct values
/// then replaces sorting all of them: one pass over the data, the table in cache. A sample with more distinct values
/// than an eighth of its size or <see cref="MaxDistinct"/> is refused once it gets there (the caller sorts it
/// instead), so continuous data pays for hashing about a million values before it is sorted.
/// </summary>
public static class TieCount
{
    /// <summary>The most distinct values counted (then in 256 partitions of 16-byte entries at most half full, 32 to 64 MB in all).</summary>
    public const int MaxDistinct = 1 << 20;

    /// <summary>
    /// The distribution of the finite values of <paramref name="values"/> as distinct values with counts, marked raw
    /// so its figures are those of the sorted values; null when the values have too few ties to be worth counting.
    /// −0.0 counts as 0.0 (they are equal, as in a sort-and-compare walk).
    /// </summary>
    public static EmpiricalDistribution? TryCount(ReadOnlySpan<double> values)
    {
        if (values.Length >= 4 * SampleSize && !FewDistinct(Sample(values), values.Length))
        {
            return null;
        }

        var counter = new TieCounter(Limit(values.Length));
        try
        {
            return counter.Add(values) ? counter.Result() : null;
        }
        finally
        {
            counter.Release();
        }
    }

    /// <summary>The same over a sample held in pieces (<paramref name="parts"/> in order, <paramref name="length"/> values in all).</summary>
    public static EmpiricalDistribution? TryCount(IReadOnlyList<double[]> parts, long length)
    {
        if (length >= 4 * SampleSize && !FewDistinct(Sample(parts, length), length))
        {
            return null;
        }

        var counter = new TieCounter(Limit(length));
        try
        {
            foreach (var part in parts)
            {
                if (!counter.Add(part))
                {
                    return null;
                }
            }

            return counter.Result();
        }
        finally
        {
            counter.Release();
        }
    }

    /// <summary>
    /// Whether <paramref name="values"/>, the first of <paramref name="length"/> values, repeat enough to be worth
    /// counting (by the same sampled guess as <see cref="TryCount(ReadOnlySpan{double})"/>); always true under
    /// <c>4 × SampleSize</c> values.
    /// </summary>
    internal static bool WorthCounting(ReadOnlySpan<double> values, long length) =>
        values.Length < 4 * SampleSize || FewDistinct(Sample(values), length);

    // The most distinct values a sample of this length is counted with: beyond, sorting it is the cheaper way.
    private static long Limit(long length) => Math.Min(MaxDistinct, length / 8);

    /// <summary>How many values, spread evenly over a large sample, are looked at before counting it.</summary>
    public const int SampleSize = 1 << 15;

    // Whether values taken evenly across a sample repeat often enough that it may have few enough distinct values to
    // count. Drawing s values from D equally likely ones repeats about s − D·(1 − e^(−s/D)) of them; the sample is
    // given up when its repeats are under half of what D at the limit would give. Uneven frequencies repeat more, so
    // the guess errs towards trying to count (and giving up at the limit, as before). It never changes a figure,
    // only which of two exact ways computes it.
    private static bool FewDistinct(List<double> sample, long length)
    {
        var set = new TieTable(1 << 17);
        var zeros = 0;
        foreach (var v in sample)
        {
            var bits = BitConverter.DoubleToUInt64Bits(v) & ~(v == 0 ? 0x8000_0000_0000_0000UL : 0);
            if (bits == 0)
            {
                zeros = 1;
            }
            else
            {
                set.Add(bits);
            }
        }

        set.Release();
        double s = sample.Count, limit = Limit(length);
        var repeats = s - set.Count - zeros;
        return repeats >= (s - (limit * (1 - Math.Exp(-s / limit)))) / 2;
    }

    // The finite values at SampleSize evenly spaced positions of the pieces (length values in all).
    private static List<double> Sample(IReadOnlyList<double[]> parts, long length)
    {
        var sample = new List<double>(SampleSize);
        var step = length / SampleSize;
        long next = 0, start = 0;
        foreach (var part in parts)
        {
            var n = (int)Math.Min(part.Length, length - start);
            next = Take(part.AsSpan(0, n), next - start, step, sample) + start;
            start += n;
        }

        return sample;
    }

    private static List<double> Sample(ReadOnlySpan<double> values)
    {
        var sample = new List<double>(SampleSize);
        Take(values, 0, values.Length / SampleSize, sample);
        return sample;
    }

    // Adds the finite values at first, first + step, … of the piece; returns the next position (past its end).
    private static long Take(ReadOnlySpan<double> piece, long first, long step, List<double> sample)
    {
        var at = first;
        for (; at < piece.Length; at += step)
        {
            if (double.IsFinite(piece[(int)at]))
            {
                sample.Add(piece[(int)at]);
            }
        }

        return at;
    }
}
