using System.Buffers;
using Tollgate.Domain.Statistics.Drift;

namespace Tollgate.Models.Drift;

/// <summary>
/// One column of a CSV file read block by block, per slice (index 0 is <c>(all)</c>): numbers into
/// <see cref="ValueTally"/>s, texts (ids from <see cref="Tables.CsvTexts"/>) counted per id. A tally refused memory
/// for its kept values by <paramref name="allowance"/> makes the whole column <see cref="Refused"/>. Not safe for
/// concurrent use: <see cref="StreamedDrift"/> lets one thread at a time add a block. The whole column's tally gathers
/// values in batches of at most <paramref name="longest"/> (<see cref="KeepBudget.Batch"/>).
/// </summary>
internal sealed class StreamedColumn(string name, bool text, long expected, DriftTimings? timings = null, IKeepAllowance? allowance = null, int longest = ValueTally.Batch)
{
    private readonly List<ValueTally?> tallies = [];
    // Texts past this many distinct ones are counted in a dictionary in each slice but (all): a column of identifiers
    // would otherwise give every slice an array as long as the whole column's distinct texts.
    private const int DenseIds = 1 << 16;

    private readonly List<long[]> counts = [];
    private readonly List<Dictionary<int, long>?> sparse = [];
    private readonly List<long> missing = [];

    public string Name => name;

    // What a tally writes into the memory that keeps its values is reading (DriftTimings.Keep), even inside counting.
    private Func<IDisposable?>? KeepTimer => timings is null ? null : () => timings.Keep(0);

    public bool IsText => text;

    /// <summary>Whether a tally was refused memory: the column has let go of its values and has no samples.</summary>
    public bool Refused { get; private set; }

    /// <summary>Whether the whole column's values are kept as they come rather than counted.</summary>
    public bool Keeps => tallies.Count > 0 && tallies[0] is { Keeping: true };

    /// <summary>Adds a block's cells: all of them to <c>(all)</c>, and each slice's rows to that slice.</summary>
    public void Add(ReadOnlySpan<double> cells, StreamedSlices.Grouping? grouping)
    {
        if (Refused)
        {
            return;
        }

        Reserve(grouping?.Slices ?? 1);
        if (!text)
        {
            AddNumbers(cells, grouping);
            if (tallies.Exists(t => t is { Refused: true }))
            {
                Refused = true;
                tallies.ForEach(t => t?.Abandon());
                tallies.Clear();
            }

            return;
        }

        for (var r = 0; r < cells.Length; r++)
        {
            Count(0, cells[r]);
        }

        if (grouping is { } sliced)
        {
            for (var s = 1; s < sliced.Slices; s++)
            {
                foreach (var r in sliced.RowsOf(s))
                {
                    Count(s, cells[r]);
                }
            }
        }
    }

    private void AddNumbers(ReadOnlySpan<double> cells, StreamedSlices.Grouping? grouping)
    {
        (tallies[0] ??= new ValueTally(expected, longest: longest) { KeepTimer = KeepTimer, Allowance = allowance }).Add(cells);
        if (grouping is not { } groups)
        {
            return;
        }

        var gathered = ArrayPool<double>.Shared.Rent(cells.Length);
        for (var s = 1; s < groups.Slices; s++)
        {
            var rows = groups.RowsOf(s);
            if (rows.IsEmpty)
            {
                continue;
            }

            for (var k = 0; k < rows.Length; k++)
            {
                gathered[k] = cells[rows[k]];
            }

            // A slice's tally counts as values come: thousands of slices must not each hold a batch.
            (tallies[s] ??= new ValueTally(0, batched: false) { KeepTimer = KeepTimer, Allowance = allowance }).Add(gathered.AsSpan(0, rows.Length));
        }

        ArrayPool<double>.Shared.Return(gathered);
    }

    /// <summary>
    /// The column's sample in each of <paramref name="rows"/>.Count slices (the tallies are spent); null when the
    /// column is <see cref="Refused"/>, also while its tallies count the values they still gather.
    /// </summary>
    public FeatureSample[]? Samples(IReadOnlyList<long> rows, Tables.CsvTexts texts, int column)
    {
        if (Refused)
        {
            return null;
        }

        Reserve(rows.Count);
        var samples = new FeatureSample[rows.Count];
        for (var s = 0; s < samples.Length; s++)
        {
            if (!text)
            {
                if ((tallies[s] ?? new ValueTally(0, batched: false)).TryResult() is not { } distribution)
                {
                    Refused = true;
                    tallies.ForEach(t => t?.Abandon());
                    tallies.Clear();
                    return null;
                }

                tallies[s] = null;
                samples[s] = new FeatureSample(name, distribution, null, rows[s] - distribution.Total);
                continue;
            }

            var categories = new Dictionary<string, long>(StringComparer.Ordinal);
            for (var id = 0; id < counts[s].Length; id++)
            {
                if (counts[s][id] > 0)
                {
                    categories[texts.Text(column, id)] = counts[s][id];
                }
            }

            foreach (var (id, count) in sparse[s] ?? [])
            {
                categories[texts.Text(column, id)] = count;
            }

            samples[s] = new FeatureSample(name, null, categories, missing[s]);
        }

        return samples;
    }

    private void Count(int slice, double id)
    {
        if (double.IsNaN(id))
        {
            missing[slice]++;
            return;
        }

        var i = (int)id;
        var known = counts[slice];
        if (i >= DenseIds && slice > 0)
        {
            var others = sparse[slice] ??= [];
            others[i] = others.GetValueOrDefault(i) + 1;
            return;
        }

        if (i >= known.Length)
        {
            Array.Resize(ref known, Math.Max(i + 1, known.Length * 2));
            counts[slice] = known;
        }

        known[i]++;
    }

    private void Reserve(int slices)
    {
        while (tallies.Count < slices)
        {
            tallies.Add(null);
            counts.Add(text ? new long[16] : []);
            sparse.Add(null);
            missing.Add(0);
        }
    }
}
