using Microsoft.Data.Sqlite;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Dora;

namespace Tollgate.Ledger.Delivery;

/// <summary>
/// Reads <see cref="DoraFacts"/> from the SQLite ledger: the window's <c>dora_days</c>, the sparse deploys and the
/// incidents. Rows go through SQLite's C API, repeated names (service, environment, intent, result, source) as one
/// string each, and the file is read through a memory map: a year of a million deploys is 73,000 days, 140,000 sparse
/// deploys and 100,000 incidents, and reading them a row and a string at a time through ADO.NET, with every page
/// copied by a read call, cost more than the metrics.
/// </summary>
internal static class SqliteDoraFacts
{
    /// <summary>Up to this much of the file is mapped instead of read page by page (SQLite maps no more than the file's size).</summary>
    private const long MapBytes = 1L << 34;

    /// <summary>The window's deploy days and sparse deploys, after recomputing any day still listed (a ledger migrated to 0006), and the incidents of the service (all, when null).</summary>
    public static DoraFacts Read(SqliteConnection connection, string? service, DoraWindow window)
    {
        using (var pending = SqliteDoraDays.Command(connection, null, "SELECT EXISTS (SELECT 1 FROM dora_dirty)", 0))
        {
            if (Convert.ToInt64(pending.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0)
            {
                using var tx = connection.BeginTransaction(deferred: false);
                SqliteDoraDays.Refresh(connection, tx, []);
                tx.Commit();
            }
        }

        using (var map = SqliteDoraDays.Command(connection, null, $"PRAGMA mmap_size={MapBytes}", 0))
        {
            map.ExecuteNonQuery();
        }

        var names = new Utf8Names();
        var (first, end) = DoraDayKey.WholeDays(window);
        var days = new List<DeployDay>();
        using (var whole = new SqliteStatement(connection,
            "SELECT day, service, environment, deploys, rework, lead_ticks FROM dora_days WHERE day >= ?1 AND day < ?2 AND (?3 IS NULL OR service = ?3)"))
        {
            whole.Bind(1, first).Bind(2, end).Bind(3, service);
            while (whole.Step())
            {
                days.Add(new DeployDay(whole.Text(1, names)!, whole.Text(2, names)!, DoraDayKey.Date((int)whole.Int64(0)), (int)whole.Int64(3),
                    (int)whole.Int64(4), DoraDayKey.Decode(whole.Bytes(5))));
            }

            whole.Reset();
        }

        (DateTimeOffset From, DateTimeOffset To)[] edges = first < end
            ? [(window.From, DoraDayKey.Start(first)), (DoraDayKey.Start(end), window.To)]
            : [(window.From, window.To)];
        using (var edge = SqliteDoraDays.Command(connection, null,
            $"""
            SELECT d.{SqliteDoraDays.DeployColumns.Replace(", ", ", d.", StringComparison.Ordinal)}, COALESCE(dc.committed_at, c.committed_at), dc.change_id,
                {FirstShipment.ShippedBefore}
            FROM deploys d LEFT JOIN deploy_changes dc ON dc.deploy_id = d.id LEFT JOIN changes c ON c.change_id = dc.change_id
            WHERE d.finished_at >= $1 AND d.finished_at < $2 AND ($3 IS NULL OR d.service = $3)
            """,
            3))
        {
            foreach (var (from, to) in edges.Where(e => e.From < e.To))
            {
                SqliteDoraDays.Set(edge, from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), service);
                days.AddRange(DeployDays.Of(SqliteDoraDays.ReadDeploys(edge).Where(d => window.Contains(d.FinishedAt!.Value))));
            }
        }

        var sparse = new Dictionary<long, Deploy>();
        foreach (var sql in SparseSql)
        {
            using var part = new SqliteStatement(connection, sql);
            part.Bind(1, window.From.ToUnixTimeMilliseconds()).Bind(2, window.To.ToUnixTimeMilliseconds()).Bind(3, service);
            while (part.Step())
            {
                var id = part.Int64(0);
                if (!sparse.ContainsKey(id))
                {
                    sparse[id] = Deploy(part, names);
                }
            }

            part.Reset();
        }

        var ordered = sparse.OrderBy(p => p.Value.StartedAt).ThenBy(p => p.Key).Select(p => p.Value).ToList();
        return new DoraFacts(days, ordered, Incidents(connection, service, names));
    }

    /// <summary>The incidents of a service (with those naming none) or of all, in ledger order: detected, then recorded.</summary>
    private static List<Incident> Incidents(SqliteConnection connection, string? service, Utf8Names names)
    {
        var incidents = new List<Incident>();
        using var read = new SqliteStatement(connection,
            "SELECT incident_key, service, environment, detected_at, resolved_at, caused_by, artifact_id FROM incidents ORDER BY detected_at, id");
        while (read.Step())
        {
            var incident = new Incident(read.Text(0)!, read.Text(1, names)!, read.Text(2, names)!, read.Time(3)!.Value)
            {
                ResolvedAt = read.Time(4),
                CausedBy = read.Text(5),
                ArtifactId = read.Text(6, names),
            };
            if (service is null || incident.Service == service || incident.Service.Length == 0)
            {
                incidents.Add(incident);
            }
        }

        read.Reset();
        return incidents;
    }

