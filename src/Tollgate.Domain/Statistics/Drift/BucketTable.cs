using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// The buckets of <see cref="BucketedComparison"/>: a value's bucket comes from its IEEE 754 bits (the table entry of
/// its key's sign and exponent gives the binade's first bucket and how many mantissa bits to drop), so buckets are in
/// value order, a bucket lies in one binade, and equal values (−0.0 and 0.0 too) share one. Each binade gets a power of
/// two of buckets, as many as a strided sample of both samples says it needs for about <see cref="TargetPerBucket"/>
/// values each. Counting a value also sums its offset in the bucket, which with the count gives the bucket's exact sum.
/// </summary>
internal static class BucketTable
{
    /// <summary>
    /// Values of both samples per bucket that the table aims at. Larger buckets make counting faster (fewer cells to
    /// update at random) but leave more values to set aside where the samples agree: with 1,024, a quarter of two
    /// samples of 10 million from one distribution, and the comparison took longer in whole runs.
    /// </summary>
    public const int TargetPerBucket = 256;

    private const int SampleSize = 4096;
    private const int MaxBits = 24;
    private const ulong Mantissa = (1UL << 52) - 1;

    // The value's radix-sort key (RadixSort.ToKey), with −0.0 read as 0.0, as == does.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Key(double x) => RadixSort.ToKey(BitConverter.DoubleToUInt64Bits(x + 0.0));

    // Bucket of a value: the table entry of its key's top twelve bits (sign and exponent) holds the binade's first
    // bucket (above bit 8) and how far to shift its 52 mantissa bits (low 8 bits).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Bucket(double x, ref ulong table)
    {
        var key = Key(x);
        var entry = Unsafe.Add(ref table, (nint)(key >> 52));
        return (int)(entry >> 8) + (int)((key & Mantissa) >> (int)(entry & 0xFF));
    }

    // Splits each binade into a power of two of buckets by its share of a strided sample of both samples.
    internal static ulong[] Table(ReadOnlyMemory<double>[] reference, ReadOnlyMemory<double>[] current, out int buckets)
    {
        var expected = new double[4096];
        Sample(reference, expected);
        Sample(current, expected);
        var table = new ulong[4096];
        long start = 0;
        for (var t = 0; t < table.Length; t++)
        {
            var bits = expected[t] <= TargetPerBucket ? 0 : Math.Min(MaxBits, (int)Math.Ceiling(Math.Log2(expected[t] / TargetPerBucket)));
            table[t] = ((ulong)start << 8) | (uint)(52 - bits);
            start += 1L << bits;
        }

        buckets = (int)start;
        return table;
    }

    private static void Sample(ReadOnlyMemory<double>[] parts, double[] expected)
    {
        var length = parts.Sum(p => (long)p.Length);
        var step = Math.Max(1, length / SampleSize);
        var taken = (length + step - 1) / step;
        var weight = length / (double)taken;
        long at = 0;
        foreach (var part in parts)
        {
            var values = part.Span;
            for (var i = (int)((step - (at % step)) % step); i < values.Length; i += (int)step)
            {
                expected[Key(values[i]) >> 52] += weight;
            }

            at += values.Length;
        }
    }

    // Counts the values by bucket and sums the bits below each value's bucket (its offset within the bucket): a
    // bucket lies in one binade, so those sums and the counts give the exact sum of its values (BucketSums). Count
    // and offsets share a 16-byte cell, one cache line per value.
    internal static void Count(ReadOnlyMemory<double>[] parts, ulong[] table, Span<ulong> cells)
    {
        cells.Clear();
        ref var t0 = ref MemoryMarshal.GetArrayDataReference(table);
        ref var c0 = ref MemoryMarshal.GetReference(cells);
        foreach (var part in parts)
        {
            Count(part.Span, ref t0, ref c0);
        }
    }

    private static void Count(ReadOnlySpan<double> values, ref ulong t0, ref ulong c0)
    {
        foreach (var x in values)
        {
            var key = Key(x);
            var entry = Unsafe.Add(ref t0, (nint)(key >> 52));
            var shift = (int)(entry & 0xFF);
            var at = 2 * ((int)(entry >> 8) + (int)((key & Mantissa) >> shift));
            Unsafe.Add(ref c0, at)++;
            Unsafe.Add(ref c0, at + 1) += key & ((1UL << shift) - 1);
        }
    }

    // Adds each bucket's exact sum to the area (Above and Below buckets) and to the reference's sum (every bucket, when
    // asked for). A bucket whose offsets may have overflowed 64 bits is marked Overflow (resolved value by value);
    // returns whether the reference has values in one, so that its sum needs them added one by one (AddOverflowed).
    internal static bool BucketSums(ulong[] table, ulong[] rc, ulong[] cc, byte[] plan, EcdfArea area, ExactSum? sum)
    {
        var (referenceArea, currentArea) = area.Sums;
        var unsafeReference = false;
        for (var t = 0; t < table.Length; t++)
        {
            var start = (int)(table[t] >> 8);
            var shift = (int)(table[t] & 0xFF);
            var (negative, exponent, hidden) = Binade(t);
            for (var j = 0; j < 1 << (52 - shift); j++)
            {
                var b = start + j;
                ulong a = rc[2 * b], d = cc[2 * b];
                if (a + d == 0)
                {
                    continue;
                }

                if (64 - (int)ulong.LeadingZeroCount(Math.Max(a, d)) + shift > 64)
                {
                    plan[b] = BucketedComparison.Overflow;
                    unsafeReference |= a > 0;
                    continue;
                }

                var low = (ulong)j << shift;
                var r = Magnitude(a, rc[(2 * b) + 1], negative, hidden, low);
                var c = Magnitude(d, cc[(2 * b) + 1], negative, hidden, low);
                if (plan[b] < BucketedComparison.Resolve)
                {
                    // Reference values weigh −m above zero, +m below; current ones +n above, −n below.
                    referenceArea.AddScaled(r, exponent, negative ^ (plan[b] == BucketedComparison.Above));
                    currentArea.AddScaled(c, exponent, negative ^ (plan[b] == BucketedComparison.Below));
                }

                sum?.AddScaled(r, exponent, negative);
            }
        }

        return unsafeReference && sum is not null;
    }

    /// <summary>
    /// What a binade (a key's top twelve bits) says of its values: whether they are negative, the exponent of their
    /// significands' last bit, and the hidden bit (0 for zero and subnormals).
    /// </summary>
    internal static (bool Negative, int Exponent, ulong Hidden) Binade(int t)
    {
        var negative = t < 2048;
        var field = negative ? 2047 - t : t - 2048;
        return (negative, Math.Max(field, 1) - 1075, field == 0 ? 0 : 1UL << 52);
    }

    // Σ significands of a bucket's `count` values from the sum of their offsets: a negative value's key holds its
    // mantissa bits inverted.
    internal static UInt128 Magnitude(ulong count, ulong offsets, bool negative, ulong hidden, ulong low) =>
        negative
            ? ((UInt128)count * (hidden + Mantissa - low)) - offsets
            : ((UInt128)count * (hidden + low)) + offsets;

    // The reference's values in Overflow buckets, added one by one.
    internal static void AddOverflowed(ReadOnlyMemory<double>[] parts, ulong[] table, byte[] plan, ExactSum sum)
    {
        ref var t0 = ref MemoryMarshal.GetArrayDataReference(table);
        foreach (var part in parts)
        {
            foreach (var x in part.Span)
            {
                if (plan[Bucket(x, ref t0)] == BucketedComparison.Overflow)
                {
                    sum.Add(x);
                }
            }
        }
    }
}
