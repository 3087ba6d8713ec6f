using Microsoft.Data.Sqlite;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Dora;

namespace Tollgate.Ledger.Delivery;

/// <summary>
/// The <c>dora_days</c> table of the SQLite ledger (migration 0006): kept by the writing transaction, and read with the
/// sparse deploys as <see cref="DoraFacts"/>. A day is always recomputed from its deploys, never patched, so events in
/// any order, duplicates, late commit times and finished deploys all end in the same rows.
/// </summary>
internal static class SqliteDoraDays
{
    /// <summary>The UTC day number of <c>finished_at</c> (Unix milliseconds), rounding down before 1970 too.</summary>
    public const string DayOfFinish = "((finished_at - CASE WHEN finished_at < 0 THEN 86399999 ELSE 0 END) / 86400000)";

    private const string DeployColumns = "id, deploy_key, service, environment, version, intent, result, started_at, finished_at, artifact_id, remediates, source";

    /// <summary>Lists the days of the deploys a statement selects (service, environment, finished_at columns of <c>d</c>) for recomputation.</summary>
    public static string MarkSql(string fromWhere) =>
        $"INSERT OR IGNORE INTO dora_dirty (service, environment, day) SELECT d.service, d.environment, {DayOfFinish.Replace("finished_at", "d.finished_at", StringComparison.Ordinal)} {fromWhere} AND d.finished_at IS NOT NULL AND d.result <> 'running'";

    /// <summary>Recomputes every day listed in <c>dora_dirty</c> from the deploys and empties the list, in the caller's transaction.</summary>
    public static void Refresh(SqliteConnection connection, SqliteTransaction tx, IEnumerable<DoraDayKey> touched)
    {
        using (var mark = Command(connection, tx, "INSERT OR IGNORE INTO dora_dirty (service, environment, day) VALUES ($1, $2, $3)", 3))
        {
            foreach (var key in touched)
            {
                Run(mark, key.Service, key.Environment, key.Day);
            }
        }

        var days = new List<DeployDay>();
        using (var read = Command(connection, tx,
            $"""
            SELECT d.{DeployColumns.Replace(", ", ", d.", StringComparison.Ordinal)}, COALESCE(dc.committed_at, c.committed_at), dc.change_id
            FROM dora_dirty k
            JOIN deploys d ON d.service = k.service AND d.environment = k.environment
                AND d.finished_at >= k.day * 86400000 AND d.finished_at < (k.day + 1) * 86400000
            LEFT JOIN deploy_changes dc ON dc.deploy_id = d.id
            LEFT JOIN changes c ON c.change_id = dc.change_id
            ORDER BY d.id
            """,
            0))
        {
            days.AddRange(DeployDays.Of(ReadDeploys(read)));
        }

        using (var clear = Command(connection, tx,
            "DELETE FROM dora_days WHERE (day, service, environment) IN (SELECT day, service, environment FROM dora_dirty)", 0))
        {
            clear.ExecuteNonQuery();
        }

        using (var insert = Command(connection, tx,
            "INSERT INTO dora_days (day, service, environment, deploys, rework, lead_ticks) VALUES ($1, $2, $3, $4, $5, $6)", 6))
        {
            foreach (var day in days)
            {
                Run(insert, DoraDayKey.Number(day.Day), day.Service, day.Environment, day.Deploys, day.Rework, DoraDayKey.Encode(day.LeadTicks));
            }
        }

        using var done = Command(connection, tx, "DELETE FROM dora_dirty", 0);
        done.ExecuteNonQuery();
    }

    /// <summary>The window's deploy days and sparse deploys, after recomputing any day still listed (a ledger migrated to 0006).</summary>
    public static DoraFacts Read(SqliteConnection connection, string? service, DoraWindow window)
    {
        using (var pending = Command(connection, null, "SELECT EXISTS (SELECT 1 FROM dora_dirty)", 0))
        {
            if (Convert.ToInt64(pending.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0)
            {
                using var tx = connection.BeginTransaction(deferred: false);
                Refresh(connection, tx, []);
                tx.Commit();
            }
        }

        var (first, end) = DoraDayKey.WholeDays(window);
        var days = new List<DeployDay>();
        using (var whole = Command(connection, null,
            "SELECT day, service, environment, deploys, rework, lead_ticks FROM dora_days WHERE day >= $1 AND day < $2 AND ($3 IS NULL OR service = $3)", 3))
        {
            Set(whole, first, end, service);
            using var r = whole.ExecuteReader();
            while (r.Read())
            {
                days.Add(new DeployDay(r.GetString(1), r.GetString(2), DoraDayKey.Date(r.GetInt32(0)), r.GetInt32(3), r.GetInt32(4),
                    DoraDayKey.Decode((byte[])r.GetValue(5))));
            }
        }

        (DateTimeOffset From, DateTimeOffset To)[] edges = first < end
            ? [(window.From, DoraDayKey.Start(first)), (DoraDayKey.Start(end), window.To)]
            : [(window.From, window.To)];
        using (var edge = Command(connection, null,
            $"""
            SELECT d.{DeployColumns.Replace(", ", ", d.", StringComparison.Ordinal)}, COALESCE(dc.committed_at, c.committed_at), dc.change_id
            FROM deploys d LEFT JOIN deploy_changes dc ON dc.deploy_id = d.id LEFT JOIN changes c ON c.change_id = dc.change_id
            WHERE d.finished_at >= $1 AND d.finished_at < $2 AND ($3 IS NULL OR d.service = $3)
            ORDER BY d.id
            """,
            3))
        {
            foreach (var (from, to) in edges.Where(e => e.From < e.To))
            {
                Set(edge, from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), service);
                days.AddRange(DeployDays.Of(ReadDeploys(edge).Where(d => window.Contains(d.FinishedAt!.Value))));
            }
        }

        using var sparse = Command(connection, null, SparseSql, 3);
        Set(sparse, window.From.ToUnixTimeMilliseconds(), window.To.ToUnixTimeMilliseconds(), service);
        return new DoraFacts(days, ReadDeploys(sparse, withChanges: false).ToList(), []);
    }

