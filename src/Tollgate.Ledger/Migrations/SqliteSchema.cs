using Microsoft.Data.Sqlite;
using Tollgate.Domain;

namespace Tollgate.Ledger.Migrations;

/// <summary>
/// What a SQLite file holds, read before anything is written to it (not even its journal mode): no tables (a new,
/// empty file, made a ledger), a Tollgate ledger (its schema version), or anything else, refused. A ledger is known by
/// its <c>schema_migrations</c>: Tollgate's columns, and the first step recorded under its own name (or nothing recorded
/// yet, in a file holding only that table: a first open that stopped before its first step). Another program's
/// <c>schema_migrations</c> (Rails keeps one) is not a ledger's.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>
    /// The ledger's schema version (0: no tables yet); throws for another program's tables and for a schema newer than
    /// this build's migrations.
    /// </summary>
    public static async Task<long> VersionAsync(SqliteConnection connection, string path, CancellationToken cancellationToken)
    {
        var tables = await connection.QueryAsync(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name", r => r.GetString(0), cancellationToken);
        if (tables.Count == 0)
        {
            return 0;
        }

        var migrations = Migration.For("Sqlite");
        if (!tables.Contains("schema_migrations") || !await IsLedgerAsync(connection, migrations[0], tables.Count, cancellationToken))
        {
            throw SchemaRefusal.NotALedger($"the ledger at {path}", $"it has tables of its own: {SchemaRefusal.List(tables)}", "give --ledger a new file or a ledger Tollgate made");
        }

        var (version, newer) = await NewerAsync(connection, path, cancellationToken);
        return newer is null ? version : throw newer;
    }

    /// <summary>The ledger's schema version, and the refusal when a newer Tollgate wrote it (one primary-key read of <c>schema_migrations</c>).</summary>
    public static async Task<(long Version, InvalidInputException? Newer)> NewerAsync(SqliteConnection connection, string path, CancellationToken cancellationToken)
    {
        var known = Migration.For("Sqlite")[^1].Version;
        var version = await connection.ScalarAsync("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", cancellationToken);
        return (version, version > known ? SchemaRefusal.Newer($"the ledger at {path}", version, known) : null);
    }

    private static async Task<bool> IsLedgerAsync(SqliteConnection connection, Migration first, int tables, CancellationToken cancellationToken)
    {
        if (await connection.ScalarAsync(
                "SELECT COUNT(*) FROM pragma_table_info('schema_migrations') WHERE (name, upper(type)) IN (VALUES ('version', 'INTEGER'), ('name', 'TEXT'), ('applied_at', 'TEXT'))",
                cancellationToken) != 3)
        {
            return false;
        }

        var recorded = await connection.ScalarAsync("SELECT COUNT(*) FROM schema_migrations", cancellationToken);
        return recorded == 0
            ? tables == 1
            : await connection.ScalarAsync("SELECT COUNT(*) FROM schema_migrations WHERE version = $version AND name = $name", cancellationToken, ("$version", first.Version), ("$name", first.Name)) == 1;
    }
}
