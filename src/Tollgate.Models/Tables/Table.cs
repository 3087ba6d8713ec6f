namespace Tollgate.Models.Tables;

/// <summary>A feature table read from CSV or Parquet: named columns of equal length.</summary>
public sealed class Table(string source, IReadOnlyList<Column> columns, int rows)
{
    public string Source { get; } = source;

    public IReadOnlyList<Column> Columns { get; } = columns;

    public int Rows { get; } = rows;

    public Column? Find(string name) => Columns.FirstOrDefault(c => c.Name == name);
}
