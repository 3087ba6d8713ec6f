using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// The partitioned stage of <see cref="TieCounter"/>: keys go to one of <see cref="Count"/> partitions by the top bits
/// of their hash and wait in the partition's buffer; a full buffer is counted into the partition's own table at once,
/// so that table (a 256th of the distinct values) stays in cache for a whole buffer instead of every key missing the
/// cache in one table of many megabytes. Each table grows on its own; a value that fills most of the column only
/// flushes its buffer more often.
/// </summary>
internal sealed class TiePartitions
{
    /// <summary>How many partitions (by the top <see cref="Bits"/> bits of the hash).</summary>
    public const int Count = 1 << Bits;

    private const int Bits = 8;
    private const int StageBits = 10;
    private const int StageSize = 1 << StageBits;

    private readonly ulong[] stage = ArrayPool<ulong>.Shared.Rent(Count << StageBits);
    private readonly int[] staged = new int[Count];
    private readonly TieTable[] tables = new TieTable[Count];

    /// <summary>Partitions whose tables start with room for about <paramref name="distinct"/> keys in all.</summary>
    public TiePartitions(int distinct)
    {
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, 2 * distinct / Count + 1));
        for (var p = 0; p < Count; p++)
        {
            tables[p] = new TieTable(capacity, Bits);
        }
    }

    /// <summary>The distinct keys counted so far (staged keys not included).</summary>
    public long Distinct { get; private set; }

    /// <summary>The partition of <paramref name="key"/>.</summary>
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
        Distinct += tables[partition].AddKeys(stage.AsSpan(partition << StageBits, staged[partition]));
        staged[partition] = 0;
    }

    /// <summary>Counts <paramref name="count"/> occurrences of <paramref name="key"/> (not 0) into its partition's table.</summary>
    public void Add(ulong key, long count)
    {
        if (tables[Of(key)].Add(key, count))
        {
            Distinct++;
        }
    }

    /// <summary>How often <paramref name="key"/> (not 0, staged keys flushed) was counted.</summary>
    public long CountOf(ulong key) => tables[Of(key)].CountOf(key);

    /// <summary>Writes the keys as doubles to <paramref name="values"/>, in no particular order.</summary>
    public void CopyKeysTo(Span<double> values)
    {
        var at = 0;
        foreach (var table in tables)
        {
            table.CopyKeysTo(values[at..]);
            at += table.Count;
        }
    }

    /// <summary>Gives the buffers back to the pool (the partitions are not used afterwards).</summary>
    public void Release()
    {
        foreach (var table in tables)
        {
            table.Release();
        }

        ArrayPool<ulong>.Shared.Return(stage);
    }
}
