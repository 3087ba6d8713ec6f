using System.Text.RegularExpressions;
using Npgsql;
using Tollgate.Domain;

namespace Tollgate.Ledger.Migrations;

/// <summary>
/// What a PostgreSQL database holds, read under the migration lock before any step is applied. A database is commonly
/// shared (an application's tables beside the ledger's), so other tables are left alone and allowed; what is refused
/// is what Tollgate cannot share: a <c>schema_migrations</c> table that is not Tollgate's (Rails and other tools keep
/// one by that name), a table or index of the name a pending step would create, and a schema newer than this build's.
/// </summary>
internal static partial class PostgresSchema
{
    private const string Remedy = "give Tollgate a database of its own, or a schema of its own (CREATE SCHEMA tollgate, then search_path=tollgate in the URL)";

    /// <summary>The ledger's schema version, and the refusal when a newer Tollgate wrote it (one primary-key read of <c>schema_migrations</c>).</summary>
    public static async Task<(long Version, InvalidInputException? Newer)> NewerAsync(NpgsqlConnection db, NpgsqlTransaction? tx, string server, CancellationToken cancellationToken)
    {
        var known = Migration.For("Postgres")[^1].Version;
        var version = await db.ScalarAsync("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", tx, cancellationToken);
        return (version, version > known ? SchemaRefusal.Newer($"the PostgreSQL ledger at {server}", version, known) : null);
    }

    /// <summary>The ledger's schema version; null when the database has no <c>schema_migrations</c> (no ledger yet).</summary>
    public static async Task<long?> VersionAsync(NpgsqlConnection db, NpgsqlTransaction tx, string server, CancellationToken cancellationToken)
    {
        var ledger = $"the PostgreSQL ledger at {server}";
        var migrations = Migration.For("Postgres");
        long? version = null;
        if (await db.ScalarAsync("SELECT CASE WHEN to_regclass('schema_migrations') IS NULL THEN 0 ELSE 1 END", tx, cancellationToken) == 1)
        {
            if (!await IsLedgerAsync(db, tx, migrations[0], cancellationToken))
            {
                throw SchemaRefusal.NotALedger(ledger, "its schema_migrations table is another program's", Remedy);
            }

            var (known, newer) = await NewerAsync(db, tx, server, cancellationToken);
            version = newer is null ? known : throw newer;
        }

        string[] pending = [.. migrations.Where(m => m.Version > (version ?? 0)).SelectMany(m => Created().Matches(m.Sql).Select(c => c.Groups[1].Value))];
        if (pending.Length == 0)
        {
            return version;
        }

        var taken = await db.QueryAsync(
            "SELECT c.relname::text FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY($1) ORDER BY 1",
            tx, r => r.GetString(0), cancellationToken, [pending]);
        return taken.Count > 0
            ? throw SchemaRefusal.NotALedger(ledger, $"it has tables of its own under the names Tollgate's would take: {SchemaRefusal.List(taken)}", Remedy)
            : version;
    }

    /// <summary>A step that stopped on a name the database already uses for something else (an enum type named as a table).</summary>
    public static Domain.InvalidInputException Taken(string server, Migration step, PostgresException e) =>
        SchemaRefusal.NotALedger($"the PostgreSQL ledger at {server}", $"step {step.Version:D4}_{step.Name} of Tollgate's schema stopped: {e.MessageText}", Remedy);

    // Tollgate's columns, and its first step recorded under its own name (or no step yet).
    private static async Task<bool> IsLedgerAsync(NpgsqlConnection db, NpgsqlTransaction tx, Migration first, CancellationToken cancellationToken) =>
        await db.ScalarAsync(
            """
            SELECT count(*) FROM pg_attribute
            WHERE attrelid = 'schema_migrations'::regclass AND attnum > 0 AND NOT attisdropped
              AND (attname::text, format_type(atttypid, atttypmod)) IN (('version', 'integer'), ('name', 'text'), ('applied_at', 'timestamp with time zone'))
            """,
            tx,
            cancellationToken) == 3
        && (await db.ScalarAsync("SELECT count(*) FROM schema_migrations", tx, cancellationToken) == 0
            || await db.ScalarAsync("SELECT count(*) FROM schema_migrations WHERE version = $1 AND name = $2", tx, cancellationToken, first.Version, first.Name) == 1);

    [GeneratedRegex(@"\bCREATE\s+(?:UNIQUE\s+)?(?:TABLE|INDEX)\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex Created();
}
