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

    // A numeric column's slice values: staged (appended, not counted) until the whole column's tally decides whether
    // its values repeat; then kept as they are when they hardly do, else counted per slice. Their arrays' bytes are
    // taken from the allowance as they grow, staged or kept (KeptValues, as a tally keeps its values), and given back
    // when the slices count them.
    private readonly List<KeptValues> staged = [];
    private long stagedCount;
    private SliceValues slices;

    private enum SliceValues
    {
        Staged,
        Kept,
        Counted,
    }

    public string Name => name;

    // What a tally writes into the memory that keeps its values is reading (DriftTimings.Keep), even inside counting.
    private Func<IDisposable?>? KeepTimer => timings is null ? null : () => timings.Keep(0);

    public bool IsText => text;

    /// <summary>Whether a tally was refused memory: the column has let go of its values and has no samples.</summary>
    public bool Refused { get; private set; }

    /// <summary>Whether the whole column's values are kept as they come rather than counted.</summary>
    public bool Keeps => tallies.Count > 0 && tallies[0] is { Keeping: true };

    /// <summary>
    /// The bytes taken from the allowance for the arrays that hold the slices' values as they came (8 a value, grown by
    /// doubling), staged or kept: what the slices hold per row while their column's values hardly repeat; none once
    /// they count them.
    /// </summary>
    public long SliceValueBytes => staged.Sum(v => v.Bytes);

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
            if (!Refused && tallies.Exists(t => t is { Refused: true }))
            {
                Refuse();
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

        if (slices == SliceValues.Staged && tallies[0] is { Keeping: true })
        {
            // The whole column's values hardly repeat, so neither do its slices': theirs are kept too, never counted
            // into tables of as many entries as values. Their staged arrays' memory was taken as they grew.
            slices = SliceValues.Kept;
        }

        var gathered = slices == SliceValues.Counted ? ArrayPool<double>.Shared.Rent(cells.Length) : null;
        for (var s = 1; s < groups.Slices; s++)
        {
            var rows = groups.RowsOf(s);
            if (rows.IsEmpty)
            {
                continue;
            }

            if (gathered is null)
            {
                if (!Stage(s, cells, rows))
                {
                    return;
                }

                continue;
            }

            for (var k = 0; k < rows.Length; k++)
            {
                gathered[k] = cells[rows[k]];
            }

            // A slice's tally counts as values come: thousands of slices must not each hold a batch.
            (tallies[s] ??= new ValueTally(0, batched: false) { KeepTimer = KeepTimer, Allowance = allowance }).Add(gathered.AsSpan(0, rows.Length));
        }

        if (gathered is not null)
        {
            ArrayPool<double>.Shared.Return(gathered);
        }
        else if (slices == SliceValues.Staged && stagedCount >= longest)
        {
            // As many values as the whole column's longest batch and it still counts them: the slices count theirs too.
            CountStaged();
        }
    }

    // A slice's finite values appended to the ones staged or kept for it; false when the allowance refused memory
    // for them (the column is then refused).
    private bool Stage(int slice, ReadOnlySpan<double> cells, ReadOnlySpan<int> rows)
    {
        while (staged.Count <= slice)
        {
            staged.Add(new KeptValues(allowance));
        }

        var values = staged[slice];
        var before = values.Count;
        if (!values.TryAdd(cells, rows))
        {
            Refuse();
            return false;
        }

        stagedCount += values.Count - before;
        return true;
    }

    // The slices' staged values into their counting tallies, which take every later value as it comes.
    private void CountStaged()
    {
        slices = SliceValues.Counted;
        Reserve(staged.Count);
        for (var s = 1; s < staged.Count; s++)
        {
            if (staged[s].Count > 0)
            {
                (tallies[s] ??= new ValueTally(0, batched: false) { KeepTimer = KeepTimer, Allowance = allowance }).Add(staged[s].AsSpan());
            }
        }

        staged.ForEach(v => v.Release());
        staged.Clear();
        stagedCount = 0;
    }

    private void Refuse()
    {
        Refused = true;
        tallies.ForEach(t => t?.Abandon());
        tallies.Clear();
        staged.ForEach(v => v.Release());
        staged.Clear();
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

        if (slices == SliceValues.Staged && staged.Count > 0)
        {
            CountStaged();
        }

        Reserve(rows.Count);
        var samples = new FeatureSample[rows.Count];
        for (var s = 0; s < samples.Length; s++)
        {
            if (!text)
            {
                var distribution = slices == SliceValues.Kept && s > 0
                    ? (s < staged.Count ? staged[s].Distribution() : EmpiricalDistribution.Unsorted([], 0))
                    : (tallies[s] ?? new ValueTally(0, batched: false)).TryResult();
                if (distribution is null)
                {
                    Refuse();
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
