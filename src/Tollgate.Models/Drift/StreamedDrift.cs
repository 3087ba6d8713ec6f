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
    internal static List<FeatureDrift>? TryCompare(DriftRequest request, InputDigests digests, CancellationToken cancellationToken, ISet<string>? referenceColumns = null, ISet<string>? currentColumns = null)
    {
        if (request.Reference.Count != 1 || request.SliceBy.Count > 2 || TableFile.IsParquet(request.Reference[0]) || TableFile.IsParquet(request.Current))
        {
            return null;
        }

        // Each file's samples are made as soon as it is read, so the second file's tallies reuse the first's memory
        // (fresh memory is what costs most on a virtual machine) and at most one file's tallies are held. Values kept
        // (columns with few ties, 8 bytes a row) may take at most the budget: columns refused memory are read again,
        // in as many rounds as they need, each comparing what it could keep.
        var buffers = new CsvBlocks.Buffers();
        var inputs = new[] { new FileVersion(request.Reference[0]), new FileVersion(request.Current) };
        // The slice columns are read as text exactly as written: 1.10 and 1.1, 007 and 7 are two slices, not one number.
        var texts = new[] { new HashSet<string>(request.SliceBy, StringComparer.Ordinal), new HashSet<string>(request.SliceBy, StringComparer.Ordinal) };
        if (Round(request, inputs, texts, buffers, digests, null, cancellationToken) is not { } first)
        {
            return null;
        }

        var (features, referenceSlices, currentSlices, perFeature, pending) = first;
        referenceColumns?.UnionWith(first.ReferenceNames);
        currentColumns?.UnionWith(first.CurrentNames);
        while (pending.Count > 0)
        {
            // The kept values of the round before are garbage now: this one's take their place.
            GC.Collect();
            FileVersion.Check(inputs);
            var next = Round(request, inputs, texts, buffers, null, pending, cancellationToken) ?? throw FileVersion.Changed(inputs);
            for (var f = 0; f < features.Length; f++)
            {
                // A feature this round did not compare (compared before, or still pending) has no rows in it.
                if (perFeature[f] is null && next.PerFeature[f] is { } rows)
                {
                    perFeature[f] = InSliceOrder(rows, next.CurrentSlices, currentSlices);
                }
            }

            // Each round compares at least its budget's anchor, the first column to keep values (KeepBudget).
            pending = next.Pending.Count < pending.Count ? next.Pending : throw new InvalidOperationException("a round of reading compared no feature");
        }

        return TableDrift.Order(referenceSlices, currentSlices, features, perFeature);
    }

    // A feature's rows of a later round, indexed as the first round's slices: slices are numbered as the parsing
    // threads meet them, which a round reading the same file again may do in another order.
    private static FeatureDrift[] InSliceOrder(FeatureDrift[] rows, SliceRows slices, SliceRows first)
    {
        var ordered = new FeatureDrift[rows.Length];
        for (var s = 0; s < rows.Length; s++)
        {
            ordered[first.IndexOf(slices.Keys[s])] = rows[s];
        }

        return ordered;
    }

    // One round: both files read, tallying the pending features (all when null) within the memory budget, and the
    // features both files could keep compared; null when the files need the general reader.
    private static RoundResult? Round(DriftRequest request, FileVersion[] inputs, HashSet<string>[] texts, CsvBlocks.Buffers buffers, InputDigests? digests, HashSet<string>? pending, CancellationToken cancellationToken)
    {
        var budget = new KeepBudget(request.KeepBudget ?? KeepBudget.Default);
        if (Tally(inputs[0], 0, request, buffers, digests, texts[0], pending, budget, null, cancellationToken) is not { } reference
            || Tally(inputs[1], 1, request, buffers, digests, texts[1], pending, budget, reference.Refused, cancellationToken) is not { } current)
        {
            return null;
        }

        var features = current.Names.Where(request.Compared).Order(StringComparer.Ordinal).ToArray();
        var deferred = reference.Refused.Union(current.Refused).Intersect(features).ToHashSet(StringComparer.Ordinal);
        var ready = Enumerable.Range(0, features.Length)
            .Where(f => (pending?.Contains(features[f]) ?? true) && !deferred.Contains(features[f])).ToArray();
        var perFeature = new FeatureDrift[features.Length][];
        Compare(request, features, ready, reference, current, perFeature, cancellationToken);
        request.Timings?.Round();
        return new RoundResult(features, reference.Slices, current.Slices, perFeature, deferred) { ReferenceNames = reference.Names, CurrentNames = current.Names };
    }

    private static void Compare(DriftRequest request, string[] features, int[] ready, Tallied reference, Tallied current, FeatureDrift[][] perFeature, CancellationToken cancellationToken)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        var refused = new Domain.InvalidInputException?[ready.Length];
        Parallel.For(0, ready.Length, options, k =>
        {
            using var measured = request.Timings?.Measure(0);
            var f = ready[k];
            var name = features[f];
            try
            {
                perFeature[f] = TableDrift.CompareFeature(name, reference.Slices, reference.Samples.GetValueOrDefault(name), current.Slices, current.Samples[name], request);
            }
            catch (Domain.InvalidInputException e)
            {
                refused[k] = e;
            }
        });

        // A feature that cannot be compared (numbers on one side, text on the other) says so as itself: the first in
        // the features' order, whichever thread met it first.
        if (refused.FirstOrDefault(e => e is not null) is { } first)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }
    }

    // A file's samples per feature and slice; null when it needs the general reader. A column taken for numbers that
    // holds text is found by a failed scan, and the file is scanned again with it as text (`text` keeps them for the
    // next rounds). Only the `pending` features are tallied (all when null), less those `skipped`; the digest is made
    // when `digests` is given.
    private static Tallied? Tally(FileVersion input, int index, DriftRequest request, CsvBlocks.Buffers buffers, InputDigests? digests, HashSet<string> text, HashSet<string>? pending, KeepBudget budget, IReadOnlySet<string>? skipped, CancellationToken cancellationToken)
    {
        // Every scan that fails over text adds at least one column to the text ones, so there are at most as many
        // scans as columns, plus one.
        var path = input.Path;
        while (true)
        {
            using var texts = new CsvTexts(text);
            using var file = new FileTally(path, request, texts, column => (pending?.Contains(column) ?? true) && !(skipped?.Contains(column) ?? false), budget, index == 0);
            using var digest = digests is null ? null : new OrderedDigest(input.Length);
            var scanned = CsvBlocks.TryScan(path, file.Add, request.BlockSize ?? budget.BlockSize, buffers, texts, digest, cancellationToken);
            if (file.Abandoned)
            {
                return null;
            }

            if (scanned is var (names, rows))
            {
                if (digest?.Result() is { } whole)
                {
                    digests!.Made(index, whole);
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
    private sealed class FileTally(string path, DriftRequest request, CsvTexts texts, Func<string, bool> tallied, KeepBudget budget, bool reference) : IDisposable
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
                    // Sized for the rows the file will have at this block's density, for values that are kept; batches
                    // as long as the budget allows for this many numeric columns.
                    var expected = (long)(rows * 1.05 * length / (request.BlockSize ?? budget.BlockSize));
                    var longest = request.TallyBatch ?? budget.Batch(texts.Names.Where((n, c) => Tallies(n) && !texts.IsText[c]).Count());
                    tallied = columns;
                    if (tallied is null)
                    {
                        // The slices before the columns: a thread that sees the columns sees the slices.
                        slices = request.SliceBy.Count > 0 ? new StreamedSlices(texts.Names, request.SliceBy, texts) : null;
                        tallied = [.. texts.Names.Select((n, c) => Tallies(n) ? new StreamedColumn(n, texts.IsText[c], expected, request.Timings, budget.For(n, reference), longest) : null)];
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
            var tallied = columns ?? [.. names.Select((n, c) => Tallies(n) ? new StreamedColumn(n, texts.IsText[c], 0) : null)];
            var samples = new FeatureSample[tallied.Length][];
            var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
            Parallel.For(0, tallied.Length, options, c =>
            {
                using var measured = request.Timings?.Measure(0);
                samples[c] = tallied[c]?.Samples(perSlice, texts, c)!;
            });

            // A column refused memory, while reading or while counting what its tallies still gathered, has no samples.
            return new Tallied(
                [.. names],
                new SliceRows([.. keys], null),
                tallied.Select((t, c) => (t, c)).Where(x => x.t is { Refused: false }).ToDictionary(x => x.t!.Name, x => samples[x.c], StringComparer.Ordinal),
                tallied.Where(t => t is { Refused: true }).Select(t => t!.Name).ToHashSet(StringComparer.Ordinal));
        }

        // Whether a column has tallies in this scan: a feature (not a slice column, not excluded), and pending in this round.
        private bool Tallies(string name) => request.Compared(name) && tallied(name);

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

    private sealed record RoundResult(string[] Features, SliceRows ReferenceSlices, SliceRows CurrentSlices, FeatureDrift[][] PerFeature, HashSet<string> Pending)
    {
        public string[] ReferenceNames { get; init; } = [];

        public string[] CurrentNames { get; init; } = [];
    }

    // A file's samples; Refused: the columns that were refused memory for their values, to read again.
    private sealed record Tallied(string[] Names, SliceRows Slices, Dictionary<string, FeatureSample[]> Samples, IReadOnlySet<string> Refused);

    // A file's length and last write, to tell whether it changed between two rounds' reads of it.
    internal sealed class FileVersion(string path)
    {
        private readonly (long Length, DateTime Written) seen = Of(path);

        public string Path => path;

        public long Length => seen.Length;

        public static void Check(FileVersion[] inputs)
        {
            if (inputs.Any(i => Of(i.Path) != i.seen))
            {
                throw Changed(inputs);
            }
        }

        public static Domain.InvalidInputException Changed(FileVersion[] inputs) =>
            new($"{inputs.FirstOrDefault(i => Of(i.Path) != i.seen)?.Path ?? inputs[0].Path} changed while it was being read (its columns are read in rounds, to stay within memory): compare it once it is written");

        private static (long, DateTime) Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? (info.Length, info.LastWriteTimeUtc) : (-1, default);
        }
    }
}
