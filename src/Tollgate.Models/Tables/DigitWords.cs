using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tollgate.Models.Tables;

/// <summary>Decimal digits read eight bytes at a time (one 64-bit word), for the CSV readers' number parsers.</summary>
internal static class DigitWords
{
    /// <summary>10^0 … 10^19, every power of ten below 2^64: what a number read so far is multiplied by to append digits.</summary>
    public static readonly ulong[] PowersOfTen =
    [
        1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
        100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
        10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
    ];

    /// <summary>Keeps the first <c>count</c> (0–8) bytes of a word: its low bytes.</summary>
    public static readonly ulong[] FirstBytes = [0, 0xFF, 0xFFFF, 0xFF_FFFF, 0xFFFF_FFFF, 0xFF_FFFF_FFFF, 0xFFFF_FFFF_FFFF, 0xFF_FFFF_FFFF_FFFF, ulong.MaxValue];

    /// <summary>Keeps the last <c>count</c> (0–8) bytes of a word: its high bytes.</summary>
    public static readonly ulong[] LastBytes =
    [
        0, 0xFF00_0000_0000_0000UL, 0xFFFF_0000_0000_0000UL, 0xFFFF_FF00_0000_0000UL, 0xFFFF_FFFF_0000_0000UL,
        0xFFFF_FFFF_FF00_0000UL, 0xFFFF_FFFF_FFFF_0000UL, 0xFFFF_FFFF_FFFF_FF00UL, ulong.MaxValue,
    ];

    // How many of the word's bytes, from its first, are ASCII digits (8 when all are). A byte is flagged when it is not
    // 0x30–0x39: its high bit after XOR with 0x30 (bytes of 0x80 and up), or after adding 0x76 (9 → 0x7F, 10 → 0x80).
    // An addition can carry into the next byte only from a flagged byte, so the first flagged byte is always right.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int FirstNonDigit(ulong word) => BitOperations.TrailingZeroCount(NonDigits(word)) >> 3;

    // The high bit of every byte of the word that is not an ASCII digit (see FirstNonDigit).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong NonDigits(ulong word)
    {
        var x = word ^ 0x3030_3030_3030_3030UL;
        return ((x + 0x7676_7676_7676_7676UL) | x) & 0x8080_8080_8080_8080UL;
    }

    // The value of the first `count` (0–8) bytes of the word as decimal digits, the first the most significant: moved
    // up so that zeros lead, then combined.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Digits(ulong word, int count)
    {
        if (count == 0)
        {
            return 0;
        }

        return Combine((word - 0x3030_3030_3030_3030UL) << (8 * (8 - count)));
    }

    /// <summary>
    /// Appends the run of digits from <paramref name="i"/> to <paramref name="mantissa"/>, a word at a time, and moves
    /// <paramref name="i"/> past it; <paramref name="significant"/> counts the digits from the first non-zero one (leading
    /// zeros are not significant), <paramref name="appended"/> every digit of the run. False past 19 significant digits
    /// (the mantissa would overflow) or when a word would run past the end of <paramref name="s"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Append(ReadOnlySpan<byte> s, ref int i, ref ulong mantissa, ref int significant, out int appended)
    {
        appended = 0;
        ref var b0 = ref MemoryMarshal.GetReference(s);
        int count;
        do
        {
            if (i + 8 > s.Length)
            {
                return false;
            }

            var word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b0, i));
            count = FirstNonDigit(word);
            var zeros = mantissa == 0 ? Math.Min(count, BitOperations.TrailingZeroCount(word ^ 0x3030_3030_3030_3030UL) >> 3) : 0;
            significant += count - zeros;
            if (significant > 19)
            {
                return false;
            }

            mantissa = (mantissa * PowersOfTen[count]) + Digits(word, count);
            appended += count;
            i += count;
        }
        while (count == 8);

        return true;
    }

    // The word with its byte `at` (0–7) taken out, the bytes after it moved down one: a decimal point dropped from
    // between the digits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong WithoutByte(ulong word, int at)
    {
        var before = (1UL << (8 * at)) - 1;
        return (word & before) | ((word >> 8) & ~before);
    }

    // The value of the last `count` (0–8) bytes of the word, all ASCII digits, the first the most significant: the
    // bytes before them are masked off before the '0's are taken away, so that no borrow crosses into the digits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Tail(ulong word, int count)
    {
        var keep = LastBytes[count];
        return Combine((word & keep) - (0x3030_3030_3030_3030UL & keep));
    }

    // Eight digit values, one a byte, the first (lowest) byte the most significant, as one number: pairs, fours and
    // eights of digits combined at once.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Combine(ulong v)
    {
        v = (v * 10) + (v >> 8);
        return (uint)((((v & 0x0000_00FF_0000_00FFUL) * (100 + (1_000_000UL << 32))) + (((v >> 16) & 0x0000_00FF_0000_00FFUL) * (1 + (10_000UL << 32)))) >> 32);
    }
}
