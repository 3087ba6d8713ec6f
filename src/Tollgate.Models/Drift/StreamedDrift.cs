using Tollgate.Models.Profiles;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Drift;

/// <summary>
/// Drift between two CSV tables without holding either: each file is parsed block by block on every core
/// (<see cref="CsvBlocks"/>; text columns as ids, <see cref="CsvTexts"/>), and every block's column goes straight into
/// that feature's tallies (<see cref="StreamedColumn"/>), per slice when slicing by one or two columns
/// (<see cref="StreamedSlices"/>), so memory holds distinct values with their counts, not gigabytes of rows (and the
/// machine never has to hand out, fault in and zero that much fresh memory). The report is the one
/// <see cref="TableDrift"/> gives for the same tables. Null for anything else (quotes, a malformed record, slicing by
/// more columns), which <see cref="TableDrift"/> reads and words.
/// </summary>
public static class StreamedDrift
{
    /// <summary>
    /// At most this many tallies of numbers (slices × numeric features) per file: each holds a table of its distinct
    /// values, so a file with more leaves the streaming and is read one feature at a time by <see cref="TableDrift"/>,
    /// whose memory is bounded by the table's size instead.
    /// </summary>
    public const int MaxSliceTallies = 1024;

    /// <summary>The comparison, or null when the files need the general reader.</summary>
    public static List<FeatureDrift>? TryCompare(DriftRequest request, CancellationToken cancellationToken) =>
        TryCompare(request, new InputDigests([.. request.Reference, request.Current]), cancellationToken);

