using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// Compares two raw samples without sorting them, with the figures of the sorted merge walk to the last bit. The
/// values are counted into buckets by their IEEE 754 bits (each binary exponent split into as many buckets as a
/// sample of the values says it needs, <see cref="BucketTable"/>), and the walk goes over the
/// buckets: at a bucket's edges the lattice gap s = i·m − j·n is exact, and inside it s stays between
/// s + (reference values)·m and s − (current values)·n. So only a few buckets need their values looked at: where s may
/// cross zero (the area changes sign), where the bound exceeds the largest gap seen at any edge (KS's K could be
/// there), and where a quantile edge or the reference's maximum falls. Every other bucket is summed exactly by sample
/// and side of zero (<see cref="EcdfArea"/>) from its count and the sum of its values' offsets in it. The values of
/// the few are set aside, grouped by bucket, and resolved by splitting each into finer buckets the same way
/// (<see cref="BucketWalk"/>), so only a small share of them is ever sorted. The values are read twice (counted, then
/// the few set aside) besides a sample, never written.
/// </summary>
internal static class BucketedComparison
{
    /// <summary>What the walk does with a bucket: sums it as lying above or below zero, or sorts and walks its values (Resolve, Overflow).</summary>
    /// <remarks>The two whose values are set aside, Resolve and Overflow, are those with bit 1 set (Split adds plan &gt;&gt; 1).</remarks>
    internal const byte Above = 0, Below = 1, Resolve = 2, Overflow = 3;

    /// <summary>
    /// Compares two raw samples (unit counts) as held. The reference's moments, when not yet known, are summed in the
    /// same passes (its values are read no more often for them).
    /// </summary>
    public static NumericComparison Compare(EmpiricalDistribution referenceSample, EmpiricalDistribution currentSample, int bins)
    {
        var reference = referenceSample.HeldParts;
        var current = currentSample.HeldParts;
        long n = referenceSample.Total, m = currentSample.Total;
        var table = BucketTable.Table(reference, current, out var buckets);
        var scratch = BucketScratch.Take();
        var referenceCells = scratch.ReferenceCells(2 * buckets);
        var currentCells = scratch.CurrentCells(2 * buckets);
        var plan = scratch.Plan(buckets);
        BucketTable.Count(reference, table, referenceCells.AsSpan(0, 2 * buckets));
        BucketTable.Count(current, table, currentCells.AsSpan(0, 2 * buckets));
        var ranks = Ranks(n, bins);
        var (lower, lastReference) = Plan(referenceCells, currentCells, plan, buckets, n, m, ranks);
        var area = new EcdfArea(n, m);
        var sum = referenceSample.HasMoments ? null : new ExactSum();
        if (BucketTable.BucketSums(table, referenceCells, currentCells, plan, area, sum))
        {
            BucketTable.AddOverflowed(reference, table, plan, sum!);
        }

        var mean = sum is null ? 0 : EmpiricalDistribution.MeanOf(sum, n);
        var squares = sum is null ? null : new ExactSum();
        var setAside = SetAside(reference, current, table, plan, referenceCells, currentCells, buckets, n + m, squares, mean, scratch, out var finite);
        if (squares is not null)
        {
            referenceSample.SetMoments(mean, EmpiricalDistribution.VarianceOf(squares, n, finite));
        }

        var result = Walk(table, referenceCells, currentCells, plan, buckets, n, m, ranks, lower, lastReference, area, setAside, scratch);

        // Not returned on an exception: a comparison that failed midway leaves its scratch to the collector.
        BucketScratch.Return(scratch);
        return result;
    }

    // The reference ranks whose values are the quantile edges (EmpiricalDistribution.Quantile's).
    private static long[] Ranks(long n, int bins)
    {
        var ranks = new long[Math.Max(0, bins - 1)];
        for (var b = 1; b < bins; b++)
        {
            ranks[b - 1] = EmpiricalDistribution.RankOf(b / (double)bins, n);
        }

        return ranks;
    }