    /// <summary>
    /// See <see cref="DoraFacts.Sparse"/>: the deploys failure and recovery can look at, as simple indexed queries
    /// (?1, ?2: the window; ?3: a service or null) whose rows overlap a little; the caller keeps each deploy once.
    /// </summary>
    private static readonly string[] SparseSql =
    [
        Sparse("deploys d WHERE d.intent <> 'planned'"),
        Sparse("deploys d WHERE d.result = 'failed' AND d.finished_at >= ?1 AND d.finished_at < ?2"),
        Sparse("deploys d WHERE d.watch = 'watching' AND d.finished_at >= ?1 AND d.finished_at < ?2"), // unwatched: out of the failure rate
        Sparse("deploys d WHERE d.watch = 'held' AND d.finished_at >= ?1 AND d.finished_at < ?2"), // held: out of the failure rate too
        Sparse(
            // the deploys finished next after an unverified one (held or unwatched): a rollback there undid it (IncidentLinker.RollbackNext)
            """
            deploys d JOIN (
                SELECT h.service, h.environment,
                       (SELECT min(n.finished_at) FROM deploys n
                        WHERE n.service = h.service AND n.environment = h.environment AND n.finished_at > h.finished_at) AS next_at
                FROM (SELECT service, environment, finished_at FROM deploys WHERE watch = 'held' AND finished_at >= ?1 AND finished_at < ?2
                      UNION ALL SELECT service, environment, finished_at FROM deploys WHERE watch = 'watching' AND finished_at >= ?1 AND finished_at < ?2) h
                WHERE ?3 IS NULL OR h.service = ?3) u
              ON d.service = u.service AND d.environment = u.environment AND d.finished_at = u.next_at WHERE 1 = 1
            """),
        Sparse(
            // the deploys finished last before a successful rollback: it undid them, whatever their watch made of them (IncidentLinker.RollbackNext)
            """
            deploys d JOIN (
                SELECT r.service, r.environment,
                       (SELECT max(p.finished_at) FROM deploys p
                        WHERE p.service = r.service AND p.environment = r.environment AND p.finished_at < r.finished_at) AS prior_at
                FROM deploys r WHERE r.intent = 'rollback' AND r.result = 'success' AND r.finished_at >= ?1 AND (?3 IS NULL OR r.service = ?3)) u
              ON d.service = u.service AND d.environment = u.environment AND d.finished_at = u.prior_at WHERE 1 = 1
            """),
        Sparse("deploys d WHERE d.remediates IS NOT NULL"),
        Sparse("deploys r JOIN deploys d ON d.deploy_key = r.remediates WHERE r.remediates IS NOT NULL AND r.finished_at IS NOT NULL"),
        Sparse("incidents i JOIN deploys d ON d.deploy_key = i.caused_by WHERE i.caused_by IS NOT NULL"),
        Sparse(
            """
            deploys d WHERE d.id IN (
                WITH unresolved AS (
                    SELECT i.service, i.environment, i.detected_at, i.artifact_id FROM incidents i
                    WHERE (?3 IS NULL OR i.service = ?3 OR i.service = '')
                      AND NOT EXISTS (SELECT 1 FROM deploys c WHERE c.deploy_key = i.caused_by AND c.finished_at IS NOT NULL AND (?3 IS NULL OR c.service = ?3)))
                SELECT (SELECT p.id FROM deploys p
                        WHERE p.service = u.service AND p.environment = u.environment AND p.finished_at IS NOT NULL AND p.finished_at <= u.detected_at
                        ORDER BY p.finished_at DESC, p.started_at DESC, p.id DESC LIMIT 1) FROM unresolved u
                UNION
                SELECT (SELECT p.id FROM deploys p
                        WHERE p.service = u.service AND p.environment = u.environment AND p.finished_at IS NOT NULL AND p.finished_at <= u.detected_at
                          AND (p.artifact_id = u.artifact_id OR p.version = u.artifact_id)
                        ORDER BY p.finished_at DESC, p.started_at DESC, p.id DESC LIMIT 1) FROM unresolved u WHERE u.artifact_id <> '')
            """),
    ];

    private static string Sparse(string fromWhere) =>
        $"SELECT d.{SqliteDoraDays.DeployColumns.Replace(", ", ", d.", StringComparison.Ordinal)}, d.{DeployRow.WatchColumn} FROM {fromWhere} AND d.finished_at IS NOT NULL AND (?3 IS NULL OR d.service = ?3)";

    /// <summary>
    /// A deploy from a row of <see cref="SqliteDoraDays.DeployColumns"/> and <see cref="DeployRow.WatchColumn"/>, without
    /// its changes (the sparse set needs none) but with what its watch made of it (an unfinished watch is no good deploy).
    /// </summary>
    private static Deploy Deploy(SqliteStatement row, Utf8Names names) =>
        new(row.Text(1)!, row.Text(2, names)!, row.Text(3, names)!, row.Text(4)!, DeliveryNames.ParseIntent(row.Text(5, names)!), row.Time(7)!.Value)
        {
            Result = DeliveryNames.ParseResult(row.Text(6, names)!),
            FinishedAt = row.Time(8),
            ArtifactId = row.Text(9),
            Remediates = row.Text(10),
            Source = row.Text(11, names)!,
            AmendedFailed = row.Int64(12) != 0,
            Watch = DeliveryNames.ParseWatch(row.Text(DeployRow.Count, names)),
        };
}