    /// <summary>
    /// The comparison, or null when the files need the general reader. Each file's SHA-256 is made from the blocks
    /// read, into <paramref name="digests"/> (the reference is input 0, the current input 1), when its scan is whole.
    /// </summary>
    internal static List<FeatureDrift>? TryCompare(DriftRequest request, InputDigests digests, CancellationToken cancellationToken)
    {
        if (request.Reference.Count != 1 || request.SliceBy.Count > 2 || TableFile.IsParquet(request.Reference[0]) || TableFile.IsParquet(request.Current))
        {
            return null;
        }

        // Each file's samples are made as soon as it is read, so the second file's tallies reuse the first's memory
        // (fresh memory is what costs most on a virtual machine) and at most one file's tallies are held.
        var buffers = new CsvBlocks.Buffers();
        if (Tally(request.Reference[0], 0, request, buffers, digests, cancellationToken) is not { } reference
            || Tally(request.Current, 1, request, buffers, digests, cancellationToken) is not { } current)
        {
            return null;
        }

        var features = current.Names.Where(n => !request.SliceBy.Contains(n)).Order(StringComparer.Ordinal).ToArray();
        var perFeature = new FeatureDrift[features.Length][];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        try
        {
            Parallel.For(0, features.Length, options, f =>
            {
                using var measured = request.Timings?.Measure(0);
                var name = features[f];
                perFeature[f] = TableDrift.CompareFeature(name, reference.Slices, reference.Samples.GetValueOrDefault(name), current.Slices, current.Samples[name], request);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            // A feature that cannot be compared (numbers on one side, text on the other) says so as itself.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }

        return TableDrift.Order(reference.Slices, current.Slices, features, perFeature);
    }

    // A file's samples per feature and slice; null when it needs the general reader. A column taken for numbers that
    // holds text is found by a failed scan, and the file is scanned again with it as text.
    private static Tallied? Tally(string path, int input, DriftRequest request, CsvBlocks.Buffers buffers, InputDigests digests, CancellationToken cancellationToken)
    {
        // Every scan that fails over text adds at least one column to the text ones, so there are at most as many
        // scans as columns, plus one.
        var text = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            using var texts = new CsvTexts(text);
            using var file = new FileTally(path, request, texts);
            using var digest = new OrderedDigest(new FileInfo(path).Length);
            var scanned = CsvBlocks.TryScan(path, file.Add, cancellationToken: cancellationToken, buffers: buffers, texts: texts, digest: digest);
            if (file.Abandoned)
            {
                return null;
            }

            if (scanned is var (names, rows))
            {
                if (digest.Result() is { } whole)
                {
                    digests.Made(input, whole);
                }

                // A file without the slice columns is left to the general reader, which says so.
                return request.SliceBy.All(names.Contains) ? file.Result(names, rows, cancellationToken) : null;
            }

            var found = texts.Found.ToList();
            if (found.Count == 0)
            {
                return null;
            }

            text.UnionWith(found);
        }
    }

    // One scan's tallies: a column per feature, and the slices when slicing.
    private sealed class FileTally(string path, DriftRequest request, CsvTexts texts) : IDisposable
    {
        private readonly long length = new FileInfo(path).Length;
        private StreamedColumn?[]? columns;
        private StreamedSlices? slices;
        private volatile bool abandoned;

        /// <summary>Whether the file lacks a slice column or has too many slices to stream (the scan stopped).</summary>
        public bool Abandoned => abandoned;

        // False once the file turns out to lack a slice column or to have too many slices to stream: the scan stops.
        public bool Add(int block, double[][] cells, int rows)
        {
            if (abandoned)
            {
                return false;
            }

            var tallied = Volatile.Read(ref columns);
            if (tallied is null && !request.SliceBy.All(texts.Names.Contains))
            {
                abandoned = true;
                return false;
            }

            if (tallied is null)
            {
                lock (this)
                {
                    // Sized for the rows the file will have at this block's density, for values that are kept.
                    var expected = (long)(rows * 1.05 * length / CsvBlocks.BlockSize);
                    tallied = columns;
                    if (tallied is null)
                    {
                        // The slices before the columns: a thread that sees the columns sees the slices.
                        slices = request.SliceBy.Count > 0 ? new StreamedSlices(texts.Names, request.SliceBy, texts) : null;
                        tallied = [.. texts.Names.Select((n, c) => request.SliceBy.Contains(n) ? null : new StreamedColumn(n, texts.IsText[c], expected, request.Timings))];
                        Volatile.Write(ref columns, tallied);
                    }
                }
            }

            using var grouping = slices?.Group(cells, rows);
            if (grouping is { } groups && (long)groups.Slices * tallied.Count(c => c is { IsText: false }) > MaxSliceTallies)
            {
                abandoned = true;
                return false;
            }

            Visit(tallied, block, cells, rows, grouping);
            return true;
        }

        public Tallied Result(IReadOnlyList<string> names, long rows, CancellationToken cancellationToken)
        {
            var keys = slices?.Keys ?? [DatasetProfile.AllRows];
            var perSlice = slices is null ? [rows] : slices.Rows.Select((n, s) => s == 0 ? rows : n).ToArray();
            var tallied = columns ?? [.. names.Select((n, c) => request.SliceBy.Contains(n) ? null : new StreamedColumn(n, texts.IsText[c], 0))];
            var samples = new FeatureSample[tallied.Length][];
            var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
            Parallel.For(0, tallied.Length, options, c =>
            {
                using var measured = request.Timings?.Measure(0);
                samples[c] = tallied[c]?.Samples(perSlice, texts, c)!;
            });

            return new Tallied(
                [.. names],
                new SliceRows([.. keys], null),
                tallied.Select((t, c) => (t, c)).Where(x => x.t is not null).ToDictionary(x => x.t!.Name, x => samples[x.c], StringComparer.Ordinal));
        }

        public void Dispose() => slices?.Dispose();

        // A block's columns into their tallies: each column is taken by one thread at a time, so the threads start at
        // different columns and come back to the ones busy at first.
        private void Visit(StreamedColumn?[] tallied, int block, double[][] cells, int rows, StreamedSlices.Grouping? grouping)
        {
            Span<bool> done = stackalloc bool[tallied.Length];
            var left = tallied.Count(t => t is not null);
            for (var pass = 0; left > 0; pass++)
            {
                for (var k = 0; k < tallied.Length; k++)
                {
                    var c = (k + (block * 7)) % tallied.Length;
                    if (done[c] || tallied[c] is not { } column)
                    {
                        continue;
                    }

                    var taken = false;
                    try
                    {
                        if (pass == 0)
                        {
                            Monitor.TryEnter(column, ref taken);
                        }
                        else
                        {
                            Monitor.Enter(column, ref taken);
                        }

                        if (taken)
                        {
                            // A column whose values are kept is being read into memory; one counted, compared.
                            using var measured = grouping is null && column.Keeps
                                ? request.Timings?.Keep(rows)
                                : request.Timings?.Measure(column.IsText ? 0 : rows);
                            column.Add(cells[c].AsSpan(0, rows), grouping);
                            done[c] = true;
                            left--;
                        }
                    }
                    finally
                    {
                        if (taken)
                        {
                            Monitor.Exit(column);
                        }
                    }
                }
            }
        }
    }

    private sealed record Tallied(string[] Names, SliceRows Slices, Dictionary<string, FeatureSample[]> Samples);
}
