namespace Tollgate.Ledger.Rollouts;

/// <summary>The rollout events of the PostgreSQL ledger: <c>ON CONFLICT DO NOTHING</c> on the unique revision-and-event key, so of two replicas inserting at once exactly one records.</summary>
internal sealed class PostgresRolloutEventLog(PostgresLedger ledger, TimeProvider clock) : IRolloutEventLog
{
    public Task<bool> RecordOnceAsync(RolloutEvent e, CancellationToken cancellationToken = default) =>
        ledger.GuardAsync("record a rollout event in", async () =>
        {
            await using var db = await ledger.ConnectAsync(cancellationToken);
            var inserted = await db.QueryAsync(
                """
                INSERT INTO rollout_events (recorded_at, controller, namespace, name, checksum, event_key, phase, event_type, message, occurred_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                ON CONFLICT (controller, namespace, name, checksum, event_key) DO NOTHING RETURNING id
                """,
                r => r.GetInt64(0),
                cancellationToken,
                clock.GetUtcNow(),
                e.Controller,
                e.Namespace,
                e.Name,
                e.Checksum,
                RolloutEventKey.Of(e),
                e.Phase,
                e.Type,
                e.Message,
                new Npgsql.NpgsqlParameter { Value = (object?)e.OccurredAt?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
            return inserted.Count == 1;
        });

    public Task<IReadOnlyList<RolloutEvent>> ForRevisionAsync(string controller, string ns, string name, string checksum, CancellationToken cancellationToken = default) =>
        ledger.GuardAsync("read rollout events from", async () =>
        {
            await using var db = await ledger.ConnectAsync(cancellationToken);
            return await db.QueryAsync(
                """
                SELECT controller, namespace, name, checksum, phase, event_type, message, occurred_at FROM rollout_events
                WHERE controller = $1 AND namespace = $2 AND name = $3 AND checksum = $4 ORDER BY id
                """,
                r => new RolloutEvent(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6))
                {
                    OccurredAt = r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7),
                },
                cancellationToken,
                controller,
                ns,
                name,
                checksum);
        });
}
