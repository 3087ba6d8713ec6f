using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// Sorts doubles ascending by a most-significant-digit radix sort on their IEEE 754 bits (flipped so that unsigned
/// order is numeric order). Each level takes the smallest and largest key of its part, so its digit starts at the
/// first bit in which they differ: the first pass spreads the values over up to 2,048 parts that fit in the cache, and
/// every later pass runs there, parts of a handful of values end in an insertion sort, and a part whose keys are all
/// equal is left as it is. The values are read three times out of the cache (range, histogram, scatter) and written
/// twice; an LSD sort with six passes reads and writes them seven times. The result is the same: keys in order, so
/// −0.0 before 0.0.
/// </summary>
public static class RadixSort
{
    private const int SmallSort = 4096;
    private const int MaxDigitBits = 11;
    private const int SecondDigitBits = 14;
    private const int InsertionSize = 24;

    /// <summary>Sorts <paramref name="values"/> (finite, or at least not NaN) using <paramref name="scratch"/> of at least the same length.</summary>
    public static void Sort(Span<double> values, Span<double> scratch)
    {
        if (values.Length <= SmallSort)
        {
            values.Sort();
            return;
        }

        if (scratch.Length < values.Length)
        {
            throw new ArgumentException("scratch is shorter than the values", nameof(scratch));
        }

        var bits = MemoryMarshal.Cast<double, ulong>(values);
        var other = MemoryMarshal.Cast<double, ulong>(scratch)[..values.Length];

        // The first level reads the doubles' bits and makes the keys on the fly (no pass of its own to convert them).
        ref var bit0 = ref MemoryMarshal.GetReference(bits);
        ulong min = ulong.MaxValue, max = 0;
        for (var i = 0; i < bits.Length; i++)
        {
            var key = ToKey(Unsafe.Add(ref bit0, i));
            min = Math.Min(min, key);
            max = Math.Max(max, key);
        }

        if (min == max)
        {
            return;
        }

        // Parts by the value itself (equal widths: even parts for normal or uniform data) or by the key's leading bits
        // (equal widths on a log scale: even parts for heavy tails), whichever spreads a sample of the values better.
        var byKey = new KeyDigit(min, Shift(min, max, MaxDigitBits, out var digits));
        var byValue = ValueDigit.Of(BitConverter.UInt64BitsToDouble(FromKey(min)), BitConverter.UInt64BitsToDouble(FromKey(max)), 1 << MaxDigitBits);
        Span<int> ends = stackalloc int[Math.Max(digits, 1 << MaxDigitBits)];
        if (byValue is { } linear && Spread(bits, linear, ends) <= Spread(bits, byKey, ends))
        {
            Scatter(bits, other, linear, ends[..(1 << MaxDigitBits)]);
            ends = ends[..(1 << MaxDigitBits)];
        }
        else
        {
            ends = ends[..digits];
            Scatter(bits, other, byKey, ends);
        }

        // Each part is sorted back into the values' own memory and turned into doubles while it is in the cache.
        var start = 0;
        foreach (var end in ends)
        {
            var part = bits[start..end];
            SortKeys(other[start..end], part, intoOther: true);
            for (var i = 0; i < part.Length; i++)
            {
                part[i] = FromKey(part[i]);
            }

            start = end;
        }
    }

    /// <summary>Sorts with a scratch buffer rented for the call.</summary>
    public static void Sort(Span<double> values)
    {
        if (values.Length <= SmallSort)
        {
            values.Sort();
            return;
        }

        var scratch = System.Buffers.ArrayPool<double>.Shared.Rent(values.Length);
        try
        {
            Sort(values, scratch);
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(scratch);
        }
    }

    // How unevenly a mapping spreads 1,024 values taken across the sample: the sum of squared part sizes.
    private static long Spread<TDigit>(Span<ulong> bits, TDigit digit, Span<int> counts)
        where TDigit : struct, IDigit
    {
        counts.Clear();
        var step = Math.Max(1, bits.Length / 1024);
        for (var i = 0; i < bits.Length; i += step)
        {
            counts[digit.Of(bits[i])]++;
        }

        long sum = 0;
        foreach (var c in counts)
        {
            sum += (long)c * c;
        }

        return sum;
    }

    // Histogram of the doubles' bits by digit, then their keys scattered to `other` by digit (`ends` left at each part's end).
    private static void Scatter<TDigit>(Span<ulong> bits, Span<ulong> other, TDigit digit, Span<int> ends)
        where TDigit : struct, IDigit
    {
        ends.Clear();
        ref var bit0 = ref MemoryMarshal.GetReference(bits);
        ref var end0 = ref MemoryMarshal.GetReference(ends);
        for (var i = 0; i < bits.Length; i++)
        {
            Unsafe.Add(ref end0, digit.Of(Unsafe.Add(ref bit0, i)))++;
        }

        ToStarts(ends);
        ref var other0 = ref MemoryMarshal.GetReference(other);
        for (var i = 0; i < bits.Length; i++)
        {
            var b = Unsafe.Add(ref bit0, i);
            Unsafe.Add(ref other0, Unsafe.Add(ref end0, digit.Of(b))++) = ToKey(b);
        }
    }

