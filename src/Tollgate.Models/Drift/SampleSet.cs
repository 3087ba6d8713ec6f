using Tollgate.Domain;
using Tollgate.Domain.Statistics.Drift;
using Tollgate.Models.Profiles;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Drift;

/// <summary>
/// The samples a drift comparison reads, per slice and feature: exact values from a table, or the buckets of a
/// profile. When either side is a profile both sides are profiled, so the two are measured on the same grid.
/// </summary>
public sealed class SampleSet(string source, Dictionary<string, Dictionary<string, FeatureSample>> slices)
{
    public string Source { get; } = source;

    public Dictionary<string, Dictionary<string, FeatureSample>> Slices { get; } = slices;

    public static SampleSet FromTable(Table table, IReadOnlyList<string> sliceBy)
    {
        var sliceColumns = sliceBy.Select(n => table.Find(n) ?? throw new InvalidInputException($"{table.Source}: no column {n} to slice by")).ToArray();
        var features = table.Columns.Where(c => !sliceBy.Contains(c.Name)).ToArray();
        var rowsBySlice = new Dictionary<string, List<int>>(StringComparer.Ordinal) { [DatasetProfile.AllRows] = [.. Enumerable.Range(0, table.Rows)] };
        if (sliceColumns.Length > 0)
        {
            for (var row = 0; row < table.Rows; row++)
            {
                var key = SliceKey.Of(sliceColumns, row);
                if (!rowsBySlice.TryGetValue(key, out var rows))
                {
                    rowsBySlice[key] = rows = [];
                }

                rows.Add(row);
            }
        }

        var slices = new Dictionary<string, Dictionary<string, FeatureSample>>(StringComparer.Ordinal);
        foreach (var (key, rows) in rowsBySlice)
        {
            slices[key] = features.ToDictionary(c => c.Name, c => Sample(c, rows), StringComparer.Ordinal);
        }

        return new SampleSet(table.Source, slices);
    }

    public static SampleSet FromProfile(DatasetProfile profile, string source)
    {
        var slices = new Dictionary<string, Dictionary<string, FeatureSample>>(StringComparer.Ordinal);
        foreach (var (key, slice) in profile.Slices)
        {
            slices[key] = slice.Features.ToDictionary(
                kv => kv.Key,
                kv => kv.Value.IsNumeric
                    ? new FeatureSample(kv.Key, kv.Value.ToDistribution(), null, kv.Value.Missing)
                    : new FeatureSample(kv.Key, null, kv.Value.Categories!, kv.Value.Missing),
                StringComparer.Ordinal);
        }

        return new SampleSet(source, slices);
    }

    private static FeatureSample Sample(Column column, List<int> rows)
    {
        if (column.Numbers is { } numbers)
        {
            var values = new double[rows.Count];
            var n = 0;
            foreach (var row in rows)
            {
                if (double.IsFinite(numbers[row]))
                {
                    values[n++] = numbers[row];
                }
            }

            Array.Sort(values, 0, n);
            return new FeatureSample(column.Name, EmpiricalDistribution.FromSorted(values.AsSpan(0, n)), null, rows.Count - n);
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long missing = 0;
        foreach (var row in rows)
        {
            if (column.Texts![row] is { } text)
            {
                counts[text] = counts.GetValueOrDefault(text) + 1;
            }
            else
            {
                missing++;
            }
        }

        return new FeatureSample(column.Name, null, counts, missing);
    }
}
