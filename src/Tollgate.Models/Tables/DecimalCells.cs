using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tollgate.Models.Tables;

/// <summary>
/// A CSV cell read as a number, for <see cref="CsvCells"/>: a cell whose end is known (<see cref="Known"/>), a short
/// decimal read eight bytes at a time (<see cref="Short"/>, reading on past eight fraction digits), anything else as
/// <see cref="ColumnBuilder"/> takes a cell (<see cref="Cell"/>: <see cref="DecimalText"/>, then missing-value spellings).
/// </summary>
internal static class DecimalCells
{
    // The cell at `i` (which moves past it and its comma) of the record ending at `end`, when it is not a short
    // decimal: a longer one digit by digit, anything else as ColumnBuilder takes it. False for text, or when the cell
    // is not followed by a comma (or, for the last, by the record's end).
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static bool Cell(ReadOnlySpan<byte> buffer, ref int i, int end, out double value, bool last)
    {
        var record = buffer[..end];
        var start = i;
        if (DecimalText.TryParsePrefix(record[start..], out value, out var length)
            && (last ? start + length == record.Length : start + length < record.Length && record[start + length] == ','))
        {
            i = start + length + 1;
            return true;
        }

        var rest = record[start..];
        var comma = rest.IndexOf((byte)',');
        if (last ? comma >= 0 : comma < 0)
        {
            return false;
        }

        var cell = last ? rest : rest[..comma];
        i = start + cell.Length + 1;

        // ColumnBuilder.TryNumber, less the fast path that has just failed on these very bytes (it stops at the comma):
        // a full-precision double is scanned once more, by the runtime, not twice.
        if (ColumnBuilder.IsMissingNumber(cell))
        {
            value = double.NaN;
            return true;
        }

        return double.TryParse(cell, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out value);
    }

