using Npgsql;
using NpgsqlTypes;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Dora;

namespace Tollgate.Ledger.Delivery;

/// <summary>
/// The <c>dora_days</c> table of the PostgreSQL ledger (migration 0006), kept and read as <see cref="SqliteDoraDays"/>
/// keeps and reads SQLite's. Writers take one transaction-scoped advisory lock first, so two transactions never
/// recompute the same day from different snapshots.
/// </summary>
internal static class PostgresDoraDays
{
    /// <summary>The key of <c>pg_advisory_xact_lock</c> around delivery writes: the bytes of "doradays".</summary>
    public const long LockKey = 0x646F7261646179;

    /// <summary>From how many listed days a refresh analyzes the tables it reads first (a few hundred ms on a million deploys).</summary>
    public const int AnalyzeFromDays = 1000;

    private const string DayOfFinish = "floor(extract(epoch FROM d.finished_at) / 86400)::integer";

    private const string DeployColumns = "d.id, d.deploy_key, d.service, d.environment, d.version, d.intent, d.result, d.started_at, d.finished_at, d.artifact_id, d.remediates, d.source, d.amended";

    public static async Task LockAsync(NpgsqlConnection db, NpgsqlTransaction tx, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", db, tx) { Parameters = { new() { Value = LockKey } } };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Lists the days of the deploys a statement selects (alias <c>d</c>) for recomputation.</summary>
    public static string MarkSql(string fromWhere) =>
        $"INSERT INTO dora_dirty (service, environment, day) SELECT DISTINCT d.service, d.environment, {DayOfFinish} {fromWhere} AND d.finished_at IS NOT NULL AND d.result <> 'running' ON CONFLICT DO NOTHING";

    /// <summary>Recomputes every day listed in <c>dora_dirty</c> (and <paramref name="touched"/>) from the deploys, in the caller's locked transaction.</summary>
    /// <param name="marked">
    /// The days the caller's write listed in <c>dora_dirty</c> (the rows its marks inserted), which decide whether the
    /// tables are analyzed first; null for a caller that wrote nothing (a read finishing the days a migration listed):
    /// the listed days are then counted.
    /// </param>
    public static async Task RefreshAsync(NpgsqlConnection db, NpgsqlTransaction tx, IReadOnlyCollection<DoraDayKey> touched, long? marked, CancellationToken cancellationToken)
    {
        if (touched.Count > 0)
        {
            await using var mark = new NpgsqlCommand(
                "INSERT INTO dora_dirty (service, environment, day) SELECT * FROM unnest($1::text[], $2::text[], $3::integer[]) ON CONFLICT DO NOTHING", db, tx)
            {
                Parameters =
                {
                    new() { Value = touched.Select(k => k.Service).ToArray() },
                    new() { Value = touched.Select(k => k.Environment).ToArray() },
                    new() { Value = touched.Select(k => k.Day).ToArray() },
                },
            };
            marked += await mark.ExecuteNonQueryAsync(cancellationToken);
        }

        // Many days at once (a large ingest, or a ledger's first load) means tables grown in this very transaction, which
        // the planner knows nothing about until autovacuum analyzes them after the commit: without statistics it joined
        // the listed days to deploys by service alone (millions of rows filtered) and looked each change's earlier
        // deploys up by service (49,808 CDEvent lines: 25 s). Analyzed here, it uses deploys_by_finish and the change index.
        // A write knows how many days it listed (its marks' inserted rows): a few, the common case, cost no count.
        if (marked is { } listed ? listed >= AnalyzeFromDays : await ListedAtLeastAsync(db, tx, AnalyzeFromDays, cancellationToken))
        {
            await using var analyze = new NpgsqlCommand("ANALYZE deploys, deploy_changes, dora_dirty", db, tx);
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }

        // the days of deploys sharing a change with a listed day's deploys: the change's lead-time sample may move between them
        await using (var expand = new NpgsqlCommand(MarkSql(FirstShipment.Sharing(
            """
            SELECT dc.change_id FROM dora_dirty k
            JOIN deploys s ON s.service = k.service AND s.environment = k.environment
                AND s.finished_at >= 'epoch'::timestamptz + k.day * interval '1 day' AND s.finished_at < 'epoch'::timestamptz + (k.day + 1) * interval '1 day'
            JOIN deploy_changes dc ON dc.deploy_id = s.id
            """)), db, tx))
        {
            await expand.ExecuteNonQueryAsync(cancellationToken);
        }

        List<DeployDay> days;
        await using (var read = new NpgsqlCommand(
            $"""
            SELECT {DeployColumns}, COALESCE(dc.committed_at, c.committed_at), dc.change_id, {FirstShipment.ShippedBefore}
            FROM dora_dirty k
            JOIN deploys d ON d.service = k.service AND d.environment = k.environment
                AND d.finished_at >= 'epoch'::timestamptz + k.day * interval '1 day' AND d.finished_at < 'epoch'::timestamptz + (k.day + 1) * interval '1 day'
            LEFT JOIN deploy_changes dc ON dc.deploy_id = d.id
            LEFT JOIN changes c ON c.change_id = dc.change_id
            ORDER BY d.id
            """, db, tx))
        {
            days = DeployDays.Of(await ReadDeploysAsync(read, true, cancellationToken));
        }

        await using (var clear = new NpgsqlCommand(
            "DELETE FROM dora_days x USING dora_dirty k WHERE x.day = k.day AND x.service = k.service AND x.environment = k.environment", db, tx))
        {
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        if (days.Count > 0)
        {
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO dora_days (day, service, environment, deploys, rework, lead_ticks)
                SELECT * FROM unnest($1::integer[], $2::text[], $3::text[], $4::integer[], $5::integer[], $6::bytea[])
                """, db, tx)
            {
                Parameters =
                {
                    new() { Value = days.Select(d => DoraDayKey.Number(d.Day)).ToArray() },
                    new() { Value = days.Select(d => d.Service).ToArray() },
                    new() { Value = days.Select(d => d.Environment).ToArray() },
                    new() { Value = days.Select(d => d.Deploys).ToArray() },
                    new() { Value = days.Select(d => d.Rework).ToArray() },
                    new() { Value = days.Select(d => DoraDayKey.Encode(d.LeadTicks)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea },
                },
            };
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var done = new NpgsqlCommand("DELETE FROM dora_dirty", db, tx);
        await done.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The window's deploy days and sparse deploys, after recomputing any day still listed (a ledger migrated to 0006).</summary>
    public static async Task<DoraFacts> ReadAsync(NpgsqlConnection db, string? service, DoraWindow window, CancellationToken cancellationToken)
    {
        await using (var pending = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM dora_dirty)", db))
        {
            if (await pending.ExecuteScalarAsync(cancellationToken) is true)
            {
                await using var tx = await db.BeginTransactionAsync(cancellationToken);
                await LockAsync(db, tx, cancellationToken);
                await RefreshAsync(db, tx, [], null, cancellationToken);
                await tx.CommitAsync(cancellationToken);
            }
        }

        var (first, end) = DoraDayKey.WholeDays(window);
        var days = new List<DeployDay>();
        await using (var whole = Command(db,
            "SELECT day, service, environment, deploys, rework, lead_ticks FROM dora_days WHERE day >= $1 AND day < $2 AND ($3::text IS NULL OR service = $3)",
            first, end, service))
        await using (var r = await whole.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                days.Add(new DeployDay(r.GetString(1), r.GetString(2), DoraDayKey.Date(r.GetInt32(0)), r.GetInt32(3), r.GetInt32(4),
                    DoraDayKey.Decode(r.GetFieldValue<byte[]>(5))));
            }
        }

        (DateTimeOffset From, DateTimeOffset To)[] edges = first < end
            ? [(window.From, DoraDayKey.Start(first)), (DoraDayKey.Start(end), window.To)]
            : [(window.From, window.To)];
        foreach (var (from, to) in edges.Where(e => e.From < e.To))
        {
            await using var edge = Command(db,
                $"""
                SELECT {DeployColumns}, COALESCE(dc.committed_at, c.committed_at), dc.change_id, {FirstShipment.ShippedBefore}
                FROM deploys d LEFT JOIN deploy_changes dc ON dc.deploy_id = d.id LEFT JOIN changes c ON c.change_id = dc.change_id
                WHERE d.finished_at >= $1 AND d.finished_at < $2 AND ($3::text IS NULL OR d.service = $3)
                ORDER BY d.id
                """,
                from.ToUniversalTime(), to.ToUniversalTime(), service);
            days.AddRange(DeployDays.Of((await ReadDeploysAsync(edge, true, cancellationToken)).Where(d => window.Contains(d.FinishedAt!.Value))));
        }

        await using var sparse = Command(db, SparseSql, window.From.ToUniversalTime(), window.To.ToUniversalTime(), service);
        return new DoraFacts(days, await ReadDeploysAsync(sparse, false, cancellationToken), []);
    }

    /// <summary>See <see cref="DoraFacts.Sparse"/> and <see cref="SqliteDoraDays"/>: the same query in PostgreSQL.</summary>
    private const string SparseSql =
        $"""
        WITH unresolved AS (
            SELECT i.service, i.environment, i.detected_at, i.artifact_id FROM incidents i
            WHERE ($3::text IS NULL OR i.service = $3 OR i.service = '')
              AND NOT EXISTS (SELECT 1 FROM deploys c WHERE c.deploy_key = i.caused_by AND c.finished_at IS NOT NULL AND ($3::text IS NULL OR c.service = $3))
        ), unjudged AS (
            -- the deploys finished next after an unverified one (held or unwatched): a rollback there undid it (IncidentLinker.RollbackNext)
            SELECT h.service, h.environment,
                   (SELECT min(n.finished_at) FROM deploys n
                    WHERE n.service = h.service AND n.environment = h.environment AND n.finished_at > h.finished_at) AS next_at
            FROM (SELECT service, environment, finished_at FROM deploys WHERE watch = 'held' AND finished_at >= $1 AND finished_at < $2
                  UNION ALL SELECT service, environment, finished_at FROM deploys WHERE watch = 'watching' AND finished_at >= $1 AND finished_at < $2) h
            WHERE $3::text IS NULL OR h.service = $3
        ), undone AS (
            -- the deploys finished last before a successful rollback: it undid them, whatever their watch made of them (IncidentLinker.RollbackNext)
            SELECT r.service, r.environment,
                   (SELECT max(p.finished_at) FROM deploys p
                    WHERE p.service = r.service AND p.environment = r.environment AND p.finished_at < r.finished_at) AS prior_at
            FROM deploys r WHERE r.intent = 'rollback' AND r.result = 'success' AND r.finished_at >= $1 AND ($3::text IS NULL OR r.service = $3)
        ), wanted (id) AS (
            SELECT id FROM deploys WHERE intent <> 'planned' AND finished_at IS NOT NULL
            UNION SELECT id FROM deploys WHERE result = 'failed' AND finished_at >= $1 AND finished_at < $2
            UNION SELECT id FROM deploys WHERE watch = 'watching' AND finished_at >= $1 AND finished_at < $2
            UNION SELECT id FROM deploys WHERE watch = 'held' AND finished_at >= $1 AND finished_at < $2
            UNION SELECT n.id FROM unjudged u JOIN deploys n ON n.service = u.service AND n.environment = u.environment AND n.finished_at = u.next_at
            UNION SELECT p.id FROM undone u JOIN deploys p ON p.service = u.service AND p.environment = u.environment AND p.finished_at = u.prior_at
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
        SELECT {DeployColumns}, d.{DeployRow.WatchColumn} FROM deploys d
        WHERE d.id IN (SELECT id FROM wanted) AND d.finished_at IS NOT NULL AND ($3::text IS NULL OR d.service = $3)
        ORDER BY d.started_at, d.id
        """;

    /// <summary>
    /// Deploys from rows of <see cref="DeployColumns"/> plus a change's commit time and id, grouped by deploy id; without
    /// changes, rows of <see cref="DeployColumns"/> plus <see cref="DeployRow.WatchColumn"/> (the sparse set).
    /// </summary>
    private static async Task<List<Deploy>> ReadDeploysAsync(NpgsqlCommand command, bool withChanges, CancellationToken cancellationToken)
    {
        var deploys = new List<Deploy>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        long currentId = 0;
        List<Change>? changes = null;
        while (await r.ReadAsync(cancellationToken))
        {
            var id = r.GetInt64(0);
            if (deploys.Count == 0 || id != currentId)
            {
                changes = withChanges ? [] : null;
                currentId = id;
                var deploy = PostgresDeployRow.Read(r, (IReadOnlyList<Change>?)changes ?? []);

                // the sparse set (no changes) reads what the watch made of each deploy instead: an unfinished watch is no good deploy
                deploys.Add(withChanges ? deploy : deploy with { Watch = DeployRow.Watch(r) });
            }

            if (changes is not null && !r.IsDBNull(DeployRow.Count + 1))
            {
                // a change an earlier deploy shipped (FirstShipment.ShippedBefore) is read without its commit time: no second sample
                var shippedBefore = r.FieldCount > DeployRow.Count + 2 && r.GetBoolean(DeployRow.Count + 2);
                changes.Add(new Change(r.GetString(DeployRow.Count + 1), shippedBefore ? null : PostgresDeployRow.Time(r, DeployRow.Count)));
            }
        }

        return deploys;
    }

    /// <summary>Whether <c>dora_dirty</c> lists at least <paramref name="days"/> days (those a migration listed, for a caller that wrote none).</summary>
    private static async Task<bool> ListedAtLeastAsync(NpgsqlConnection db, NpgsqlTransaction tx, int days, CancellationToken cancellationToken)
    {
        await using var count = new NpgsqlCommand("SELECT count(*) >= $1 FROM dora_dirty", db, tx) { Parameters = { new() { Value = (long)days } } };
        return await count.ExecuteScalarAsync(cancellationToken) is true;
    }

    private static NpgsqlCommand Command(NpgsqlConnection db, string sql, params object?[] values) => PostgresDeliveryStore.Command(db, sql, values);
}
