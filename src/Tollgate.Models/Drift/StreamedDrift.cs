using Tollgate.Domain.Statistics.Drift;
using Tollgate.Models.Profiles;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Drift;

/// <summary>
/// Drift between two CSV tables of numbers, unsliced, without holding either table: each file is parsed block by
/// block on every core (<see cref="CsvBlocks"/>) and every block's column goes straight into that feature's
/// <see cref="ValueTally"/>, so memory holds the distinct values with their counts, not gigabytes of rows (and the
/// machine never has to hand out, fault in and zero that much fresh memory). The report is the one
/// <see cref="TableDrift"/> gives for the same tables. Null for anything else, which <see cref="TableDrift"/> reads.
/// </summary>
public static class StreamedDrift
{
    public static List<FeatureDrift>? TryCompare(DriftRequest request, CancellationToken cancellationToken)
    {
        if (request.SliceBy.Count > 0 || request.Reference.Count != 1 || TableFile.IsParquet(request.Reference[0]) || TableFile.IsParquet(request.Current))
        {
            return null;
        }

        // Each file's distributions are made as soon as it is read, so the second file's tallies reuse the first's
        // memory (fresh memory is what costs most on a virtual machine) and at most one file's tallies are held.
        var buffers = new CsvBlocks.Buffers();
        if (Tally(request.Reference[0], request, buffers, cancellationToken) is not { } reference
            || Tally(request.Current, request, buffers, cancellationToken) is not { } current)
        {
            return null;
        }

        var features = current.Names.Order(StringComparer.Ordinal).Where(reference.Names.Contains).ToArray();
        var results = new FeatureDrift[features.Length];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        Parallel.For(0, features.Length, options, f =>
        {
            using var measured = request.Timings?.Measure(0);
            var name = features[f];
            results[f] = FeatureComparison.Compare(DatasetProfile.AllRows, reference.Sample(name), current.Sample(name), request);
        });

        return [.. results];
    }

    private static Tallied? Tally(string path, DriftRequest request, CsvBlocks.Buffers buffers, CancellationToken cancellationToken)
    {
        var length = new FileInfo(path).Length;
        ValueTally[]? tallies = null;
        var scanned = CsvBlocks.TryScan(
            path,
            (block, columns, rows) =>
            {
                var counting = Volatile.Read(ref tallies);
                if (counting is null)
                {
                    // Sized for the rows the file will have at this block's density, for values that are kept.
                    var expected = (long)(rows * 1.05 * length / CsvBlocks.BlockSize);
                    counting = Interlocked.CompareExchange(ref tallies, [.. columns.Select(_ => new ValueTally(expected))], null) ?? tallies!;
                }

                Add(counting, block, columns, rows, request.Timings);
            },
            cancellationToken: cancellationToken,
            buffers: buffers);
        if (scanned is not var (names, rows))
        {
            return null;
        }

        var counted = tallies ?? [.. names.Select(_ => new ValueTally(0))];
        var distributions = new EmpiricalDistribution[counted.Length];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        Parallel.For(0, counted.Length, options, c =>
        {
            using var measured = request.Timings?.Measure(0);
            distributions[c] = counted[c].Result();
        });

        return new Tallied([.. names], distributions, rows);
    }

    // A block's columns into their tallies: each column's tally is taken by one thread at a time, so the threads
    // start at different columns and come back to the ones busy at first.
    private static void Add(ValueTally[] tallies, int block, double[][] columns, int rows, DriftTimings? timings)
    {
        Span<bool> done = stackalloc bool[tallies.Length];
        var left = tallies.Length;
        for (var pass = 0; left > 0; pass++)
        {
            for (var k = 0; k < tallies.Length; k++)
            {
                var c = (k + (block * 7)) % tallies.Length;
                if (done[c])
                {
                    continue;
                }

                var taken = false;
                try
                {
                    if (pass == 0)
                    {
                        Monitor.TryEnter(tallies[c], ref taken);
                    }
                    else
                    {
                        Monitor.Enter(tallies[c], ref taken);
                    }

                    if (taken)
                    {
                        using var measured = timings?.Measure(rows);
                        tallies[c].Add(columns[c].AsSpan(0, rows));
                        done[c] = true;
                        left--;
                    }
                }
                finally
                {
                    if (taken)
                    {
                        Monitor.Exit(tallies[c]);
                    }
                }
            }
        }
    }

    private sealed class Tallied(string[] names, EmpiricalDistribution[] distributions, long rows)
    {
        public IReadOnlyList<string> Names => names;

        public FeatureSample Sample(string name)
        {
            var distribution = distributions[Array.IndexOf(names, name)];
            return new FeatureSample(name, distribution, null, rows - distribution.Total);
        }
    }
}