    // A cell whose end is known: an optional minus, then digits with at most one point, at most 19 digits (leading
    // zeros too) and at most seven before the point; no exponent. One word holds a cell of up to eight such bytes; a
    // longer one's fraction is read from up to three words that end where the cell does, the bytes before it masked
    // off, and checked to be digits. Converted by DecimalText.ToDouble (Clinger's exact division when the digits fit
    // 53 bits, else Eisel–Lemire). False leaves the cell to Cell, which takes every other spelling (and what Eisel–Lemire declines).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool Known(ReadOnlySpan<byte> buffer, int start, int end, out double value)
    {
        value = 0;
        ref var b0 = ref MemoryMarshal.GetReference(buffer);
        var negative = Unsafe.Add(ref b0, start) == '-';
        var at = start + (negative ? 1 : 0);
        var n = end - at;
        if (n <= 0 || end < 24)
        {
            return false;
        }

        var word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b0, at));
        var flags = DigitWords.NonDigits(word);
        var whole = BitOperations.TrailingZeroCount(flags) >> 3;
        ulong mantissa;
        int fraction;
        if (n <= 8)
        {
            // The cell in one word: an integer, or one point with only digits after it (and a digit somewhere).
            if (whole >= n)
            {
                mantissa = DigitWords.Digits(word, n);
                fraction = 0;
            }
            else if ((byte)(word >> (8 * whole)) == '.' && (flags & DigitWords.FirstBytes[n] & ~(0x80UL << (8 * whole))) == 0 && n > 1)
            {
                fraction = n - 1 - whole;
                mantissa = DigitWords.Digits(DigitWords.WithoutByte(word, whole), n - 1);
            }
            else
            {
                return false;
            }
        }
        else
        {
            fraction = n - whole - 1;
            if (whole >= 8 || (byte)(word >> (8 * whole)) != '.' || whole + fraction > 19)
            {
                return false;
            }

            // The fraction's last eight digits, the eight before them, and any before those (at most three).
            var low = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b0, end - 8));
            var middle = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b0, end - 16));
            var high = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b0, end - 24));
            int inLow = Math.Min(fraction, 8), inMiddle = Math.Clamp(fraction - 8, 0, 8), inHigh = Math.Max(fraction - 16, 0);
            if (((DigitWords.NonDigits(low) & DigitWords.LastBytes[inLow])
                | (DigitWords.NonDigits(middle) & DigitWords.LastBytes[inMiddle])
                | (DigitWords.NonDigits(high) & DigitWords.LastBytes[inHigh])) != 0)
            {
                return false;
            }

            mantissa = (DigitWords.Digits(word, whole) * DigitWords.PowersOfTen[fraction])
                + DigitWords.Tail(low, inLow) + (DigitWords.Tail(middle, inMiddle) * 100_000_000) + (DigitWords.Tail(high, inHigh) * 10_000_000_000_000_000);
        }

        if (!DecimalText.ToDouble(mantissa, -fraction, out var v))
        {
            return false;
        }

        // The sign as a bit, not a branch (−0 stays −0.0).
        value = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(v) | ((long)(negative ? 1 : 0) << 63));
        return true;
    }

    // The common cell: an optional minus, at most seven digits, and optionally a point and at most seven more. Each
    // part is read as one 8-byte word: its digits end at the first byte that is not one, and are combined into an
    // integer by three multiplications instead of a loop (so no branch depends on how long the number is). At most
    // fourteen digits fit in 53 bits, so the integer and the power of ten are exact and their quotient is the
    // correctly rounded double (as in DecimalText). False leaves the cell to Cell.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool Short(ReadOnlySpan<byte> buffer, int i, int end, out double value, out int next)
    {
        value = 0;
        next = i;
        if (i + 18 > buffer.Length)
        {
            return false;
        }

        ref var b0 = ref MemoryMarshal.GetReference(buffer);
        var at = i;
        var negative = Unsafe.Add(ref b0, at) == '-';
        at += negative ? 1 : 0;
        var word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b0, at));
        var flags = DigitWords.NonDigits(word);
        var whole = BitOperations.TrailingZeroCount(flags) >> 3;
        if (whole == 8)
        {
            return false;
        }

        ulong mantissa;
        var fraction = 0;
        if ((byte)(word >> (8 * whole)) != '.')
        {
            mantissa = DigitWords.Digits(word, whole);
            at += whole;
        }
        else if (BitOperations.TrailingZeroCount(flags & ~(0x80UL << (8 * whole))) >> 3 is var length and < 8)
        {
            // Point and all in the one word: the point taken out, the digits are one number.
            fraction = length - 1 - whole;
            mantissa = DigitWords.Digits(DigitWords.WithoutByte(word, whole), length - 1);
            at += length;
        }
        else
        {
            word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b0, at + whole + 1));
            fraction = DigitWords.FirstNonDigit(word);
            if (fraction == 8)
            {
                // A full-precision double (as Python, pandas or Spark write them): read on from here, not again.
                return Long(buffer, at, whole, end, negative, out value, out next);
            }

            mantissa = (DigitWords.Digits(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b0, at)), whole) * DigitWords.PowersOfTen[fraction]) + DigitWords.Digits(word, fraction);
            at += whole + 1 + fraction;
        }

        if (whole + fraction == 0 || at > end)
        {
            return false;
        }

        // Below 2^47, so the signed conversion is exact (and one instruction, where the unsigned one is several).
        var v = fraction == 0 ? (double)(long)mantissa : (long)mantissa / DecimalText.PowersOfTen[fraction];
        // The sign as a bit, not a branch (−0 stays −0.0).
        value = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(v) | ((long)(negative ? 1 : 0) << 63));
        next = at;
        return true;
    }

    // The rest of a cell of `whole` (at most seven) digits, a point and at least eight more, from `at` (past any minus):
    // the fraction a word at a time, up to 19 significant digits, then converted by DecimalText.ToDouble. False leaves
    // the cell to Cell: more digits, an exponent, a conversion Eisel–Lemire declines, or too near the buffer's end for
    // whole words.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Long(ReadOnlySpan<byte> buffer, int at, int whole, int end, bool negative, out double value, out int next)
    {
        value = 0;
        next = at;
        ref var b0 = ref MemoryMarshal.GetReference(buffer);
        var mantissa = DigitWords.Digits(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b0, at)), whole);
        var significant = mantissa == 0 ? 0 : whole;
        var i = at + whole + 1;
        if (!DigitWords.Append(buffer, ref i, ref mantissa, ref significant, out var fraction))
        {
            return false;
        }

        if (i > end || (i < end && (buffer[i] | 0x20) == 'e'))
        {
            return false;
        }

        if (!DecimalText.ToDouble(mantissa, -fraction, out var v))
        {
            return false;
        }

        value = negative ? -v : v;
        next = i;
        return true;
    }
}
