using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Tollgate.Models.Tables;

/// <summary>
/// Reads a CSV file whose cells are all numbers (or missing) on every core: the data after the header is cut into
/// blocks of <see cref="BlockSize"/> bytes, a record belongs to the block holding its first byte, and each block is
/// parsed on its own into per-column arrays, handed to a visitor (<see cref="TryScan"/>, which holds nothing) or
/// copied to exactly its rows to become the columns' chunks in block order (<see cref="TryRead"/>).
/// Without quotes a newline always ends a record, so a block finds its first record by the newline before it.
/// Anything this path does not handle (a gzip file, a quote, a text cell, a record with the wrong number of fields, a header it
/// cannot take) gives null, and the caller reads the file with the general reader, which gives the same numbers and
/// says what is wrong with the file in its words. A record's cells are parsed by <see cref="CsvCells"/>.
/// </summary>
internal static class CsvBlocks
{
    /// <summary>Bytes of data per block: enough to amortise finding its first record, small enough to share among the cores.</summary>
    public const int BlockSize = 8 << 20;

    // How many bytes past its end a block reads at first, for the tail of its last record.
    private const int Margin = 64 << 10;

    /// <summary>
    /// The file's header and numeric columns, or null when the file needs the general reader. The columns named in
    /// <paramref name="asText"/> are read as text exactly as written (slice keys, ids: <c>007</c> is not <c>7</c>); the
    /// others must be numbers, parsed as fast as ever.
    /// </summary>
    public static (IReadOnlyList<string> Names, Column[] Columns, int Rows)? TryRead(string path, int blockSize = BlockSize, IReadOnlyCollection<string>? asText = null, CancellationToken cancellationToken = default)
    {
        using var texts = asText is { Count: > 0 } ? new CsvTexts(asText) : null;
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

                return true;
            },
            blockSize,
            texts: texts,
            cancellationToken: cancellationToken);
        if (scanned is not var (names, rows) || rows > Array.MaxLength)
        {
            return null;
        }

        parsed.Sort((a, b) => a.Block.CompareTo(b.Block));
        var result = new Column[names.Count];
        for (var c = 0; c < names.Count; c++)
        {
            var chunks = parsed.Select(p => p.Columns[c]).Where(a => a.Length > 0);
            result[c] = texts is not null && texts.IsText[c]
                ? Column.Text(names[c], [.. chunks.SelectMany(a => a).Select(id => double.IsNaN(id) ? null : texts.Text(c, (int)id))])
                : Column.Numeric(names[c], [.. chunks], (int)rows);
        }

        return (names, result, (int)rows);
    }

    /// <summary>
    /// Parses the file's blocks on every core and hands each block's rows to <paramref name="visit"/> (block index,
    /// one array per column, rows), on the thread that parsed it, in no particular order; the arrays are reused for
    /// the next block once it returns. Null when the file needs the general reader, or when a visit returns false (the
    /// visitor gives up: the scan stops): what was visited until then is to be thrown away.
    /// </summary>
    /// <remarks>
    /// With <paramref name="digest"/> (made for the file's length), the file's SHA-256 is made from the blocks as they
    /// are loaded, so the file is read once for both; it is whole only when the scan is.
    /// </remarks>
    public static (IReadOnlyList<string> Names, long Rows)? TryScan(string path, Func<int, double[][], int, bool> visit, int blockSize = BlockSize, Buffers? buffers = null, CsvTexts? texts = null, OrderedDigest? digest = null, CancellationToken cancellationToken = default)
    {
        buffers ??= new Buffers();
        if (Header(path) is not var (names, dataStart))
        {
            digest?.Abandon();
            return null;
        }

        texts?.Bind(names);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = RandomAccess.GetLength(handle);
        var blocks = (int)Math.Max(1, (length - dataStart + blockSize - 1) / blockSize);
        var failed = 0;
        var taken = 0;
        long rows = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        try
        {
            if (digest is not null)
            {
                // The header's bytes first: the first block's wait on them must end.
                var header = new byte[dataStart];
                var read = 0;
                for (int n; read < header.Length && (n = RandomAccess.Read(handle, header.AsSpan(read), read)) > 0;)
                {
                    read += n;
                }

                if (read < header.Length)
                {
                    digest.Abandon();
                }

                digest.Append(0, header.AsSpan(0, read), cancellationToken);
            }

            Scan();
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            // A read that failed says so as itself, as the general reader's would.
            digest?.Abandon();
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        catch
        {
            digest?.Abandon();
            throw;
        }

        if (failed != 0)
        {
            digest?.Abandon();
            return null;
        }

        return (names, rows);

        // Each core's worker takes the next block until none is left, so blocks are taken in the file's order (a
        // block's digest waits only on blocks already taken). A file smaller than a block needs no more workers than
        // blocks, nor buffers longer than itself (a worker's buffer grows when a later file's block needs more).
        void Scan() => Parallel.For(
            0,
            Math.Min(Environment.ProcessorCount, blocks),
            options,
            () => buffers.Take((int)Math.Min(blockSize, length - dataStart) + Margin + 1, names.Count),
            (_, state, worker) =>
            {
                try
                {
                    int k;
                    while (Volatile.Read(ref failed) == 0 && (k = Interlocked.Increment(ref taken) - 1) < blocks)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var block = new Block(handle, length, dataStart + ((long)k * blockSize), Math.Min(length, dataStart + ((long)(k + 1) * blockSize)), worker, texts, digest, cancellationToken);
                        if (block.Parse() is { } count && visit(k, worker.Columns, count))
                        {
                            Interlocked.Add(ref rows, count);
                        }
                        else
                        {
                            Volatile.Write(ref failed, 1);
                            digest?.Abandon();
                            state.Stop();
                        }
                    }
                }
                catch
                {
                    // A failed read or a cancelled scan: the other workers neither wait for its block's digest nor go on.
                    Volatile.Write(ref failed, 1);
                    digest?.Abandon();
                    throw;
                }

                return worker;
            },
            buffers.Return);
    }

    /// <summary>
    /// The parsing threads' buffers, kept between the runs of a parallel loop (which may start a fresh one many times
    /// per file) and between files scanned one after the other, so that tens of megabytes of fresh memory are not
    /// faulted in and zeroed again and again.
    /// </summary>
    internal sealed class Buffers
    {
        private readonly System.Collections.Concurrent.ConcurrentBag<Worker> idle = [];

        internal Worker Take(int bufferSize, int columns)
        {
            if (!idle.TryTake(out var worker))
            {
                return new Worker(new byte[bufferSize], new double[columns][]);
            }

            if (worker.Columns.Length != columns)
            {
                worker.Columns = new double[columns][];
            }

            return worker;
        }

        internal void Return(Worker worker) => idle.Add(worker);
    }

    // The header's names and where the data starts; null when the file is gzip-compressed or holds no header, or the header has a quote or repeats a name.
    private static (List<string> Names, long DataStart)? Header(string path)
    {
        // A gzip file's blocks are not its text: the general reader reads it through the decompressor.
        using var records = new CsvRecords(path);
        if (records.Compressed || !records.NextHeader() || !records.Plain)
        {
            return null;
        }

        var names = new List<string>();
        for (var f = 0; f < records.FieldCount; f++)
        {
            names.Add(Encoding.UTF8.GetString(records.Field(f)));
        }

        CsvTable.CheckSeparator(path, names);
        return names.Count == names.Distinct().Count() ? (names, records.Consumed) : null;
    }

    // A parsing thread's buffers: the file's bytes and one array per column, reused block after block.
    internal sealed class Worker(byte[] buffer, double[][] columns)
    {
        public byte[] Buffer { get; set; } = buffer;

        public double[][] Columns { get; set; } = columns;
    }

    // One block: the records that start in [start, end), parsed into the worker's column arrays.
    private struct Block(SafeFileHandle handle, long fileLength, long start, long end, Worker worker, CsvTexts? texts, OrderedDigest? digest, CancellationToken cancellationToken)
    {
        private long loadedFrom;
        private int loaded;

        // The rows parsed; null when the block needs the general reader.
        public int? Parse()
        {
            // The byte before the block tells whether a record starts at its first byte.
            var from = Math.Max(0, start - 1);
            Load(from, (int)Math.Min(fileLength - from, end - from + Margin));
            if (digest is not null)
            {
                // The block's own bytes, hashed while they are in the cache.
                if (loadedFrom + loaded < end)
                {
                    digest.Abandon();
                }
                else
                {
                    digest.Append(start, worker.Buffer.AsSpan((int)(start - loadedFrom), (int)(end - start)), cancellationToken);
                }
            }

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
                    var (cells, cellsEnd) = ((int)(at - loadedFrom), (int)(to - loadedFrom));
                    if (!CsvCells.Record(buffer, cells, cellsEnd, columns, row, texts is { Any: true } ? texts : null))
                    {
                        // Text where numbers were expected is noted, so the caller can scan again with those columns as text.
                        if (texts is not null)
                        {
                            CsvCells.FindText(buffer.AsSpan(cells, cellsEnd - cells), texts);
                        }

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
    }
}
