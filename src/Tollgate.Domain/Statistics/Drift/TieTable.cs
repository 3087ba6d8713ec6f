using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// The hash table behind <see cref="TieCount"/>: distinct values' bits with their counts, by linear probing (key 0
/// marks an empty slot, so the caller counts 0.0 apart), doubling at half full. Key and count share one 16-byte entry,
/// so a lookup touches one cache line.
/// </summary>
internal sealed class TieTable
{
    /// <summary>The multiplier of the key's hash (Fibonacci hashing: its top bits are well mixed).</summary>
    public const ulong Multiplier = 0x9E37_79B9_7F4A_7C15UL;

    // How many values ahead the counting loop asks for the slot it will probe: a table larger than the core's cache
    // then answers from memory while the values before are counted, instead of one miss at a time.
    private const int PrefetchDistance = 16;

    // Slots from which a table is asked for ahead: a smaller one (512 KB) stays in the core's cache, where the extra
    // hash and hint per value only cost time (a column of small counts through ValueTally: 1.84 against 2.35 ns a value in a harness).
    private const int PrefetchFrom = 1 << 15;

    private Entry[] entries;
    private int capacity;
    private int shift;
    private readonly int partitionBits;

    /// <summary>
    /// An empty table of <paramref name="capacity"/> slots (a power of two). A table that holds one partition of the
    /// keys takes its slot from the hash bits after the <paramref name="partitionBits"/> that chose the partition.
    /// </summary>
    public TieTable(int capacity, int partitionBits = 0)
    {
        this.partitionBits = partitionBits;
        entries = Rent(capacity);
        this.capacity = capacity;
        shift = 64 - BitOperations.Log2((uint)capacity);
    }

    /// <summary>How many distinct keys the table holds.</summary>
    public int Count { get; private set; }

    /// <summary>Counts one occurrence of <paramref name="key"/> (not 0); true when it was not there before.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Add(ulong key) => Add(key, 1);

    /// <summary>Counts <paramref name="count"/> occurrences of <paramref name="key"/> (not 0); true when it is new.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Add(ulong key, long count)
    {
        var mask = capacity - 1;
        var slot = Slot(key);
        ref var e0 = ref MemoryMarshal.GetArrayDataReference(entries);
        while (true)
        {
            ref var entry = ref Unsafe.Add(ref e0, slot);
            if (entry.Key == key)
            {
                entry.Count += count;
                return false;
            }

            if (entry.Key == 0)
            {
                entry.Key = key;
                entry.Count = count;
                if (++Count * 2 > capacity)
                {
                    Grow();
                }

                return true;
            }

            slot = (slot + 1) & mask;
        }
    }

    /// <summary>
    /// Counts the finite values of <paramref name="values"/> until the table holds more than <paramref name="stop"/>
    /// keys, 0.0 and −0.0 in <paramref name="zeros"/>; returns how many values it took.
    /// </summary>
    public int AddValues(ReadOnlySpan<double> values, long stop, ref long zeros)
    {
        var i = 0;
        while (true)
        {
            i = CountKnown(values, i, ref zeros, out var slot);
            if (i == values.Length)
            {
                return i;
            }

            entries[slot] = new Entry { Key = BitConverter.DoubleToUInt64Bits(values[i++]), Count = 1 };
            if (++Count * 2 > capacity)
            {
                Grow();
            }

            if (Count > stop)
            {
                return i;
            }
        }
    }

