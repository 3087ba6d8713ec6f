using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Tollgate.Models.Tables;

/// <summary>
/// The cells of one CSV record, for <see cref="CsvBlocks"/>: where each cell ends (its commas found first), numbers
/// read by <see cref="DecimalCells"/>, a text column's cells as ids (<see cref="CsvTexts"/>).
/// </summary>
internal static class CsvCells
{
    // Records up to this long have their commas found first; longer ones are read cell by cell.
    private const int MaskedLength = 1024;

    /// <summary>
    /// One record's cells into row <paramref name="row"/> of the columns; false when it is not all numbers (but for
    /// the text columns of <paramref name="texts"/>, whose cells become ids) or has the wrong count, or a text cell
    /// holds a quote. The record's commas are found first, 64 bytes at a time, so each cell's end is known before it
    /// is read: reading a cell does not wait on finding where the one before it ended, and a long cell's digits are
    /// taken in whole words that end where it does, with no loop (<see cref="DecimalCells.Known"/>). A record too long for that,
    /// or too near the buffer's end for whole 64-byte reads, is read cell by cell.
    /// </summary>
    public static bool Record(ReadOnlySpan<byte> buffer, int start, int end, double[][] columns, int row, CsvTexts? texts = null)
    {
        var length = end - start;
        var words = (length >> 6) + 1;
        if (length > MaskedLength || start + (64 * words) > buffer.Length)
        {
            return RecordByCells(buffer, start, end, columns, row, texts);
        }

        ref var b0 = ref MemoryMarshal.GetReference(buffer);
        Span<ulong> commas = stackalloc ulong[(MaskedLength >> 6) + 1];
        var comma = Vector128.Create((byte)',');
        for (var w = 0; w < words; w++)
        {
            var at = (nuint)(start + (64 * w));
            commas[w] = Vector128.Equals(Vector128.LoadUnsafe(ref b0, at), comma).ExtractMostSignificantBits()
                | ((ulong)Vector128.Equals(Vector128.LoadUnsafe(ref b0, at + 16), comma).ExtractMostSignificantBits() << 16)
                | ((ulong)Vector128.Equals(Vector128.LoadUnsafe(ref b0, at + 32), comma).ExtractMostSignificantBits() << 32)
                | ((ulong)Vector128.Equals(Vector128.LoadUnsafe(ref b0, at + 48), comma).ExtractMostSignificantBits() << 48);
        }

        // The bits past the record's end dropped, and one set at its end: the last cell ends there as the others at a comma.
        var last = length >> 6;
        commas[last] = (commas[last] & ((1UL << (length & 63)) - 1)) | (1UL << (length & 63));
        var word = 0;
        var bits = commas[0];
        var cell = start;
        for (var c = 0; c < columns.Length; c++)
        {
            while (bits == 0)
            {
                if (++word > last)
                {
                    return false;
                }

                bits = commas[word];
            }

            var cellEnd = start + (64 * word) + BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
            double value;
            if (texts is not null && texts.IsText[c])
            {
                if (!TextCell(buffer[cell..cellEnd], texts, c, out value))
                {
                    return false;
                }
            }
            else if (!DecimalCells.Known(buffer, cell, cellEnd, out value))
            {
                // Anything else as ColumnBuilder takes it; the cell's comma (or the record's end) is where it stops.
                var i = cell;
                var lastCell = c == columns.Length - 1;
                if (!DecimalCells.Cell(buffer, ref i, end, out value, lastCell) || i != cellEnd + 1)
                {
                    return false;
                }
            }

            columns[c][row] = value;
            cell = cellEnd + 1;
        }

        // Every comma taken, and the last cell ended at the record's end.
        return cell == end + 1 && bits == 0 && word == last;
    }

    // Record's cells one after the other: each cell's end is where reading it stops (a text cell's at its comma).
    private static bool RecordByCells(ReadOnlySpan<byte> buffer, int start, int end, double[][] columns, int row, CsvTexts? texts)
    {
        var i = start;
        var last = columns.Length - 1;
        for (var c = 0; c <= last; c++)
        {
            double value;
            if (texts is not null && texts.IsText[c])
            {
                var rest = buffer[i..end];
                var comma = rest.IndexOf((byte)',');
                if ((c == last ? comma >= 0 : comma < 0) || !TextCell(c == last ? rest : rest[..comma], texts, c, out value))
                {
                    return false;
                }

                i += (c == last ? rest.Length : comma) + 1;
            }
            else if (DecimalCells.Short(buffer, i, end, out value, out var next) && (c == last ? next == end : next < end && buffer[next] == ','))
            {
                i = next + 1;
            }
            else if (!DecimalCells.Cell(buffer, ref i, end, out value, c == last))
            {
                return false;
            }

            columns[c][row] = value;
        }

        return true;
    }

    // A text column's cell as its id; false for a quote in it (the general reader takes quoted fields).
    private static bool TextCell(ReadOnlySpan<byte> cell, CsvTexts texts, int column, out double id)
    {
        id = 0;
        if (cell.Contains((byte)'"'))
        {
            return false;
        }

        id = texts.Id(column, cell);
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
}
