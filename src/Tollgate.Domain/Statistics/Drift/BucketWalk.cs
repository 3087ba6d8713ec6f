using System.Numerics;

namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// The walk of <see cref="BucketedComparison"/> over its buckets in value order, exact inside the buckets it must
/// resolve. Such a bucket is split by its next key bits into sub-buckets, which are counted and planned as the buckets
/// were: a sub-bucket where s stays on one side of zero, and where no larger gap or quantile edge can lie, is summed
/// from its count and offsets. Only the sub-buckets that still need it are split again, down to a few values that are
/// sorted and walked one by one. Not safe for concurrent use.
/// </summary>
internal sealed class BucketWalk(long n, long m, long[] ranks, long lower, EcdfArea area)
{
    // A range of at most this many values of both samples is sorted and walked value by value.
    private const int Leaf = 32;

    // Values per sub-bucket aimed at, and the most bits one split takes.
    private const int PerSubBucket = 16;
    private const int MaxSplitBits = 8;
    private const ulong Mantissa = (1UL << 52) - 1;

    private readonly (double Edge, long AtMostR, long AtMostC)[] raw = new (double, long, long)[ranks.Length];
    private long s, best = lower, belowR, belowC;
    private int q;

    /// <summary>The largest lattice gap K met so far.</summary>
    public long MaxGap => best;

    /// <summary>The quantile edges met, each with the counts of reference and current values at or below it.</summary>
    public (double Edge, long AtMostR, long AtMostC)[] Edges => raw;

    /// <summary>A bucket summed from its counts (s stays on one side of zero in it, and no gap or edge is inside).</summary>
    public void Counted(long a, long d)
    {
        s += (a * m) - (d * n);
        belowR += a;
        belowC += d;
    }

    /// <summary>
    /// A range of keys of binade <paramref name="binade"/> (a key's top twelve bits), from <paramref name="keyBase"/>,
    /// 2^<paramref name="shift"/> keys wide, with the values of each sample in it (unsorted; reordered here). The
    /// scratch spans are as long as the values' and may be overwritten.
    /// </summary>
    public void Resolve(Span<double> reference, Span<double> current, Span<double> scratchR, Span<double> scratchC, int binade, ulong keyBase, int shift)
    {
        var total = reference.Length + current.Length;
        if (total <= Leaf || shift == 0)
        {
            Sorted(reference, current);
            return;
        }

        var bits = Math.Min(Math.Min(shift, MaxSplitBits), BitOperations.Log2((uint)(total / PerSubBucket)) + 1);
        var subShift = shift - bits;
        var subs = 1 << bits;
        Span<ulong> cells = stackalloc ulong[4 * subs];
        Span<byte> plan = stackalloc byte[subs];
        cells.Clear();
        Count(reference, cells, 0, keyBase, subShift);
        Count(current, cells, 2, keyBase, subShift);
        var any = Plan(cells, plan, subs, subShift);
        if (any)
        {
            Partition(reference, scratchR, cells, 0, subs, keyBase, subShift);
            Partition(current, scratchC, cells, 2, subs, keyBase, subShift);
        }

        // The sub-buckets summed share the bucket's binary exponent: their significand sums are added up by sample and
        // side here, and go to the area once.
        var sums = new SubBucketSums(binade);
        int ir = 0, ic = 0;
        for (var u = 0; u < subs; u++)
        {
            int a = (int)cells[4 * u], d = (int)cells[(4 * u) + 2];
            if (a + d == 0)
            {
                continue;
            }

            var subBase = keyBase + ((ulong)u << subShift);
            if (any && plan[u] == BucketedComparison.Resolve)
            {
                Resolve(scratchR.Slice(ir, a), scratchC.Slice(ic, d), reference.Slice(ir, a), current.Slice(ic, d), binade, subBase, subShift);
            }
            else
            {
                sums.Add(subBase & Mantissa, cells.Slice(4 * u, 4), plan[u]);
                Counted(a, d);
            }

            ir += a;
            ic += d;
        }

        sums.AddTo(area);
    }

    // Counts a sample's values by sub-bucket, with the sum of their offsets in it: cells [4u + side] and [4u + side + 1].
    private static void Count(ReadOnlySpan<double> values, Span<ulong> cells, int side, ulong keyBase, int subShift)
    {
        var low = (1UL << subShift) - 1;
        foreach (var x in values)
        {
            var key = BucketTable.Key(x);
            var u = (int)((key - keyBase) >> subShift);
            cells[(4 * u) + side]++;
            cells[(4 * u) + side + 1] += key & low;
        }
    }

