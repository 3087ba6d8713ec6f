using System.Numerics;
using System.Runtime.CompilerServices;

namespace Tollgate.Models.Tables;

/// <summary>Decimal digits read eight bytes at a time (one 64-bit word), for the CSV readers' number parsers.</summary>
internal static class DigitWords
{
    /// <summary>10^0 … 10^8: what a number read so far is multiplied by to append a word's digits.</summary>
    public static readonly ulong[] PowersOfTen = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000];

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
    // up so that zeros lead, then pairs, fours and eights of digits combined at once.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Digits(ulong word, int count)
    {
        if (count == 0)
        {
            return 0;
        }

        var v = (word - 0x3030_3030_3030_3030UL) << (8 * (8 - count));
        v = (v * 10) + (v >> 8);
        return (uint)((((v & 0x0000_00FF_0000_00FFUL) * (100 + (1_000_000UL << 32))) + (((v >> 16) & 0x0000_00FF_0000_00FFUL) * (1 + (10_000UL << 32)))) >> 32);
    }
}
