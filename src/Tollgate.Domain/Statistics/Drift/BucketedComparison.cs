using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// Compares two raw samples without sorting them, with the figures of the sorted merge walk to the last bit. The
/// values are counted into buckets by their IEEE 754 bits (each binary exponent split into as many buckets as a
/// sample of the values says it needs, about <see cref="TargetPerBucket"/> values each), and the walk goes over the
/// buckets: at a bucket's edges the lattice gap s = i·m − j·n is exact, and inside it s stays between
/// s + (reference values)·m and s − (current values)·n. So only a few buckets need their values sorted: where s may
/// cross zero (the area changes sign), where the bound exceeds the largest gap seen at any edge (KS's K could be
/// there), and where a quantile edge or the reference's maximum falls. Every other value is summed exactly by sample
/// and side of zero (<see cref="EcdfArea"/>). The values are read three times (count, sum or set aside, and a sample),
/// never written, and the sorted part is a small share of them when the buckets are fine.
/// </summary>
internal static class BucketedComparison
{
    /// <summary>Values of both samples per bucket that the table aims at.</summary>
    public const int TargetPerBucket = 256;

    private const int SampleSize = 4096;
    private const int MaxBits = 24;
    private const ulong Mantissa = (1UL << 52) - 1;
    private const byte Above = 0, Below = 1, Resolve = 2, Overflow = 3;

    /// <summary>
    /// Compares two raw samples (unit counts) as held. The reference's moments, when not yet known, are summed in the
    /// same passes (its values are read no more often for them).
    /// </summary>
    public static NumericComparison Compare(EmpiricalDistribution referenceSample, EmpiricalDistribution currentSample, int bins)
    {
        var reference = referenceSample.HeldParts;
        var current = currentSample.HeldParts;
        long n = referenceSample.Total, m = currentSample.Total;
        var table = Table(reference, current, out var buckets);
        var referenceCells = ArrayPool<ulong>.Shared.Rent(2 * buckets);
        var currentCells = ArrayPool<ulong>.Shared.Rent(2 * buckets);
        var referenceCounts = ArrayPool<int>.Shared.Rent(buckets);
        var currentCounts = ArrayPool<int>.Shared.Rent(buckets);
        var plan = ArrayPool<byte>.Shared.Rent(buckets);
        try
        {
            Count(reference, table, referenceCells.AsSpan(0, 2 * buckets), referenceCounts);
            Count(current, table, currentCells.AsSpan(0, 2 * buckets), currentCounts);
            var ranks = Ranks(n, bins);
            var (lower, lastReference) = Plan(referenceCounts, currentCounts, plan, buckets, n, m, ranks);
            var area = new EcdfArea(n, m);
            var sum = referenceSample.HasMoments ? null : new ExactSum();
            if (BucketSums(table, referenceCells, currentCells, plan, area, sum))
            {
                AddOverflowed(reference, table, plan, sum!);
            }

            var mean = sum is null ? 0 : EmpiricalDistribution.MeanOf(sum, n);
            var squares = sum is null ? null : new ExactSum();
            var setAside = SetAside(reference, current, table, plan, referenceCounts, currentCounts, buckets, squares, mean, out var finite);
            if (squares is not null)
            {
                referenceSample.SetMoments(mean, EmpiricalDistribution.VarianceOf(squares, n, finite));
            }

            var result = Walk(referenceCounts, currentCounts, plan, buckets, n, m, ranks, lower, lastReference, area, setAside);
            ArrayPool<double>.Shared.Return(setAside.Reference);
            ArrayPool<double>.Shared.Return(setAside.Current);
            return result;
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(referenceCells);
            ArrayPool<ulong>.Shared.Return(currentCells);
            ArrayPool<int>.Shared.Return(referenceCounts);
            ArrayPool<int>.Shared.Return(currentCounts);
            ArrayPool<byte>.Shared.Return(plan);
        }
    }