    // Plans the sub-buckets as BucketedComparison plans its buckets, from the gaps at every sub-bucket edge (which
    // raise K where larger); returns whether any is to be resolved.
    private bool Plan(ReadOnlySpan<ulong> cells, Span<byte> plan, int subs, int subShift)
    {
        var edge = s;
        for (var u = 0; u < subs; u++)
        {
            edge += ((long)cells[4 * u] * m) - ((long)cells[(4 * u) + 2] * n);
            best = Math.Max(best, Math.Abs(edge));
        }

        var any = false;
        long at = s, below = belowR;
        var rank = q;
        for (var u = 0; u < subs; u++)
        {
            long a = (long)cells[4 * u], d = (long)cells[(4 * u) + 2];
            if (a + d == 0)
            {
                continue;
            }

            var p = at - (d * n) >= 0 ? BucketedComparison.Above : at + (a * m) <= 0 ? BucketedComparison.Below : BucketedComparison.Resolve;
            for (; rank < ranks.Length && ranks[rank] < below + a; rank++)
            {
                p = BucketedComparison.Resolve;
            }

            // A gap inside that may exceed K, or offsets that may have overflowed 64 bits.
            if (Math.Max(Math.Abs(at + (a * m)), Math.Abs(at - (d * n))) > best || 64 - BitOperations.LeadingZeroCount((ulong)Math.Max(a, d)) + subShift > 64)
            {
                p = BucketedComparison.Resolve;
            }

            plan[u] = p;
            any |= p == BucketedComparison.Resolve;
            below += a;
            at += (a * m) - (d * n);
        }

        return any;
    }

    // Groups a sample's values by sub-bucket into `into`, in sub-bucket order.
    private static void Partition(ReadOnlySpan<double> values, Span<double> into, ReadOnlySpan<ulong> cells, int side, int subs, ulong keyBase, int subShift)
    {
        Span<int> starts = stackalloc int[subs];
        var at = 0;
        for (var u = 0; u < subs; u++)
        {
            starts[u] = at;
            at += (int)cells[(4 * u) + side];
        }

        foreach (var x in values)
        {
            into[starts[(int)((BucketTable.Key(x) - keyBase) >> subShift)]++] = x;
        }
    }

    // The exact sums of the values of a bucket's sub-buckets that lie Above or Below zero, by sample and sign of their
    // weight in the area (EcdfArea.Sums): significand sums at the binade's exponent, added to the area at once.
    private struct SubBucketSums(int binade)
    {
        private readonly (bool Negative, int Exponent, ulong Hidden) binade = BucketTable.Binade(binade);
        private UInt128 referenceUp, referenceDown, currentUp, currentDown;

        // Reference values weigh −m above zero, +m below; current ones +n above, −n below (as BucketTable.BucketSums).
        public void Add(ulong low, ReadOnlySpan<ulong> cell, byte side)
        {
            var (negative, _, hidden) = binade;
            var r = BucketTable.Magnitude(cell[0], cell[1], negative, hidden, low);
            var c = BucketTable.Magnitude(cell[2], cell[3], negative, hidden, low);
            if (negative ^ (side == BucketedComparison.Above))
            {
                referenceDown += r;
            }
            else
            {
                referenceUp += r;
            }

            if (negative ^ (side == BucketedComparison.Below))
            {
                currentDown += c;
            }
            else
            {
                currentUp += c;
            }
        }

        public readonly void AddTo(EcdfArea area)
        {
            var exponent = binade.Exponent;
            var (referenceArea, currentArea) = area.Sums;
            referenceArea.AddScaled(referenceUp, exponent, false);
            referenceArea.AddScaled(referenceDown, exponent, true);
            currentArea.AddScaled(currentUp, exponent, false);
            currentArea.AddScaled(currentDown, exponent, true);
        }
    }

    // A few values, sorted and walked one by one; the quantile edges among them are taken here.
    private void Sorted(Span<double> reference, Span<double> current)
    {
        RadixSort.Sort(reference);
        RadixSort.Sort(current);
        best = EcdfWalk.Unit(reference, current, area, s, best);
        for (; q < ranks.Length && ranks[q] < belowR + reference.Length; q++)
        {
            var edge = reference[(int)(ranks[q] - belowR)];
            raw[q] = (edge, belowR + EmpiricalDistribution.AtMost(reference, edge), belowC + EmpiricalDistribution.AtMost(current, edge));
        }

        Counted(reference.Length, current.Length);
    }
}
