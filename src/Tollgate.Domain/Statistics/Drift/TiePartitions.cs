using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// The partitioned stage of <see cref="TieCounter"/>: keys go to one of <see cref="Count"/> partitions by the top bits
/// of their hash and wait in the partition's buffer; a full buffer is counted into the partition's table at once, so
/// that table (a few kilobytes) is in the first-level cache for a whole buffer instead of every key missing the cache
/// in one table of megabytes. The tables are slices of one array, all of one size, doubled together when one is over
/// half full (the hash spreads distinct keys evenly; a value that fills most of the column only flushes its buffer
/// more often).
/// </summary>
internal sealed class TiePartitions
{
    /// <summary>How many partitions (by the top <see cref="Bits"/> bits of the hash).</summary>
    public const int Count = 1 << Bits;

    private const int Bits = 8;
    private static readonly int StageBits = int.Parse(Environment.GetEnvironmentVariable("TC_STAGE") ?? "10");
    private static int StageSize => 1 << StageBits;

    private readonly ulong[] stage = ArrayPool<ulong>.Shared.Rent(Count << StageBits);
    private readonly int[] staged = new int[Count];
    private readonly int[] sizes = new int[Count];
    private Entry[] entries;
    private int slotBits;

    /// <summary>Partitions whose tables start with room for about <paramref name="distinct"/> keys in all.</summary>
    public TiePartitions(int distinct)
    {
        slotBits = 4;
        while ((Count << slotBits) * 3L < 4L * distinct)
        {
            slotBits++;
        }

        entries = Rent(Count << slotBits);
    }

    /// <summary>The distinct keys counted so far (staged keys not included).</summary>
    public long Distinct { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Of(ulong key) => (int)((key * TieTable.Multiplier) >> (64 - Bits));

    /// <summary>Stages one occurrence of <paramref name="key"/>; true when that filled its partition's buffer (flush it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Stage(ulong key, int partition)
    {
        ref var fill = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(staged), partition);
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(stage), (partition << StageBits) + fill) = key;
        return ++fill == StageSize;
    }

    /// <summary>Counts <paramref name="partition"/>'s staged keys into its table.</summary>
    public void Flush(int partition)
    {
        var keys = stage.AsSpan(partition << StageBits, staged[partition]);
        staged[partition] = 0;
        foreach (var key in keys)
        {
            Add(key, 1, partition);
        }
    }

    /// <summary>Counts <paramref name="count"/> occurrences of <paramref name="key"/> (not 0) into its partition's table.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ulong key, long count, int partition)
    {
        var mask = (1 << slotBits) - 1;
        ref var table = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(entries), partition << slotBits);
        var slot = (int)(((key * TieTable.Multiplier) << Bits) >> (64 - slotBits));
        while (true)
        {
            ref var entry = ref Unsafe.Add(ref table, slot);
            if (entry.Key == key)
            {
                entry.Count += count;
                return;
            }

            if (entry.Key == 0)
            {
                entry.Key = key;
                entry.Count = count;
                Distinct++;
                if (++sizes[partition] * 4 > 3 << slotBits)
                {
                    Grow();
                }

                return;
            }

            slot = (slot + 1) & mask;
        }
    }

    /// <summary>Writes the keys (as doubles) and their counts from <paramref name="at"/> on; returns the position past them.</summary>
    public int CopyTo(double[] values, long[] counts, int at)
    {
        foreach (var entry in entries.AsSpan(0, Count << slotBits))
        {
            if (entry.Key != 0)
            {
                values[at] = BitConverter.UInt64BitsToDouble(entry.Key);
                counts[at++] = entry.Count;
            }
        }

        return at;
    }

    /// <summary>Gives the buffers back to the pool (the partitions are not used afterwards).</summary>
    public void Release()
    {
        ArrayPool<Entry>.Shared.Return(entries);
        ArrayPool<ulong>.Shared.Return(stage);
        entries = [];
    }

    // Pooled: a fresh array of megabytes costs a page fault per 4 kB on first touch, more than counting into it.
    private static Entry[] Rent(int length)
    {
        var array = ArrayPool<Entry>.Shared.Rent(length);
        Array.Clear(array, 0, length);
        return array;
    }

    private void Grow()
    {
        var old = entries;
        var oldLength = Count << slotBits;
        slotBits++;
        entries = Rent(Count << slotBits);
        Array.Clear(sizes);
        Distinct = 0;
        foreach (var entry in old.AsSpan(0, oldLength))
        {
            if (entry.Key != 0)
            {
                Add(entry.Key, entry.Count, Of(entry.Key));
            }
        }

        ArrayPool<Entry>.Shared.Return(old);
    }

    private struct Entry
    {
        public ulong Key;
        public long Count;
    }
}
