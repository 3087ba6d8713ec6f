using Microsoft.Data.Sqlite;

namespace Tollgate.Ledger.Delivery;

/// <summary>
/// One INSERT of many rows (<c>VALUES (…), (…), …</c>) per row count up to <see cref="MaxRows"/>, each prepared once
/// when first used: SQLite's per-statement cost (bind, step, reset, opening the table and index cursors) is paid once
/// for a group of rows instead of once per row. Row <c>r</c>'s column <c>c</c> (both from 0) is parameter
/// <c>r * columns + c + 1</c>.
/// </summary>
internal sealed class SqliteRowsInsert(SqliteConnection connection, string into, int columns, string suffix) : IDisposable
{
    public const int MaxRows = 128;

    private readonly SqliteStatement?[] _byRows = new SqliteStatement?[MaxRows + 1];

    public int Columns => columns;

    /// <summary>The statement inserting <paramref name="rows"/> rows (1 to <see cref="MaxRows"/>).</summary>
    public SqliteStatement For(int rows)
    {
        if (_byRows[rows] is { } prepared)
        {
            return prepared;
        }

        var values = new System.Text.StringBuilder(into).Append(" VALUES ");
        for (var r = 0; r < rows; r++)
        {
            values.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns; c++)
            {
                values.Append(c == 0 ? "?" : ", ?").Append(r * columns + c + 1);
            }

            values.Append(')');
        }

        return _byRows[rows] = new SqliteStatement(connection, values.Append(' ').Append(suffix).ToString());
    }

    public void Dispose()
    {
        foreach (var statement in _byRows)
        {
            statement?.Dispose();
        }
    }
}
