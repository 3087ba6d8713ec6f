using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// The exact distribution of a sample that arrives in pieces (a file read block by block), without holding the
/// sample: its finite values are counted by distinct value in a hash table, as <see cref="TieCount"/> counts a whole
/// column. Values with few ties (nearly every one distinct after the first <see cref="Probe"/>, or more than
/// <see cref="TieCount.MaxDistinct"/> distinct ones) are kept instead, the counted ones written out, and sorted at
/// the end. Either way the distribution's figures are those of the sorted values. Not safe for concurrent use.
/// </summary>
public sealed class ValueTally(long expected)
{
    /// <summary>After this many values, a sample whose values are nearly all distinct is kept rather than counted.</summary>
    public const int Probe = 1 << 18;

    private Entry[] entries = new Entry[1 << 12];
    private int shift = 64 - 12;
    private int distinct;
    private long zeros;
    private bool probed;
    private double[]? kept;
    private long keptCount;

    /// <summary>Finite values added so far.</summary>
    public long Count { get; private set; }

    /// <summary>Adds the finite values of <paramref name="values"/>; NaN and infinities are left out (missing).</summary>
    public void Add(ReadOnlySpan<double> values)
    {
        if (kept is not null)
        {
            Keep(values);
            return;
        }

        ref var v0 = ref MemoryMarshal.GetReference(values);
        for (var i = 0; i < values.Length; i++)
        {
            var v = Unsafe.Add(ref v0, i);
            if (!double.IsFinite(v))
            {
                continue;
            }

            Count++;
            var bits = BitConverter.DoubleToUInt64Bits(v) & ~(v == 0 ? 0x8000_0000_0000_0000UL : 0);
            if (bits == 0)
            {
                zeros++;
            }
            else if (Insert(bits) && distinct > TieCount.MaxDistinct)
            {
                StartKeeping(values[(i + 1)..]);
                return;
            }
        }

        if (!probed && Count >= Probe)
        {
            probed = true;
            if (distinct > Count / 8 * 7)
            {
                StartKeeping([]);
            }
        }
    }

    /// <summary>The distribution of the finite values added (the tally is spent).</summary>
    public EmpiricalDistribution Result()
    {
        if (kept is not null)
        {
            var n = (int)keptCount;
            RadixSort.Sort(kept.AsSpan(0, n));
            return EmpiricalDistribution.Own(kept, n);
        }

        var count = distinct + (zeros > 0 ? 1 : 0);
        var sorted = new double[count];
        var counts = new long[count];
        var at = 0;
        foreach (var e in entries)
        {
            if (e.Key != 0)
            {
                sorted[at] = BitConverter.UInt64BitsToDouble(e.Key);
                counts[at++] = e.Count;
            }
        }

        if (zeros > 0)
        {
            counts[^1] = zeros;
        }

        sorted.AsSpan().Sort(counts.AsSpan());
        return EmpiricalDistribution.FromRawCounts(sorted, counts);
    }

    // Writes out the values counted so far, then keeps every value as it comes.
    private void StartKeeping(ReadOnlySpan<double> rest)
    {
        kept = GC.AllocateUninitializedArray<double>((int)Math.Clamp(Math.Max(expected, Count * 2), 1024, Array.MaxLength));
        Fill(0.0, zeros);
        foreach (var e in entries)
        {
            if (e.Key != 0)
            {
                Fill(BitConverter.UInt64BitsToDouble(e.Key), e.Count);
            }
        }

        entries = [];
        Count = keptCount;
        Keep(rest);
    }

    private void Fill(double value, long count)
    {
        Reserve(count);
        kept.AsSpan((int)keptCount, (int)count).Fill(value);
        keptCount += count;
    }

    private void Keep(ReadOnlySpan<double> values)
    {
        Reserve(values.Length);
        var span = kept.AsSpan((int)keptCount);
        var n = 0;
        foreach (var v in values)
        {
            span[n] = v;
            n += double.IsFinite(v) ? 1 : 0;
        }

        keptCount += n;
        Count += n;
    }

    private void Reserve(long more)
    {
        if (keptCount + more > kept!.Length)
        {
            Array.Resize(ref kept, (int)Math.Min(Array.MaxLength, Math.Max(keptCount + more, 2L * kept.Length)));
        }
    }

    // Counts a non-zero key; true when it was new.
    private bool Insert(ulong key)
    {
        var mask = entries.Length - 1;
        var slot = (int)((key * 0x9E37_79B9_7F4A_7C15UL) >> shift);
        ref var e0 = ref MemoryMarshal.GetArrayDataReference(entries);
        while (true)
        {
            ref var e = ref Unsafe.Add(ref e0, slot);
            if (e.Key == key)
            {
                e.Count++;
                return false;
            }

            if (e.Key == 0)
            {
                e.Key = key;
                e.Count = 1;
                if (++distinct * 2 > entries.Length)
                {
                    Grow();
                }

                return true;
            }

            slot = (slot + 1) & mask;
        }
    }

    private void Grow()
    {
        var old = entries;
        entries = new Entry[old.Length * 2];
        shift--;
        var mask = entries.Length - 1;
        foreach (var e in old)
        {
            if (e.Key != 0)
            {
                var slot = (int)((e.Key * 0x9E37_79B9_7F4A_7C15UL) >> shift);
                while (entries[slot].Key != 0)
                {
                    slot = (slot + 1) & mask;
                }

                entries[slot] = e;
            }
        }
    }

    private struct Entry
    {
        public ulong Key;
        public long Count;
    }
}
