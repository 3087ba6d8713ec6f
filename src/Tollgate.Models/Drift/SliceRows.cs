using Tollgate.Domain;
using Tollgate.Models.Profiles;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Drift;

/// <summary>
/// A table's slices: their keys (<c>(all)</c> first, then in order of appearance) and, when slicing, each row's slice
/// (never 0: every row is also in <c>(all)</c>).
/// </summary>
public sealed class SliceRows(IReadOnlyList<string> keys, int[]? rowSlice)
{
    public IReadOnlyList<string> Keys { get; } = keys;

    public int[]? RowSlice { get; } = rowSlice;

    public int IndexOf(string key)
    {
        for (var i = 0; i < Keys.Count; i++)
        {
            if (Keys[i] == key)
            {
                return i;
            }
        }

        return -1;
    }

    public static async Task<SliceRows> ReadAsync(FeatureTable table, IReadOnlyList<string> sliceBy, CancellationToken cancellationToken)
    {
        if (sliceBy.Count == 0)
        {
            return new SliceRows([DatasetProfile.AllRows], null);
        }

        var columns = new List<Column>();
        foreach (var name in sliceBy)
        {
            columns.Add(table.Names.Contains(name)
                ? await table.ReadAsync(name, cancellationToken)
                : throw new InvalidInputException($"{table.Source}: no column {name} to slice by"));
        }

        var keys = new List<string> { DatasetProfile.AllRows };
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var rowSlice = new int[table.Rows];
        for (var row = 0; row < rowSlice.Length; row++)
        {
            var key = SliceKey.Of(columns, row);
            if (!index.TryGetValue(key, out var slice))
            {
                index[key] = slice = keys.Count;
                keys.Add(key);
            }

            rowSlice[row] = slice;
        }

        return new SliceRows(keys, rowSlice);
    }
}