    /// <summary>See <see cref="DoraFacts.Sparse"/>: the deploys failure and recovery can look at, in ledger order.</summary>
    private const string SparseSql =
        $"""
        WITH unresolved AS (
            SELECT i.service, i.environment, i.detected_at, i.artifact_id FROM incidents i
            WHERE ($3 IS NULL OR i.service = $3 OR i.service = '')
              AND NOT EXISTS (SELECT 1 FROM deploys c WHERE c.deploy_key = i.caused_by AND c.finished_at IS NOT NULL AND ($3 IS NULL OR c.service = $3))
        ), wanted (id) AS (
            SELECT id FROM deploys WHERE intent <> 'planned' AND finished_at IS NOT NULL
            UNION SELECT id FROM deploys WHERE result = 'failed' AND finished_at >= $1 AND finished_at < $2
            UNION SELECT id FROM deploys WHERE remediates IS NOT NULL AND finished_at IS NOT NULL
            UNION SELECT t.id FROM deploys r JOIN deploys t ON t.deploy_key = r.remediates WHERE r.remediates IS NOT NULL AND r.finished_at IS NOT NULL
            UNION SELECT d.id FROM incidents i JOIN deploys d ON d.deploy_key = i.caused_by
            UNION SELECT (SELECT d.id FROM deploys d
                          WHERE d.service = u.service AND d.environment = u.environment AND d.finished_at IS NOT NULL AND d.finished_at <= u.detected_at
                          ORDER BY d.finished_at DESC, d.started_at DESC, d.id DESC LIMIT 1) FROM unresolved u
            UNION SELECT (SELECT d.id FROM deploys d
                          WHERE d.service = u.service AND d.environment = u.environment AND d.finished_at IS NOT NULL AND d.finished_at <= u.detected_at
                            AND (d.artifact_id = u.artifact_id OR d.version = u.artifact_id)
                          ORDER BY d.finished_at DESC, d.started_at DESC, d.id DESC LIMIT 1) FROM unresolved u WHERE u.artifact_id <> ''
        )
        SELECT {DeployColumns}, NULL, NULL FROM deploys
        WHERE id IN (SELECT id FROM wanted) AND finished_at IS NOT NULL AND ($3 IS NULL OR service = $3)
        ORDER BY started_at, id
        """;

    /// <summary>Deploys from rows of <see cref="DeployColumns"/> plus a change's commit time and id, grouped by deploy id (rows in id order).</summary>
    private static IEnumerable<Deploy> ReadDeploys(SqliteCommand command, bool withChanges = true)
    {
        using var r = command.ExecuteReader();
        Deploy? current = null;
        long currentId = 0;
        List<Change>? changes = null;
        while (r.Read())
        {
            var id = r.GetInt64(0);
            if (current is null || id != currentId)
            {
                if (current is not null)
                {
                    yield return current;
                }

                changes = withChanges ? [] : null;
                currentId = id;
                current = new Deploy(r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), DeliveryNames.ParseIntent(r.GetString(5)), Time(r, 7)!.Value)
                {
                    Result = DeliveryNames.ParseResult(r.GetString(6)),
                    FinishedAt = Time(r, 8),
                    ArtifactId = r.IsDBNull(9) ? null : r.GetString(9),
                    Remediates = r.IsDBNull(10) ? null : r.GetString(10),
                    Source = r.GetString(11),
                    Changes = (IReadOnlyList<Change>?)changes ?? [],
                };
            }

            if (changes is not null && !r.IsDBNull(13))
            {
                changes.Add(new Change(r.GetString(13), Time(r, 12)));
            }
        }

        if (current is not null)
        {
            yield return current;
        }
    }

    private static DateTimeOffset? Time(SqliteDataReader r, int column) =>
        r.IsDBNull(column) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(column));

    internal static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? tx, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        for (var i = 1; i <= parameters; i++)
        {
            command.Parameters.Add(new SqliteParameter("$" + i, null));
        }

        return command;
    }

    private static void Set(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    private static void Run(SqliteCommand command, params object?[] values)
    {
        Set(command, values);
        command.ExecuteNonQuery();
    }
}