    // Marks each bucket Above or Below zero, or Resolve; returns the largest gap at any bucket edge and the last bucket
    // holding reference values.
    private static (long Lower, int LastReference) Plan(ulong[] rc, ulong[] cc, byte[] plan, int buckets, long n, long m, long[] ranks)
    {
        long s = 0, lower = 0, below = 0;
        int q = 0, lastReference = 0;
        for (var b = 0; b < buckets; b++)
        {
            long a = (long)rc[2 * b], d = (long)cc[2 * b];
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
            long a = (long)rc[2 * b], d = (long)cc[2 * b];
            if (a + d > 0 && Math.Max(Math.Abs(s + (a * m)), Math.Abs(s - (d * n))) > lower)
            {
                plan[b] = Resolve;
            }

            s += (a * m) - (d * n);
        }

        return (lower, lastReference);
    }

    // Copies the values of Resolve and Overflow buckets out, grouped by bucket in bucket order; the reference's squared
    // distances from its mean go into `squares` in the same pass, when asked for.
    private static (double[] Reference, double[] Current) SetAside(
        ReadOnlyMemory<double>[] reference, ReadOnlyMemory<double>[] current, ulong[] table, byte[] plan, ulong[] rc, ulong[] cc, int buckets,
        long values, ExactSum? squares, double mean, BucketScratch scratch, out bool finite)
    {
        var startsR = scratch.StartsR(buckets);
        var startsC = scratch.StartsC(buckets);
        int r = 0, c = 0;
        for (var b = 0; b < buckets; b++)
        {
            if (plan[b] >= Resolve)
            {
                startsR[b] = r;
                startsC[b] = c;
                r += (int)rc[2 * b];
                c += (int)cc[2 * b];
            }
        }

        var outR = scratch.AsideR(r);
        var outC = scratch.AsideC(c);
        var nothing = default(Nothing);
        var summed = squares is null ? default : new Squares(squares, mean);
        if ((long)(r + c) * 32 > values)
        {
            // More than about 3 % set aside, where samples agree: a branch on the plan would often be mispredicted, so
            // every value is written at the next slot (which moves on only past one set aside), then grouped; one
            // sample after the other, in the same room.
            var appended = scratch.Appended(Math.Max(r, c) + 1);
            var k = 0;
            foreach (var part in reference)
            {
                if (squares is null)
                {
                    Append(part.Span, table, plan, appended, ref k, ref nothing);
                }
                else
                {
                    Append(part.Span, table, plan, appended, ref k, ref summed);
                }
            }

            Group(appended.AsSpan(0, r), outR, table, startsR);
            k = 0;
            foreach (var part in current)
            {
                Append(part.Span, table, plan, appended, ref k, ref nothing);
            }

            Group(appended.AsSpan(0, c), outC, table, startsC);
        }
        else
        {
            foreach (var part in reference)
            {
                if (squares is null)
                {
                    Split(part.Span, table, plan, outR, startsR, ref nothing);
                }
                else
                {
                    Split(part.Span, table, plan, outR, startsR, ref summed);
                }
            }

            foreach (var part in current)
            {
                Split(part.Span, table, plan, outC, startsC, ref nothing);
            }
        }

        finite = squares is null || summed.Finite;
        return (outR, outC);
    }

    // Every value is written at `next`, which moves on only past one of a Resolve or Overflow bucket (`aside` has a
    // spare slot): no branch on a bucket's plan. Each value also goes to `alongside`.
    private static void Append<T>(ReadOnlySpan<double> values, ulong[] table, byte[] plan, double[] aside, ref int next, ref T alongside)
        where T : struct, IAlongside
    {
        ref var t0 = ref MemoryMarshal.GetArrayDataReference(table);
        ref var p0 = ref MemoryMarshal.GetArrayDataReference(plan);
        var k = next;
        foreach (var x in values)
        {
            aside[k] = x;
            k += Unsafe.Add(ref p0, BucketTable.Bucket(x, ref t0)) >> 1;
            alongside.Add(x);
        }

        next = k;
    }

    // Moves each value set aside to its bucket's next slot.
    private static void Group(ReadOnlySpan<double> values, double[] into, ulong[] table, int[] starts)
    {
        ref var t0 = ref MemoryMarshal.GetArrayDataReference(table);
        foreach (var x in values)
        {
            into[starts[BucketTable.Bucket(x, ref t0)]++] = x;
        }
    }

