using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// Counts the distinct finite values of a raw sample in an open-addressing hash table, for columns with many ties
/// (rounded measurements, counts, categories coded as numbers). Sorting the few distinct values then replaces
/// sorting all of them: one pass over the data, the table in cache. A sample with more distinct values than an eighth
/// of its size or <see cref="MaxDistinct"/> is refused as soon as it gets there (the caller sorts it instead), so
/// continuous data pays for hashing at most a million values before it is sorted.
/// </summary>
public static class TieCount
{
    /// <summary>The most distinct values counted (a table of twice as many slots, 24 MB, stays in the last-level cache).</summary>
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

        var counter = new Counter(values.Length);
        return counter.Add(values) ? counter.Result() : null;
    }

    /// <summary>The same over a sample held in pieces (<paramref name="parts"/> in order, <paramref name="length"/> values in all).</summary>
    public static EmpiricalDistribution? TryCount(IReadOnlyList<double[]> parts, long length)
    {
        if (length >= 4 * SampleSize && !FewDistinct(Sample(parts, length), length))
        {
            return null;
        }

        var counter = new Counter(length);
        foreach (var part in parts)
        {
            if (!counter.Add(part))
            {
                return null;
            }
        }

        return counter.Result();
    }

    /// <summary>How many values, spread evenly over a large sample, are looked at before counting it.</summary>
    public const int SampleSize = 1 << 15;

    // Whether values taken evenly across a sample repeat often enough that it may have few enough distinct values to
    // count. Drawing s values from D equally likely ones repeats about s − D·(1 − e^(−s/D)) of them; the sample is
    // given up when its repeats are under half of what D at the limit would give. Uneven frequencies repeat more, so
    // the guess errs towards trying to count (and giving up at the limit, as before). It never changes a figure,
    // only which of two exact ways computes it.
    private static bool FewDistinct(List<double> sample, long length)
    {
        var set = new Table(1 << 17);
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

        double s = sample.Count, limit = Math.Min(MaxDistinct, length / 8);
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

    private sealed class Counter(long length)
    {
        private readonly long limit = Math.Min(MaxDistinct, length / 8);
        private Table table = new(1 << 12);
        private long zeros;

        // False once the values have too many distinct values (or too few values) to be worth counting.
        public bool Add(ReadOnlySpan<double> values)
        {
            if (limit < 16)
            {
                return false;
            }

            ref var v0 = ref MemoryMarshal.GetReference(values);
            for (var i = 0; i < values.Length; i++)
            {
                var v = Unsafe.Add(ref v0, i);
                if (!double.IsFinite(v))
                {
                    continue;
                }

                var bits = BitConverter.DoubleToUInt64Bits(v) & ~(v == 0 ? 0x8000_0000_0000_0000UL : 0);
                if (bits == 0)
                {
                    zeros++;
                    continue;
                }

                table.Add(bits);
                if (table.Count > limit)
                {
                    return false;
                }
            }

            return true;
        }

        public EmpiricalDistribution Result()
        {
            var distinct = table.Count + (zeros > 0 ? 1 : 0);
            var sorted = new double[distinct];
            var counts = new long[distinct];
            table.CopyTo(sorted, counts);
            if (zeros > 0)
            {
                counts[^1] = zeros;
            }

            sorted.AsSpan().Sort(counts.AsSpan());
            return EmpiricalDistribution.FromRawCounts(sorted, counts);
        }
    }

    // Linear probing on the value's bits (0 marks an empty slot, so 0.0 is counted apart), doubling at half full.
    private struct Table(int capacity)
    {
        private ulong[] keys = new ulong[capacity];
        private int[] counts = new int[capacity];
        private int shift = 64 - BitOperations.Log2((uint)capacity);

        public int Count { get; private set; }

        public void Add(ulong key)
        {
            var mask = keys.Length - 1;
            var slot = (int)((key * 0x9E37_79B9_7F4A_7C15UL) >> shift);
            ref var k0 = ref MemoryMarshal.GetArrayDataReference(keys);
            while (true)
            {
                var k = Unsafe.Add(ref k0, slot);
                if (k == key)
                {
                    Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(counts), slot)++;
                    return;
                }

                if (k == 0)
                {
                    Unsafe.Add(ref k0, slot) = key;
                    Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(counts), slot) = 1;
                    if (++Count * 2 > keys.Length)
                    {
                        Grow();
                    }

                    return;
                }

                slot = (slot + 1) & mask;
            }
        }

        public readonly void CopyTo(double[] values, long[] valueCounts)
        {
            var n = 0;
            for (var s = 0; s < keys.Length; s++)
            {
                if (keys[s] != 0)
                {
                    values[n] = BitConverter.UInt64BitsToDouble(keys[s]);
                    valueCounts[n++] = counts[s];
                }
            }
        }

        private void Grow()
        {
            var oldKeys = keys;
            var oldCounts = counts;
            keys = new ulong[oldKeys.Length * 2];
            counts = new int[oldKeys.Length * 2];
            shift--;
            var mask = keys.Length - 1;
            for (var s = 0; s < oldKeys.Length; s++)
            {
                if (oldKeys[s] != 0)
                {
                    var slot = (int)((oldKeys[s] * 0x9E37_79B9_7F4A_7C15UL) >> shift);
                    while (keys[slot] != 0)
                    {
                        slot = (slot + 1) & mask;
                    }

                    keys[slot] = oldKeys[s];
                    counts[slot] = oldCounts[s];
                }
            }
        }
    }
}
