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

        // A row's slice by its values (a number's bits, a text): the name is written once per distinct combination, not
        // once per row; combinations whose names read the same share the slice, as they would by name.
        var byValues = new Dictionary<(Part, Part), int>();
        for (var row = 0; row < rowSlice.Length; row++)
        {
            var values = columns.Count <= 2 ? (Part.Of(columns[0], row), columns.Count > 1 ? Part.Of(columns[1], row) : default) : default;
            if (columns.Count > 2 || !byValues.TryGetValue(values, out var slice))
            {
                var key = SliceKey.Of(columns, row);
                if (!index.TryGetValue(key, out slice))
                {
                    index[key] = slice = keys.Count;
                    keys.Add(key);
                }

                if (columns.Count <= 2)
                {
                    byValues[values] = slice;
                }
            }

            rowSlice[row] = slice;
        }

        return new SliceRows(keys, rowSlice);
    }

    // One slice column's value in a row: a number's bits (every NaN alike), or a text (null when missing).
    private readonly record struct Part(long Bits, string? Text)
    {
        public static Part Of(Column column, int row)
        {
            if (column.IsNumeric)
            {
                var value = column.Numbers![row];
                return new Part(BitConverter.DoubleToInt64Bits(double.IsNaN(value) ? double.NaN : value), null);
            }

            var text = column.Texts![row];
            return new Part(text is null ? 1 : 0, text);
        }
    }
}