    // The loop that sees every value: counts values from `from` on while their keys are in the table (0.0 and −0.0 in
    // zeros, others not finite skipped); returns the position of the first new key, with the empty slot it goes to, or
    // the end. No calls and no stores to the table's fields inside, so its state stays in registers.
    private int CountKnown(ReadOnlySpan<double> values, int from, ref long zeros, out int slot)
    {
        ref var v0 = ref MemoryMarshal.GetReference(values);
        ref var e0 = ref MemoryMarshal.GetArrayDataReference(entries);
        int mask = capacity - 1, bits = partitionBits, right = shift;
        long zero = 0;
        var i = from;
        var ahead = capacity >= PrefetchFrom && System.Runtime.Intrinsics.X86.Sse.IsSupported ? values.Length - PrefetchDistance : 0;
        for (; i < values.Length; i++)
        {
            if (i < ahead)
            {
                // A hint only: it never faults, and an address the GC has since moved just costs a wasted fetch.
                var upcoming = BitConverter.DoubleToUInt64Bits(Unsafe.Add(ref v0, i + PrefetchDistance));
                unsafe
                {
                    System.Runtime.Intrinsics.X86.Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref e0, (int)(((upcoming * Multiplier) << bits) >> right))));
                }
            }

            var key = BitConverter.DoubleToUInt64Bits(Unsafe.Add(ref v0, i));
            if ((key & 0x7FF0_0000_0000_0000UL) == 0x7FF0_0000_0000_0000UL)
            {
                continue;
            }

            if (key << 1 == 0)
            {
                zero++;
                continue;
            }

            var at = (int)(((key * Multiplier) << bits) >> right);
            while (true)
            {
                ref var entry = ref Unsafe.Add(ref e0, at);
                if (entry.Key == key)
                {
                    entry.Count++;
                    break;
                }

                if (entry.Key == 0)
                {
                    zeros += zero;
                    slot = at;
                    return i;
                }

                at = (at + 1) & mask;
            }
        }

        zeros += zero;
        slot = -1;
        return i;
    }

    /// <summary>Counts one occurrence of each of <paramref name="keys"/> (none 0); returns how many were new.</summary>
    public int AddKeys(ReadOnlySpan<ulong> keys)
    {
        ref var e0 = ref MemoryMarshal.GetArrayDataReference(entries);
        int mask = capacity - 1, bits = partitionBits, right = shift, added = 0;
        foreach (var key in keys)
        {
            var slot = (int)(((key * Multiplier) << bits) >> right);
            while (true)
            {
                ref var entry = ref Unsafe.Add(ref e0, slot);
                if (entry.Key == key)
                {
                    entry.Count++;
                    break;
                }

                if (entry.Key == 0)
                {
                    entry.Key = key;
                    entry.Count = 1;
                    added++;
                    if (++Count * 2 > capacity)
                    {
                        Grow();
                        e0 = ref MemoryMarshal.GetArrayDataReference(entries);
                        (mask, right) = (capacity - 1, shift);
                    }

                    break;
                }

                slot = (slot + 1) & mask;
            }
        }

        return added;
    }

    /// <summary>How often <paramref name="key"/> (not 0) was counted.</summary>
    public long CountOf(ulong key)
    {
        var slot = Slot(key);
        while (entries[slot].Key != key && entries[slot].Key != 0)
        {
            slot = (slot + 1) & (capacity - 1);
        }

        return entries[slot].Count;
    }

    /// <summary>Writes the keys as doubles to <paramref name="values"/>, in slot order.</summary>
    public void CopyKeysTo(Span<double> values)
    {
        var at = 0;
        foreach (var entry in entries.AsSpan(0, capacity))
        {
            if (entry.Key != 0)
            {
                values[at++] = BitConverter.UInt64BitsToDouble(entry.Key);
            }
        }
    }

    /// <summary>Counts every key with its count into <paramref name="partitions"/>' tables.</summary>
    public void MoveTo(TiePartitions partitions)
    {
        foreach (var entry in entries.AsSpan(0, capacity))
        {
            if (entry.Key != 0)
            {
                partitions.Add(entry.Key, entry.Count);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(ulong key) => (int)(((key * Multiplier) << partitionBits) >> shift);

    /// <summary>Gives the entries back to the pool (the table is not used afterwards; again, it does nothing).</summary>
    public void Release()
    {
        if (capacity > 0)
        {
            ArrayPool<Entry>.Shared.Return(entries);
            entries = [];
            capacity = 0;
        }
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
        var old = entries.AsSpan(0, capacity);
        var oldArray = entries;
        capacity *= 2;
        entries = Rent(capacity);
        shift--;
        var mask = capacity - 1;
        foreach (var entry in old)
        {
            if (entry.Key != 0)
            {
                var slot = Slot(entry.Key);
                while (entries[slot].Key != 0)
                {
                    slot = (slot + 1) & mask;
                }

                entries[slot] = entry;
            }
        }

        ArrayPool<Entry>.Shared.Return(oldArray);
    }

    private struct Entry
    {
        public ulong Key;
        public long Count;
    }
}
