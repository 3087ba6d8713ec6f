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
                : throw MissingColumn.Error(table.Source, name, [.. table.Names], "--slice-by"));
        }

        var rowSlice = new int[table.Rows];

        // A row's slice by its values (a number's bits, a text): the name is written once per distinct combination, not
        // once per row. Past two columns, by name.
        var numbers = new SliceNumbers<(Part, Part)>();
        for (var row = 0; row < rowSlice.Length; row++)
        {
            rowSlice[row] = columns.Count <= 2
                ? numbers.Of((Part.Of(columns[0], row), columns.Count > 1 ? Part.Of(columns[1], row) : default), (columns, row), static s => SliceKey.Of(s.columns, s.row))
                : numbers.Named(SliceKey.Of(columns, row));
        }

        return new SliceRows(numbers.Names, rowSlice);
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
