using Microsoft.Data.Sqlite;

namespace Tollgate.Ledger.Delivery;

/// <summary>
/// A bulk load builds the secondary indexes of deploys and incidents once, at the end, instead of inserting into them
/// row by row: inside the batch's transaction the indexes no statement of the batch reads are dropped, and
/// <see cref="Restore"/> re-creates them from the schema's own SQL before the DORA days are brought up to date (which
/// read them). Sorting a million keys once costs much less than a million random B-tree inserts. Only for a batch at
/// least as large as the deploys already recorded: re-indexing a big ledger for a small batch would cost more. A
/// failed batch rolls back the drop with everything else.
/// </summary>
internal sealed class SqliteDeferredIndexes
{
    /// <summary>Fewer events than this are written through the indexes as they are.</summary>
    public const int MinimumBatch = 20_000;

    /// <summary>
    /// Indexes the batch's own statements never read: by finish time, the partial ones of the sparse set, by cause, by change.
    /// Kept: the unique keys (duplicates are skipped by them), <c>deploy_changes_pending</c> (a merged change looks
    /// its deploys up by it) and <c>deploys_running</c> (few rows).
    /// </summary>
    private static readonly string[] Deferrable =
        ["deploys_by_finish", "deploys_rework", "deploys_failed", "deploys_remediating", "incidents_by_cause", "deploy_changes_by_change"];

    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction? _tx;
    private readonly List<string> _sql;

    private SqliteDeferredIndexes(SqliteConnection connection, SqliteTransaction? tx, List<string> sql)
    {
        _connection = connection;
        _tx = tx;
        _sql = sql;
    }

    /// <summary>Drops the deferrable indexes when <paramref name="events"/> make a bulk load of this ledger; else drops nothing.</summary>
    public static SqliteDeferredIndexes For(SqliteConnection connection, SqliteTransaction? tx, int events)
    {
        var sql = new List<string>();
        if (!IsBulk(connection, tx, events))
        {
            return new SqliteDeferredIndexes(connection, tx, sql);
        }

        var names = new List<string>();
        using (var read = SqliteDoraDays.Command(connection, tx, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL", 0))
        using (var r = read.ExecuteReader())
        {
            while (r.Read())
            {
                if (Deferrable.Contains(r.GetString(0)))
                {
                    names.Add(r.GetString(0));
                    sql.Add(r.GetString(1));
                }
            }
        }

        foreach (var name in names)
        {
            Execute(connection, tx, $"DROP INDEX \"{name}\"");
        }

        return new SqliteDeferredIndexes(connection, tx, sql);
    }

    /// <summary>Whether <paramref name="events"/> make a bulk load of this ledger: at least <see cref="MinimumBatch"/>, and at least as many as the deploys recorded.</summary>
    public static bool IsBulk(SqliteConnection connection, SqliteTransaction? tx, int events) =>
        events >= MinimumBatch && Scalar(connection, tx, "SELECT COALESCE(MAX(id), 0) FROM deploys") <= events;

    /// <summary>Builds the dropped indexes again, each in one pass over its table.</summary>
    public void Restore()
    {
        foreach (var sql in _sql)
        {
            Execute(_connection, _tx, sql);
        }

        _sql.Clear();
    }

    private static long Scalar(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        using var command = SqliteDoraDays.Command(connection, tx, sql, 0);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        using var command = SqliteDoraDays.Command(connection, tx, sql, 0);
        command.ExecuteNonQuery();
    }
}
