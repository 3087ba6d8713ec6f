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

    internal const string DeployColumns = SqliteDeployRow.Columns;

    /// <summary>Lists the days of the deploys a statement selects (service, environment, finished_at columns of <c>d</c>) for recomputation.</summary>
    public static string MarkSql(string fromWhere) =>
        $"INSERT OR IGNORE INTO dora_dirty (service, environment, day) SELECT d.service, d.environment, {DayOfFinish.Replace("finished_at", "d.finished_at", StringComparison.Ordinal)} {fromWhere} AND d.finished_at IS NOT NULL AND d.result <> 'running'";

    /// <summary>
    /// Brings the days up to date after a batch: a day no other statement of the batch listed gets the batch's new
    /// deploys (<paramref name="added"/>, as stored) merged into its row, exact because the row was exact before;
    /// every listed day, and <paramref name="touched"/>, is recomputed from the tables.
    /// </summary>
    /// <param name="deploysBefore">The largest deploy id before the batch: the batch's deploys are those above it.</param>
    public static void Apply(SqliteConnection connection, SqliteTransaction? tx, List<DeployDay> added, HashSet<DoraDayKey> touched, long deploysBefore)
    {
        Mark(connection, tx, touched);
        Expand(connection, tx, deploysBefore);
        if (added.Count > 0)
        {
            var dirty = new HashSet<DoraDayKey>();
            using (var listed = Command(connection, tx, "SELECT service, environment, day FROM dora_dirty", 0))
            using (var r = listed.ExecuteReader())
            {
                while (r.Read())
                {
                    dirty.Add(new DoraDayKey(r.GetString(0), r.GetString(1), r.GetInt32(2)));
                }
            }

            // on SQLite's C API (73,000 days for a million deploys): ADO.NET's per-command cost was most of this stage
            using var read = new SqliteStatement(connection, "SELECT deploys, rework, lead_ticks FROM dora_days WHERE day = ?1 AND service = ?2 AND environment = ?3");
            using var write = new SqliteStatement(connection,
                "INSERT OR REPLACE INTO dora_days (day, service, environment, deploys, rework, lead_ticks) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
            foreach (var day in added)
            {
                var key = new DoraDayKey(day.Service, day.Environment, DoraDayKey.Number(day.Day));
                if (dirty.Contains(key))
                {
                    continue;
                }

                var (deploys, rework, lead) = (day.Deploys, day.Rework, day.LeadTicks);
                try
                {
                    if (read.Bind(1, key.Day).Bind(2, key.Service).Bind(3, key.Environment).Step())
                    {
                        deploys += (int)read.Int64(0);
                        rework += (int)read.Int64(1);
                        lead = [.. lead, .. DoraDayKey.Decode(read.Bytes(2))];
                        Array.Sort(lead);
                    }
                }
                finally
                {
                    read.Reset();
                }

                write.Bind(1, key.Day).Bind(2, key.Service).Bind(3, key.Environment).Bind(4, deploys).Bind(5, rework).Bind(6, DoraDayKey.Encode(lead)).Run();
            }
        }

        Recompute(connection, tx);
    }

    /// <summary>Recomputes every day listed in <c>dora_dirty</c> (and <paramref name="touched"/>) from the deploys and empties the list, in the caller's transaction.</summary>
    public static void Refresh(SqliteConnection connection, SqliteTransaction? tx, IEnumerable<DoraDayKey> touched)
    {
        Mark(connection, tx, touched);
        Expand(connection, tx, long.MaxValue);
        Recompute(connection, tx);
    }

    private static void Mark(SqliteConnection connection, SqliteTransaction? tx, IEnumerable<DoraDayKey> touched)
    {
        using var mark = Command(connection, tx, "INSERT OR IGNORE INTO dora_dirty (service, environment, day) VALUES ($1, $2, $3)", 3);
        foreach (var key in touched)
        {
            Run(mark, key.Service, key.Environment, key.Day);
        }
    }

    /// <summary>
    /// Lists also the days of deploys sharing a change with a deploy of a listed day or of the batch (ids above
    /// <paramref name="deploysBefore"/>): the change's lead-time sample may move between them (<see cref="FirstShipment"/>).
    /// </summary>
    private static void Expand(SqliteConnection connection, SqliteTransaction? tx, long deploysBefore)
    {
        using var expand = Command(connection, tx, MarkSql(FirstShipment.Sharing(
            """
            SELECT dc.change_id FROM dora_dirty k
            JOIN deploys s ON s.service = k.service AND s.environment = k.environment
                AND s.finished_at >= k.day * 86400000 AND s.finished_at < (k.day + 1) * 86400000
            JOIN deploy_changes dc ON dc.deploy_id = s.id
            UNION ALL SELECT change_id FROM deploy_changes WHERE deploy_id > $1
            """)), 1);
        Run(expand, deploysBefore);
    }

    private static void Recompute(SqliteConnection connection, SqliteTransaction? tx)
    {
        using (var pending = Command(connection, tx, "SELECT EXISTS (SELECT 1 FROM dora_dirty)", 0))
        {
            if (Convert.ToInt64(pending.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return;
            }
        }

        var days = new List<DeployDay>();
        using (var read = Command(connection, tx,
            $"""
            SELECT d.{DeployColumns.Replace(", ", ", d.", StringComparison.Ordinal)}, COALESCE(dc.committed_at, c.committed_at), dc.change_id,
                {FirstShipment.ShippedBefore}
            FROM dora_dirty k
            JOIN deploys d ON d.service = k.service AND d.environment = k.environment
                AND d.finished_at >= k.day * 86400000 AND d.finished_at < (k.day + 1) * 86400000
            LEFT JOIN deploy_changes dc ON dc.deploy_id = d.id
            LEFT JOIN changes c ON c.change_id = dc.change_id
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

    /// <summary>
    /// Deploys from rows of <see cref="DeployColumns"/> plus a change's commit time and id (one row per change), in
    /// first-seen order; with a sixteenth column, <see cref="FirstShipment.ShippedBefore"/>, a change shipped before is
    /// read without its commit time (it adds no lead-time sample here).
    /// </summary>
    internal static List<Deploy> ReadDeploys(SqliteCommand command, bool withChanges = true)
    {
        var deploys = new List<Deploy>();
        var byId = new Dictionary<long, (Deploy Deploy, List<Change>? Changes)>();
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            var id = r.GetInt64(0);
            if (!byId.TryGetValue(id, out var known))
            {
                List<Change>? changes = withChanges ? [] : null;
                var deploy = SqliteDeployRow.Read(r, (IReadOnlyList<Change>?)changes ?? []);
                byId[id] = known = (deploy, changes);
                deploys.Add(deploy);
            }

            if (known.Changes is not null && !r.IsDBNull(DeployRow.Count + 1))
            {
                var shippedBefore = r.FieldCount > DeployRow.Count + 2 && r.GetInt64(DeployRow.Count + 2) != 0;
                known.Changes.Add(new Change(r.GetString(DeployRow.Count + 1), shippedBefore ? null : SqliteDeployRow.Time(r, DeployRow.Count)));
            }
        }

        return deploys;
    }

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

    internal static void Set(SqliteCommand command, params object?[] values)
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
