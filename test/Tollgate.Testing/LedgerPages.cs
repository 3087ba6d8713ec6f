using Microsoft.Data.Sqlite;

namespace Tollgate.Testing;

/// <summary>A SQLite ledger damaged on purpose: one table's root page overwritten with garbage, its schema still readable.</summary>
public static class LedgerPages
{
    /// <summary>
    /// Overwrites the root page of <paramref name="table"/> (not of its indexes) in the closed ledger at
    /// <paramref name="path"/> with seeded random bytes: opening it still works, and so does a query its indexes answer;
    /// reading the table's rows or writing one finds it corrupt.
    /// </summary>
    public static void Garble(string path, string table)
    {
        long pageSize;
        long? root;
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var size = connection.CreateCommand();
            size.CommandText = "PRAGMA page_size";
            pageSize = (long)size.ExecuteScalar()!;
            using var pages = connection.CreateCommand();
            pages.CommandText = "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = $table";
            pages.Parameters.AddWithValue("$table", table);
            root = pages.ExecuteScalar() as long?;
        }

        if (root is null || File.Exists(path + "-wal"))
        {
            throw new InvalidOperationException($"{path}: no table {table}, or a write-ahead log still beside it");
        }

        var garbage = new byte[pageSize];
        new Random(27).NextBytes(garbage);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.Position = (root.Value - 1) * pageSize;
        file.Write(garbage);
    }
}