    private interface IDigit
    {
        int Of(ulong bits);
    }

    private readonly struct KeyDigit(ulong min, int shift) : IDigit
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Of(ulong bits) => (int)((ToKey(bits) - min) >> shift);
    }

    // floor((v − min) · scale), clamped: rounding keeps it non-decreasing in v, so the parts stay in order.
    private readonly struct ValueDigit(double min, double scale, int last) : IDigit
    {
        public static ValueDigit? Of(double min, double max, int digits)
        {
            var scale = digits / (max - min);
            return double.IsFinite(max - min) && double.IsFinite(scale) && scale > 0 ? new ValueDigit(min, scale, digits - 1) : null;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Of(ulong bits) => Math.Min((int)((BitConverter.UInt64BitsToDouble(bits) - min) * scale), last);
    }

    // Sorts the keys of `data`; the result lands in `other` when `intoOther` (data is then the scratch), else in `data`.
    private static void SortKeys(Span<ulong> data, Span<ulong> other, bool intoOther)
    {
        if (data.Length <= InsertionSize)
        {
            if (intoOther)
            {
                data.CopyTo(other);
                InsertionSort(other);
            }
            else
            {
                InsertionSort(data);
            }

            return;
        }

        ref var data0 = ref MemoryMarshal.GetReference(data);
        ulong min = ulong.MaxValue, max = 0;
        for (var i = 0; i < data.Length; i++)
        {
            var key = Unsafe.Add(ref data0, i);
            min = Math.Min(min, key);
            max = Math.Max(max, key);
        }

        if (min == max)
        {
            if (intoOther)
            {
                data.CopyTo(other);
            }

            return;
        }

        // About four digits a value, so that most values have a part to themselves and the insertion sort afterwards
        // has little to move (measured on 10 M normal doubles: 13 ns a value, against 19 at two values a part). Above
        // 2,048 digits the counts come from the pool rather than the stack: a level may recurse a few times.
        var wanted = Math.Clamp(BitOperations.Log2((uint)data.Length) + 2, 4, SecondDigitBits);
        var shift = Shift(min, max, wanted, out var digits);
        var rented = digits > 1 << MaxDigitBits ? ArrayPool<int>.Shared.Rent(digits) : null;
        var ends = rented is null ? stackalloc int[digits] : rented.AsSpan(0, digits);
        ends.Clear();
        ref var end0 = ref MemoryMarshal.GetReference(ends);
        for (var i = 0; i < data.Length; i++)
        {
            Unsafe.Add(ref end0, (int)((Unsafe.Add(ref data0, i) - min) >> shift))++;
        }

        ToStarts(ends);
        ref var other0 = ref MemoryMarshal.GetReference(other);
        for (var i = 0; i < data.Length; i++)
        {
            var key = Unsafe.Add(ref data0, i);
            Unsafe.Add(ref other0, Unsafe.Add(ref end0, (int)((key - min) >> shift))++) = key;
        }

        // The parts are in `other` now. Parts of more than a few values are sorted by the next level (in `other`, or
        // back into `data`); the rest are put in order by one insertion sort over the whole range afterwards, which
        // moves each value only within its small part.
        var target = intoOther ? other : data;
        if (!intoOther)
        {
            other.CopyTo(data);
        }

        var start = 0;
        foreach (var end in ends)
        {
            var count = end - start;
            if (count > InsertionSize)
            {
                SortKeys(other.Slice(start, count), data.Slice(start, count), !intoOther);
            }

            start = end;
        }

        if (rented is not null)
        {
            ArrayPool<int>.Shared.Return(rented);
        }

        InsertionSort(target);
    }

    // The shift that leaves at most 2^wanted digits between min and max (digits: how many there are).
    private static int Shift(ulong min, ulong max, int wanted, out int digits)
    {
        var rangeBits = 64 - BitOperations.LeadingZeroCount(max - min);
        var shift = Math.Max(0, rangeBits - wanted);
        digits = (int)((max - min) >> shift) + 1;
        return shift;
    }

    // Counts per digit become each digit's first slot (advanced by the scatter to the digit's end).
    private static void ToStarts(Span<int> counts)
    {
        var sum = 0;
        for (var d = 0; d < counts.Length; d++)
        {
            var c = counts[d];
            counts[d] = sum;
            sum += c;
        }
    }

    private static void InsertionSort(Span<ulong> keys)
    {
        for (var i = 1; i < keys.Length; i++)
        {
            var key = keys[i];
            var j = i - 1;
            while (j >= 0 && keys[j] > key)
            {
                keys[j + 1] = keys[j];
                j--;
            }

            keys[j + 1] = key;
        }
    }

    // Positive numbers: set the sign bit; negative ones: flip every bit. Unsigned order is then numeric order.
    /// <summary>A double's bits flipped so that unsigned order is numeric order (negative: all bits; positive: the sign bit).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong ToKey(ulong bits) => bits ^ ((ulong)((long)bits >> 63) | 0x8000_0000_0000_0000UL);

    private static ulong FromKey(ulong key) => key ^ ((key >> 63) - 1 | 0x8000_0000_0000_0000UL);
}
