using Tollgate.Models.Tables;

namespace Tollgate.Models.Profiles;

/// <summary>A slice's name: <c>col=value</c> pairs joined by commas, in the order the slice columns were given.</summary>
public static class SliceKey
{
    public static string Of(IReadOnlyList<Column> columns, int row) =>
        string.Join(",", columns.Select(c => $"{c.Name}={c.TextAt(row) ?? "(missing)"}"));
}