    // Bucket of a value: the table entry of its key's top twelve bits (sign and exponent) holds the binade's first
    // bucket (above bit 8) and how far to shift its 52 mantissa bits (low 8 bits). −0.0 is read as 0.0, as == does.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Bucket(double x, ref ulong table)
    {
        var bits = BitConverter.DoubleToUInt64Bits(x + 0.0);
        var key = bits ^ ((ulong)((long)bits >> 63) | 0x8000_0000_0000_0000UL);
        var entry = Unsafe.Add(ref table, (nint)(key >> 52));
        return (int)(entry >> 8) + (int)((key & Mantissa) >> (int)(entry & 0xFF));
    }

    // Splits each binade into a power of two of buckets by its share of a strided sample of both samples.
    private static ulong[] Table(ReadOnlyMemory<double>[] reference, ReadOnlyMemory<double>[] current, out int buckets)
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
                var bits = BitConverter.DoubleToUInt64Bits(values[i] + 0.0);
                var key = bits ^ ((ulong)((long)bits >> 63) | 0x8000_0000_0000_0000UL);
                expected[key >> 52] += weight;
            }

            at += values.Length;
        }
    }

    // Counts the values by bucket and sums the bits below each value's bucket (its offset within the bucket): a
    // bucket lies in one binade, so those sums and the counts give the exact sum of its values (BucketSums). Count
    // and offsets share a 16-byte cell, one cache line per value.
    private static void Count(ReadOnlyMemory<double>[] parts, ulong[] table, Span<ulong> cells, int[] counts)
    {
        cells.Clear();
        ref var t0 = ref MemoryMarshal.GetArrayDataReference(table);
        ref var c0 = ref MemoryMarshal.GetReference(cells);
        foreach (var part in parts)
        {
            Count(part.Span, ref t0, ref c0);
        }

        for (var b = 0; b < cells.Length / 2; b++)
        {
            counts[b] = (int)cells[2 * b];
        }
    }

    private static void Count(ReadOnlySpan<double> values, ref ulong t0, ref ulong c0)
    {
        foreach (var x in values)
        {
            var bits = BitConverter.DoubleToUInt64Bits(x + 0.0);
            var key = bits ^ ((ulong)((long)bits >> 63) | 0x8000_0000_0000_0000UL);
            var entry = Unsafe.Add(ref t0, (nint)(key >> 52));
            var shift = (int)(entry & 0xFF);
            var at = 2 * ((int)(entry >> 8) + (int)((key & Mantissa) >> shift));
            Unsafe.Add(ref c0, at)++;
            Unsafe.Add(ref c0, at + 1) += key & ((1UL << shift) - 1);
        }
    }

    // Adds each bucket's exact sum to the area (Above and Below buckets) and to the reference's sum (every bucket,
    // when asked for). A bucket whose offsets may have overflowed 64 bits is marked Overflow (resolved value by value);
    // returns whether the reference has values in one, so that its sum needs them added one by one (AddOverflowed).
    private static bool BucketSums(ulong[] table, ulong[] rc, ulong[] cc, byte[] plan, EcdfArea area, ExactSum? sum)
    {
        var (referenceArea, currentArea) = area.Sums;
        var unsafeReference = false;
        for (var t = 0; t < table.Length; t++)
        {
            var start = (int)(table[t] >> 8);
            var shift = (int)(table[t] & 0xFF);
            var negative = t < 2048;
            var field = negative ? 2047 - t : t - 2048;
            var exponent = Math.Max(field, 1) - 1075;
            var hidden = field == 0 ? 0 : 1UL << 52;
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
                    plan[b] = Overflow;
                    unsafeReference |= a > 0;
                    continue;
                }

                var low = (ulong)j << shift;
                var r = Magnitude(a, rc[(2 * b) + 1], negative, hidden, low);
                var c = Magnitude(d, cc[(2 * b) + 1], negative, hidden, low);
                if (plan[b] < Resolve)
                {
                    // Reference values weigh −m above zero, +m below; current ones +n above, −n below.
                    referenceArea.AddScaled(r, exponent, negative ^ (plan[b] == Above));
                    currentArea.AddScaled(c, exponent, negative ^ (plan[b] == Below));
                }

                sum?.AddScaled(r, exponent, negative);
            }
        }

        return unsafeReference && sum is not null;
    }

    // Σ significands of a bucket's `count` values from the sum of their offsets: a negative value's key holds its
    // mantissa bits inverted.
    private static UInt128 Magnitude(ulong count, ulong offsets, bool negative, ulong hidden, ulong low) =>
        negative
            ? ((UInt128)count * (hidden + Mantissa - low)) - offsets
            : ((UInt128)count * (hidden + low)) + offsets;

    // The reference's values in Overflow buckets, added one by one.
    private static void AddOverflowed(ReadOnlyMemory<double>[] parts, ulong[] table, byte[] plan, ExactSum sum)
    {
        ref var t0 = ref MemoryMarshal.GetArrayDataReference(table);
        foreach (var part in parts)
        {
            foreach (var x in part.Span)
            {
                if (plan[Bucket(x, ref t0)] == Overflow)
                {
                    sum.Add(x);
                }
            }
        }
    }

    // The reference ranks whose values are the quantile edges, as EmpiricalDistribution.Quantile picks them.
    private static long[] Ranks(long n, int bins)
    {
        var ranks = new long[Math.Max(0, bins - 1)];
        for (var b = 1; b < bins; b++)
        {
            ranks[b - 1] = Math.Clamp((long)Math.Ceiling(b / (double)bins * n) - 1, 0, n - 1);
        }

        return ranks;
    }

    // Marks each bucket Above or Below zero, or Resolve; returns the largest gap at any bucket edge and the last bucket
    // holding reference values.
    private static (long Lower, int LastReference) Plan(int[] rc, int[] cc, byte[] plan, int buckets, long n, long m, long[] ranks)
    {
        long s = 0, lower = 0, below = 0;
        int q = 0, lastReference = 0;
        for (var b = 0; b < buckets; b++)
        {
            long a = rc[b], d = cc[b];
            if (a + d == 0)
            {
                continue;
            }

            plan[b] = s - (d * n) >= 0 ? Above : s + (a * m) <= 0 ? Below : Resolve;
            for (; q < ranks.Length && ranks[q] < below + a; q++)
            {
                plan[b] = Resolve;
            }

            lastReference = a > 0 ? b : lastReference;
            below += a;
            s += (a * m) - (d * n);
            lower = Math.Max(lower, Math.Abs(s));
        }

        plan[lastReference] = Resolve;
        s = 0;
        for (var b = 0; b < buckets; b++)
        {
            long a = rc[b], d = cc[b];
            if (a + d > 0 && Math.Max(Math.Abs(s + (a * m)), Math.Abs(s - (d * n))) > lower)
            {
                plan[b] = Resolve;
            }

            s += (a * m) - (d * n);
        }

        return (lower, lastReference);
    }

    // Copies the values of Resolve and Overflow buckets out, sorted; the reference's squared distances from its mean go
    // into `squares` in the same pass, when asked for.
    private static (double[] Reference, double[] Current) SetAside(
        ReadOnlyMemory<double>[] reference, ReadOnlyMemory<double>[] current, ulong[] table, byte[] plan, int[] rc, int[] cc, int buckets,
        ExactSum? squares, double mean, out bool finite)
    {
        long r = 0, c = 0;
        for (var b = 0; b < buckets; b++)
        {
            if (plan[b] >= Resolve)
            {
                r += rc[b];
                c += cc[b];
            }
        }

        var outR = ArrayPool<double>.Shared.Rent((int)r);
        var outC = ArrayPool<double>.Shared.Rent((int)c);
        var (k, j) = (0, 0);
        finite = true;
        foreach (var part in reference)
        {
            finite &= Split(part.Span, table, plan, outR, ref k, squares, mean);
        }

        foreach (var part in current)
        {
            Split(part.Span, table, plan, outC, ref j, null, 0);
        }

        RadixSort.Sort(outR.AsSpan(0, (int)r));
        RadixSort.Sort(outC.AsSpan(0, (int)c));
        return (outR, outC);
    }

    // Returns false when a squared distance from the mean overflowed.
    private static bool Split(ReadOnlySpan<double> values, ulong[] table, byte[] plan, double[] aside, ref int k, ExactSum? squares, double mean)
    {
        ref var t0 = ref MemoryMarshal.GetArrayDataReference(table);
        ref var p0 = ref MemoryMarshal.GetArrayDataReference(plan);
        return Split(values, ref t0, ref p0, aside, ref k, squares, mean);
    }

    // `next` is where the next value set aside goes; it is read and written once, the loop keeps it in a register.
    private static bool Split(ReadOnlySpan<double> values, ref ulong t0, ref byte p0, double[] aside, ref int next, ExactSum? squares, double mean)
    {
        var k = next;
        var finite = true;
        if (squares is null)
        {
            foreach (var x in values)
            {
                if (Unsafe.Add(ref p0, Bucket(x, ref t0)) >= Resolve)
                {
                    aside[k++] = x;
                }
            }

            next = k;
            return true;
        }

        foreach (var x in values)
        {
            if (Unsafe.Add(ref p0, Bucket(x, ref t0)) >= Resolve)
            {
                aside[k++] = x;
            }

            var d = x - mean;
            var square = d * d;
            finite &= double.IsFinite(square);
            squares.Add(square);
        }

        next = k;
        return finite;
    }

    // The walk over the buckets: exact inside the Resolve buckets, by the counts elsewhere.
    private static NumericComparison Walk(
        int[] rc, int[] cc, byte[] plan, int buckets, long n, long m, long[] ranks, long lower, int lastReference, EcdfArea area, (double[] Reference, double[] Current) aside)
    {
        var raw = new (double Edge, long AtMostR, long AtMostC)[ranks.Length];
        long s = 0, best = lower, belowR = 0, belowC = 0;
        int q = 0, ir = 0, ic = 0;
        var max = double.NaN;
        for (var b = 0; b < buckets; b++)
        {
            int a = rc[b], d = cc[b];
            if (a + d == 0)
            {
                continue;
            }

            if (plan[b] >= Resolve)
            {
                var pr = aside.Reference.AsSpan(ir, a);
                var pc = aside.Current.AsSpan(ic, d);
                best = EcdfWalk.Unit(pr, pc, area, s, best);
                for (; q < ranks.Length && ranks[q] < belowR + a; q++)
                {
                    var edge = pr[(int)(ranks[q] - belowR)];
                    raw[q] = (edge, belowR + AtMost(pr, edge), belowC + AtMost(pc, edge));
                }

                max = b == lastReference ? pr[^1] : max;
                ir += a;
                ic += d;
            }

            s += (a * m) - (d * n);
            belowR += a;
            belowC += d;
        }

        var edges = new List<(double Edge, long AtMostR, long AtMostC)>(raw.Length);
        foreach (var e in raw)
        {
            if (edges.Count == 0 || e.Edge > edges[^1].Edge)
            {
                edges.Add(e);
            }
        }

        if (edges.Count > 0 && edges[^1].Edge >= max)
        {
            edges.RemoveAt(edges.Count - 1);
        }

        var referenceBins = new long[edges.Count + 1];
        var currentBins = new long[edges.Count + 1];
        long r = 0, c = 0;
        for (var i = 0; i < edges.Count; i++)
        {
            referenceBins[i] = edges[i].AtMostR - r;
            currentBins[i] = edges[i].AtMostC - c;
            (r, c) = (edges[i].AtMostR, edges[i].AtMostC);
        }

        referenceBins[^1] = n - r;
        currentBins[^1] = m - c;
        return new NumericComparison(new EcdfWalk(best, area.Wasserstein(), n, m), [.. edges.Select(e => e.Edge)], referenceBins, currentBins);
    }

    // How many of the sorted values are at most x.
    private static long AtMost(ReadOnlySpan<double> sorted, double x)
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
}
