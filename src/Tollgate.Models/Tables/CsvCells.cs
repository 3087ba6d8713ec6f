using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tollgate.Models.Tables;

/// <summary>
/// The cells of one CSV record of numbers, for <see cref="CsvBlocks"/>: a short decimal read eight bytes at a time,
/// anything else as <see cref="ColumnBuilder"/> takes a cell (<see cref="DecimalText"/>, then missing-value spellings).
/// </summary>
internal static class CsvCells
{

    // One record's cells into row `row` of the columns; false when it is not all numbers or has the wrong count.
    public static bool Record(ReadOnlySpan<byte> buffer, int start, int end, double[][] columns, int row)
    {
        var i = start;
        var last = columns.Length - 1;
        for (var c = 0; c <= last; c++)
        {
            if (Short(buffer, i, end, out var value, out var next) && (c == last ? next == end : next < end && buffer[next] == ','))
            {
                i = next + 1;
            }
            else if (!Cell(buffer, ref i, end, out value, c == last))
            {
                return false;
            }

            columns[c][row] = value;
        }

        return true;
    }

    /// <summary>
    /// A record of a file with text columns: their cells as ids (<see cref="CsvTexts"/>), the others as
    /// <see cref="Record"/> reads them. False as <see cref="Record"/>, and for a quote in a text cell.
    /// </summary>
    public static bool RecordWithText(ReadOnlySpan<byte> buffer, int start, int end, double[][] columns, int row, CsvTexts texts)
    {
        var i = start;
        var last = columns.Length - 1;
        for (var c = 0; c <= last; c++)
        {
            double value;
            if (texts.IsText[c])
            {
                var rest = buffer[i..end];
                var comma = rest.IndexOf((byte)',');
                if (c == last ? comma >= 0 : comma < 0)
                {
                    return false;
                }

                var cell = c == last ? rest : rest[..comma];
                if (cell.Contains((byte)'"'))
                {
                    return false;
                }

                value = texts.Id(c, cell);
                i += cell.Length + 1;
            }
            else if (Short(buffer, i, end, out value, out var next) && (c == last ? next == end : next < end && buffer[next] == ','))
            {
                i = next + 1;
            }
            else if (!Cell(buffer, ref i, end, out value, c == last))
            {
                return false;
            }

            columns[c][row] = value;
        }

        return true;
    }

    /// <summary>
    /// Why a record was refused: false when it is malformed for this reader (a quote, the wrong number of fields),
    /// which the general reader must see; true when its only trouble is text in columns taken for numbers, which are
    /// then noted in <paramref name="texts"/>.
    /// </summary>
    public static bool FindText(ReadOnlySpan<byte> record, CsvTexts texts)
    {
        if (record.Contains((byte)'"'))
        {
            return false;
        }

        var found = new List<int>();
        var c = 0;
        foreach (var range in record.Split((byte)','))
        {
            if (c >= texts.IsText.Length)
            {
                return false;
            }

            if (!texts.IsText[c] && !ColumnBuilder.TryNumber(record[range], out _))
            {
                found.Add(c);
            }

            c++;
        }

        if (c != texts.IsText.Length || found.Count == 0)
        {
            return false;
        }

        found.ForEach(texts.Find);
        return true;
    }

    // The cell at `i` (which moves past it and its comma) of the record ending at `end`, when it is not a short
    // decimal: a longer one digit by digit, anything else as ColumnBuilder takes it. False for text, or when the cell
    // is not followed by a comma (or, for the last, by the record's end).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Cell(ReadOnlySpan<byte> buffer, ref int i, int end, out double value, bool last)
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
        if (ColumnBuilder.IsMissing(cell))
        {
            value = double.NaN;
            return true;
        }

        return double.TryParse(cell, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out value);
    }

    // The common cell: an optional minus, at most seven digits, and optionally a point and at most seven more. Each
    // part is read as one 8-byte word: its digits end at the first byte that is not one, and are combined into an
    // integer by three multiplications instead of a loop (so no branch depends on how long the number is). At most
    // fourteen digits fit in 53 bits, so the integer and the power of ten are exact and their quotient is the
    // correctly rounded double (as in DecimalText). False leaves the cell to Cell.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Short(ReadOnlySpan<byte> buffer, int i, int end, out double value, out int next)
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
            var before = (1UL << (8 * whole)) - 1;
            fraction = length - 1 - whole;
            mantissa = DigitWords.Digits((word & before) | ((word >> 8) & ~before), length - 1);
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
        var fraction = 0;
        var i = at + whole + 1;
        int count;
        do
        {
            if (i + 8 > buffer.Length)
            {
                return false;
            }

            var word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b0, i));
            count = DigitWords.FirstNonDigit(word);

            // Leading zeros are not significant: only digits from the first non-zero one count towards the 19.
            var zeros = mantissa == 0 ? Math.Min(count, BitOperations.TrailingZeroCount(word ^ 0x3030_3030_3030_3030UL) >> 3) : 0;
            significant += count - zeros;
            if (significant > 19)
            {
                return false;
            }

            mantissa = (mantissa * DigitWords.PowersOfTen[count]) + DigitWords.Digits(word, count);
            fraction += count;
            i += count;
        }
        while (count == 8);

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
