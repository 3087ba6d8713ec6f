using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Tollgate.Ledger.Rollouts;

/// <summary>The rollout events of the SQLite ledger.</summary>
internal sealed class SqliteRolloutEventLog(SqliteLedger ledger, TimeProvider clock) : IRolloutEventLog
{
    public async Task<bool> RecordOnceAsync(RolloutEvent e, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ledger.Connection.ScalarAsync(
                """
                INSERT INTO rollout_events (recorded_at, controller, namespace, name, checksum, event_key, phase, event_type, message, occurred_at)
                VALUES ($at, $controller, $namespace, $name, $checksum, $key, $phase, $type, $message, $occurred)
                ON CONFLICT (controller, namespace, name, checksum, event_key) DO NOTHING;
                SELECT changes();
                """,
                cancellationToken,
                ("$at", clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)),
                ("$controller", e.Controller),
                ("$namespace", e.Namespace),
                ("$name", e.Name),
                ("$checksum", e.Checksum),
                ("$key", RolloutEventKey.Of(e)),
                ("$phase", e.Phase),
                ("$type", e.Type),
                ("$message", e.Message),
                ("$occurred", e.OccurredAt?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture))) == 1;
        }
        catch (SqliteException ex)
        {
            throw SqliteFault.Describe(ex, ledger.Path, "record a rollout event in", ledger.Connection);
        }
    }

    public async Task<IReadOnlyList<RolloutEvent>> ForRevisionAsync(string controller, string ns, string name, string checksum, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ledger.Connection.QueryAsync(
                """
                SELECT controller, namespace, name, checksum, phase, event_type, message, occurred_at FROM rollout_events
                WHERE controller = $controller AND namespace = $namespace AND name = $name AND checksum = $checksum ORDER BY id
                """,
                r => new RolloutEvent(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6))
                {
                    OccurredAt = r.IsDBNull(7) ? null : DateTimeOffset.Parse(r.GetString(7), CultureInfo.InvariantCulture),
                },
                cancellationToken,
                ("$controller", controller),
                ("$namespace", ns),
                ("$name", name),
                ("$checksum", checksum));
        }
        catch (SqliteException ex)
        {
            throw SqliteFault.Describe(ex, ledger.Path, "read rollout events from");
        }
    }
}
