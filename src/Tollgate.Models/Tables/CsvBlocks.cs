using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Tollgate.Models.Tables;

/// <summary>
/// Reads a CSV file whose cells are all numbers (or missing) on every core: the data after the header is cut into
/// blocks of <see cref="BlockSize"/> bytes, a record belongs to the block holding its first byte, and each block is
/// parsed on its own into per-column arrays, handed to a visitor (<see cref="TryScan"/>, which holds nothing) or
/// copied to exactly its rows to become the columns' chunks in block order (<see cref="TryRead"/>).
/// Without quotes a newline always ends a record, so a block finds its first record by the newline before it.
/// Anything this path does not handle (a quote, a text cell, a record with the wrong number of fields, a header it
/// cannot take) gives null, and the caller reads the file with the general reader, which gives the same numbers and
/// says what is wrong with the file in its words. A cell is parsed as <see cref="ColumnBuilder.Add"/> parses it.
/// </summary>
internal static class CsvBlocks
{
    /// <summary>Bytes of data per block: enough to amortise finding its first record, small enough to share among the cores.</summary>
    public const int BlockSize = 8 << 20;

    // How many bytes past its end a block reads at first, for the tail of its last record.
    private const int Margin = 64 << 10;

    private static readonly ulong[] WholePowersOfTen = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000];

    private static readonly double[] PowersOfTen =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

    /// <summary>The file's header and numeric columns, or null when the file needs the general reader.</summary>
    public static (IReadOnlyList<string> Names, Column[] Columns, int Rows)? TryRead(string path, int blockSize = BlockSize, CancellationToken cancellationToken = default)
    {
        var parsed = new List<(int Block, double[][] Columns)>();
        var scanned = TryScan(
            path,
            (block, columns, rows) =>
            {
                var copy = columns.Select(c => c.AsSpan(0, rows).ToArray()).ToArray();
                lock (parsed)
                {
                    parsed.Add((block, copy));
                }
            },
            blockSize,
            cancellationToken);
        if (scanned is not var (names, rows) || rows > Array.MaxLength)
        {
            return null;
        }

        parsed.Sort((a, b) => a.Block.CompareTo(b.Block));
        var result = new Column[names.Count];
        for (var c = 0; c < names.Count; c++)
        {
            result[c] = Column.Numeric(names[c], [.. parsed.Select(p => p.Columns[c]).Where(a => a.Length > 0)], (int)rows);
        }

        return (names, result, (int)rows);
    }

    /// <summary>
    /// Parses the file's blocks on every core and hands each block's rows to <paramref name="visit"/> (block index,
    /// one array per column, rows), on the thread that parsed it, in no particular order; the arrays are reused for
    /// the next block once it returns. Null when the file needs the general reader: what was visited until then is to
    /// be thrown away.
    /// </summary>
    public static (IReadOnlyList<string> Names, long Rows)? TryScan(string path, Action<int, double[][], int> visit, int blockSize = BlockSize, CancellationToken cancellationToken = default)
    {
        if (Header(path) is not var (names, dataStart))
        {
            return null;
        }

        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = RandomAccess.GetLength(handle);
        var blocks = (int)Math.Max(1, (length - dataStart + blockSize - 1) / blockSize);
        var failed = 0;
        long rows = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        try
        {
            Scan();
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            // A read that failed says so as itself, as the general reader's would.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }

        return failed == 0 ? (names, rows) : null;

        void Scan() => Parallel.For(
            0,
            blocks,
            options,
            () => new Worker(new byte[blockSize + Margin + 1], new double[names.Count][]),
            (k, state, worker) =>
            {
                if (Volatile.Read(ref failed) == 0)
                {
                    var block = new Block(handle, length, dataStart + ((long)k * blockSize), Math.Min(length, dataStart + ((long)(k + 1) * blockSize)), worker);
                    if (block.Parse() is { } count)
                    {
                        Interlocked.Add(ref rows, count);
                        visit(k, worker.Columns, count);
                    }
                    else
                    {
                        Volatile.Write(ref failed, 1);
                        state.Stop();
                    }
                }

                return worker;
            },
            _ => { });
    }

    // The header's names and where the data starts; null when the file is empty or the header has a quote or repeats a name.
    private static (List<string> Names, long DataStart)? Header(string path)
    {
        using var records = new CsvRecords(path);
        if (!records.Next() || !records.Plain)
        {
            return null;
        }

        var names = new List<string>();
        for (var f = 0; f < records.FieldCount; f++)
        {
            names.Add(Encoding.UTF8.GetString(records.Field(f)));
        }

        return names.Count == names.Distinct().Count() ? (names, records.Consumed) : null;
    }

    // A parsing thread's buffers: the file's bytes and one array per column, reused block after block.
    private sealed class Worker(byte[] buffer, double[][] columns)
    {
        public byte[] Buffer { get; set; } = buffer;

        public double[][] Columns { get; } = columns;
    }

    // One block: the records that start in [start, end), parsed into the worker's column arrays.
    private struct Block(SafeFileHandle handle, long fileLength, long start, long end, Worker worker)
    {
        private long loadedFrom;
        private int loaded;

        // The rows parsed; null when the block needs the general reader.
        public int? Parse()
        {
            // The byte before the block tells whether a record starts at its first byte.
            var from = Math.Max(0, start - 1);
            Load(from, (int)Math.Min(fileLength - from, end - from + Margin));
            var first = start;
            if (start > 0 && worker.Buffer[0] != '\n')
            {
                var newline = FindNewline(start);
                if (newline < 0)
                {
                    return 0;
                }

                first = newline + 1;
            }

            if (first >= end)
            {
                return 0;
            }

            if (first < loadedFrom || Math.Min(end, fileLength) > loadedFrom + loaded)
            {
                // Finding the first record loaded the file from further on: load the block from there.
                Load(first, (int)Math.Min(fileLength - first, end - first + Margin));
            }

            // Records starting before the end: the first, and one after each newline before the block's last byte.
            var rows = 1 + worker.Buffer.AsSpan((int)(first - loadedFrom), (int)(end - 1 - first)).Count((byte)'\n');
            var columns = worker.Columns;
            for (var c = 0; c < columns.Length; c++)
            {
                if (columns[c] is null || columns[c].Length < rows)
                {
                    columns[c] = GC.AllocateUninitializedArray<double>(rows);
                }
            }

            var row = 0;
            var at = first;
            while (at < end)
            {
                var newline = FindNewline(at);
                var recordEnd = newline < 0 ? fileLength : newline;
                var buffer = worker.Buffer;
                var to = recordEnd > at && buffer[(int)(recordEnd - 1 - loadedFrom)] == '\r' ? recordEnd - 1 : recordEnd;
                if (to > at)
                {
                    // Empty lines are not rows.
                    if (!Record(buffer, (int)(at - loadedFrom), (int)(to - loadedFrom), columns, row))
                    {
                        return null;
                    }

                    row++;
                }

                at = recordEnd + 1;
            }

            return row;
        }

        // The position of the first newline at or after `at`, loading more of the file as needed; −1 at the end of the file.
        private long FindNewline(long at)
        {
            while (true)
            {
                var offset = (int)(at - loadedFrom);
                var k = worker.Buffer.AsSpan(offset, loaded - offset).IndexOf((byte)'\n');
                if (k >= 0)
                {
                    return at + k;
                }

                if (loadedFrom + loaded >= fileLength)
                {
                    return -1;
                }

                // A record longer than what is loaded: keep it and load twice as much from its start.
                Load(at, (int)Math.Min(fileLength - at, Math.Max(2L * (loaded - offset), Margin)));
            }
        }

        private void Load(long from, int count)
        {
            if (worker.Buffer.Length < count)
            {
                worker.Buffer = new byte[count];
            }

            loadedFrom = from;
            loaded = 0;
            while (loaded < count)
            {
                var read = RandomAccess.Read(handle, worker.Buffer.AsSpan(loaded, count - loaded), from + loaded);
                if (read == 0)
                {
                    break;
                }

                loaded += read;
            }
        }

        // One record's cells into row `row` of the columns; false when it is not all numbers or has the wrong count.
        private static bool Record(ReadOnlySpan<byte> buffer, int start, int end, double[][] columns, int row)
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
    }

    // The cell at `i` (which moves past it and its comma) of the record ending at `end`, when it is not a short
    // decimal: a longer one digit by digit, anything else as ColumnBuilder takes it. False for text, or when the cell
    // is not followed by a comma (or, for the last, by the record's end).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Cell(ReadOnlySpan<byte> buffer, ref int i, int end, out double value, bool last)
    {
        var record = buffer[..end];
        var start = i;
        if (Decimal(record, ref i, out value) && (last ? i == record.Length : i < record.Length && record[i] == ','))
        {
            i++;
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
        return ColumnBuilder.TryNumber(cell, out value);
    }

    // The common cell: an optional minus, at most seven digits, and optionally a point and at most seven more. Each
    // part is read as one 8-byte word: its digits end at the first byte that is not one, and are combined into an
    // integer by three multiplications instead of a loop (so no branch depends on how long the number is). At most
    // fourteen digits fit in 53 bits, so the integer and the power of ten are exact and their quotient is the
    // correctly rounded double (as in Decimal). False leaves the cell to Decimal.
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
        var flags = NonDigits(word);
        var whole = BitOperations.TrailingZeroCount(flags) >> 3;
        if (whole == 8)
        {
            return false;
        }

        ulong mantissa;
        var fraction = 0;
        if ((byte)(word >> (8 * whole)) != '.')
        {
            mantissa = Digits(word, whole);
            at += whole;
        }
        else if (BitOperations.TrailingZeroCount(flags & ~(0x80UL << (8 * whole))) >> 3 is var length and < 8)
        {
            // Point and all in the one word: the point taken out, the digits are one number.
            var before = (1UL << (8 * whole)) - 1;
            fraction = length - 1 - whole;
            mantissa = Digits((word & before) | ((word >> 8) & ~before), length - 1);
            at += length;
        }
        else
        {
            word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b0, at + whole + 1));
            fraction = FirstNonDigit(word);
            if (fraction == 8)
            {
                return false;
            }

            mantissa = (Digits(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b0, at)), whole) * WholePowersOfTen[fraction]) + Digits(word, fraction);
            at += whole + 1 + fraction;
        }

        if (whole + fraction == 0 || at > end)
        {
            return false;
        }

        // Below 2^47, so the signed conversion is exact (and one instruction, where the unsigned one is several).
        var v = fraction == 0 ? (double)(long)mantissa : (long)mantissa / PowersOfTen[fraction];
        // The sign as a bit, not a branch (−0 stays −0.0).
        value = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(v) | ((long)(negative ? 1 : 0) << 63));
        next = at;
        return true;
    }

    // How many of the word's bytes, from its first, are ASCII digits (8 when all are). A byte is flagged when it is not
    // 0x30–0x39: its high bit after XOR with 0x30 (bytes of 0x80 and up), or after adding 0x76 (9 → 0x7F, 10 → 0x80).
    // An addition can carry into the next byte only from a flagged byte, so the first flagged byte is always right.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FirstNonDigit(ulong word) => BitOperations.TrailingZeroCount(NonDigits(word)) >> 3;

    // The high bit of every byte of the word that is not an ASCII digit (see FirstNonDigit).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong NonDigits(ulong word)
    {
        var x = word ^ 0x3030_3030_3030_3030UL;
        return ((x + 0x7676_7676_7676_7676UL) | x) & 0x8080_8080_8080_8080UL;
    }

    // The value of the first `count` (0–8) bytes of the word as decimal digits, the first the most significant: moved
    // up so that zeros lead, then pairs, fours and eights of digits combined at once.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Digits(ulong word, int count)
    {
        if (count == 0)
        {
            return 0;
        }

        var v = (word - 0x3030_3030_3030_3030UL) << (8 * (8 - count));
        v = (v * 10) + (v >> 8);
        return (uint)((((v & 0x0000_00FF_0000_00FFUL) * (100 + (1_000_000UL << 32))) + (((v >> 16) & 0x0000_00FF_0000_00FFUL) * (1 + (10_000UL << 32)))) >> 32);
    }

    // A plain decimal (sign, digits, one point, no exponent) whose digits fit in 53 bits and which has at most 22
    // digits after the point: the digits as an integer divided by a power of ten, both exact, so the quotient is
    // the correctly rounded double, as the runtime's parser gives (Clinger's fast path). False leaves the cell to it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Decimal(ReadOnlySpan<byte> record, ref int i, out double value)
    {
        ref var r0 = ref MemoryMarshal.GetReference(record);
        var n = record.Length;
        var at = i;
        var negative = false;
        if (at < n)
        {
            var sign = Unsafe.Add(ref r0, at);
            if (sign == '-' || sign == '+')
            {
                negative = sign == '-';
                at++;
            }
        }

        ulong mantissa = 0;
        var digits = 0;
        var begin = at;
        uint d;
        while (at < n && (d = (uint)(Unsafe.Add(ref r0, at) - '0')) <= 9)
        {
            mantissa = (mantissa * 10) + d;
            digits += mantissa == 0 ? 0 : 1;
            at++;
        }

        var any = at > begin;
        var fraction = 0;
        if (at < n && Unsafe.Add(ref r0, at) == '.')
        {
            at++;
            var point = at;
            while (at < n && (d = (uint)(Unsafe.Add(ref r0, at) - '0')) <= 9)
            {
                mantissa = (mantissa * 10) + d;
                digits += mantissa == 0 ? 0 : 1;
                at++;
            }

            fraction = at - point;
            any |= fraction > 0;
        }

        value = 0;
        if (!any || digits > 19 || mantissa > 1UL << 53 || fraction > 22 || (at < n && (Unsafe.Add(ref r0, at) | 0x20) == 'e'))
        {
            return false;
        }

        double v = mantissa;
        if (fraction > 0 && mantissa != 0)
        {
            v /= PowersOfTen[fraction];
        }

        value = negative ? -v : v;
        i = at;
        return true;
    }
}