    // Each value of a Resolve or Overflow bucket goes to its bucket's next slot in `aside`: where few values are set
    // aside, the branch is nearly always predicted and costs less than a write of every value. Each value also goes
    // to `alongside`.
    private static void Split<T>(ReadOnlySpan<double> values, ulong[] table, byte[] plan, double[] aside, int[] starts, ref T alongside)
        where T : struct, IAlongside
    {
        ref var t0 = ref MemoryMarshal.GetArrayDataReference(table);
        ref var p0 = ref MemoryMarshal.GetArrayDataReference(plan);
        ref var s0 = ref MemoryMarshal.GetArrayDataReference(starts);
        foreach (var x in values)
        {
            var b = BucketTable.Bucket(x, ref t0);
            if (Unsafe.Add(ref p0, b) >= Resolve)
            {
                aside[Unsafe.Add(ref s0, b)++] = x;
            }

            alongside.Add(x);
        }
    }

    // What the pass that sets values aside also does with each value: the reference's squared distances from its
    // mean are summed (Squares), the current sample's values nothing more (Nothing). A struct type argument, so each
    // loop is compiled for it, with nothing left of Nothing.
    private interface IAlongside
    {
        void Add(double x);
    }

    private readonly struct Nothing : IAlongside
    {
        public void Add(double x)
        {
        }
    }

    private struct Squares(ExactSum sum, double mean) : IAlongside
    {
        /// <summary>False once a squared distance from the mean overflowed.</summary>
        public bool Finite { get; private set; } = true;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(double x)
        {
            var d = x - mean;
            var square = d * d;
            Finite &= double.IsFinite(square);
            sum.Add(square);
        }
    }

    // The walk over the buckets: exact inside the Resolve buckets (BucketWalk), by the counts elsewhere.
    private static NumericComparison Walk(
        ulong[] table, ulong[] rc, ulong[] cc, byte[] plan, int buckets, long n, long m, long[] ranks, long lower, int lastReference, EcdfArea area, (double[] Reference, double[] Current) aside, BucketScratch scratch)
    {
        // Scratch for splitting a bucket's values, as long as the largest bucket set aside.
        int largestR = 0, largestC = 0;
        for (var b = 0; b < buckets; b++)
        {
            if (plan[b] >= Resolve)
            {
                largestR = Math.Max(largestR, (int)rc[2 * b]);
                largestC = Math.Max(largestC, (int)cc[2 * b]);
            }
        }

        var scratchR = scratch.WalkR(largestR);
        var scratchC = scratch.WalkC(largestC);
        var walk = new BucketWalk(n, m, ranks, lower, area);
        int ir = 0, ic = 0;
        var max = double.NaN;
        for (var t = 0; t < table.Length; t++)
        {
            var start = (int)(table[t] >> 8);
            var shift = (int)(table[t] & 0xFF);
            for (var j = 0; j < 1 << (52 - shift); j++)
            {
                var b = start + j;
                int a = (int)rc[2 * b], d = (int)cc[2 * b];
                if (a + d == 0)
                {
                    continue;
                }

                if (plan[b] < Resolve)
                {
                    walk.Counted(a, d);
                    continue;
                }

                var pr = aside.Reference.AsSpan(ir, a);
                if (b == lastReference)
                {
                    max = Max(pr);
                }

                walk.Resolve(pr, aside.Current.AsSpan(ic, d), scratchR.AsSpan(0, a), scratchC.AsSpan(0, d), t, ((ulong)t << 52) | ((ulong)j << shift), shift);
                ir += a;
                ic += d;
            }
        }

        var edges = QuantileBins.Kept(walk.Edges, e => e.Edge, max);
        var referenceBins = QuantileBins.Differences(i => edges[i].AtMostR, edges.Count, n);
        var currentBins = QuantileBins.Differences(i => edges[i].AtMostC, edges.Count, m);
        return new NumericComparison(new EcdfWalk(walk.MaxGap, area.Wasserstein(), n, m), [.. edges.Select(e => e.Edge)], referenceBins, currentBins);
    }

    private static double Max(ReadOnlySpan<double> values)
    {
        var max = values[0];
        foreach (var x in values)
        {
            max = x > max ? x : max;
        }

        return max;
    }
}
