using Tollgate.Models.Tables;

namespace Tollgate.Models.Profiles;

/// <summary>A slice's name: <c>col=value</c> pairs joined by commas, in the order the slice columns were given.</summary>
public static class SliceKey
{
    public static string Of(IReadOnlyList<Column> columns, int row) => Of(columns.Select(c => (c.Name, c.TextAt(row))));

    /// <summary>The name from each slice column's name and value as text (numbers in round-trip invariant form; null when missing).</summary>
    public static string Of(IEnumerable<(string Name, string? Text)> values) =>
        string.Join(",", values.Select(v => $"{v.Name}={v.Text ?? "(missing)"}"));
}
