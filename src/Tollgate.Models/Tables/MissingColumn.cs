using Tollgate.Domain;
using Tollgate.Yaml;

namespace Tollgate.Models.Tables;

/// <summary>
/// A column a command needs that the table lacks, in one wording for every model command: "canary.csv: no column
/// 'approval' (the KPI spec's column); did you mean 'approved'?", else the columns the table has (the first 20).
/// </summary>
public static class MissingColumn
{
    private const int Listed = 20;

    public static InvalidInputException Error(string source, string name, IReadOnlyCollection<string> columns, string? role = null)
    {
        var what = $"{source}: no column '{name}'{(role is null ? "" : $" ({role})")}";
        if (KeySuggestion.For(name, columns) is { } near)
        {
            return new($"{what}; did you mean '{near}'?");
        }

        var shown = string.Join(", ", columns.Take(Listed)) + (columns.Count > Listed ? $", … ({columns.Count} in all)" : "");
        return new($"{what}; columns: {shown}");
    }
}
