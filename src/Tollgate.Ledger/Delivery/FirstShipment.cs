using Tollgate.Domain.Dora;

namespace Tollgate.Ledger.Delivery;

/// <summary>
/// <see cref="FirstShipments"/> in SQL, the same text for SQLite and PostgreSQL: whether a deploy's change was shipped
/// by an earlier deploy of its service and environment (see <see cref="DeployDays.Ships"/>), and which deploys' days a
/// write must recompute because one deploy's change may move its sample to or from another.
/// Both look the change's deploys up by <c>deploy_changes_by_change</c> and each deploy by its id, as nested EXISTS:
/// written as a join, SQLite (no <c>sqlite_stat1</c>) scanned every deploy of the service and environment per change
/// instead, quadratic in a service's deploys.
/// </summary>
internal static class FirstShipment
{
    /// <summary>
    /// A column over deploy <c>d</c> and its change row <c>dc</c>: true when an earlier deploy (by finish time, then id;
    /// the same finish time gives the same sample on the same day either way) of the same service and environment that
    /// ships shipped the change. Read with a change, it leaves the change's commit time out.
    /// </summary>
    public const string ShippedBefore =
        """
        EXISTS (SELECT 1 FROM deploy_changes y
                WHERE y.change_id = dc.change_id
                  AND EXISTS (SELECT 1 FROM deploys e
                              WHERE e.id = y.deploy_id AND e.service = d.service AND e.environment = d.environment
                                AND (e.result = 'success' OR (e.result = 'failed' AND e.amended)) AND e.intent <> 'rollback' AND e.finished_at IS NOT NULL
                                AND (e.finished_at < d.finished_at OR (e.finished_at = d.finished_at AND e.id < d.id))))
        """;

    /// <summary>
    /// The FROM and WHERE (deploys as <c>d</c>) of the deploys carrying a change that <paramref name="changeIds"/> (a
    /// SELECT of change ids) lists and another deploy of the same service and environment also carries: their days are
    /// recomputed, since which of them ships the change first may have changed.
    /// </summary>
    public static string Sharing(string changeIds) =>
        $"""
        FROM deploy_changes x JOIN deploys d ON d.id = x.deploy_id
        WHERE x.change_id IN ({changeIds})
          AND EXISTS (SELECT 1 FROM deploy_changes y
                      WHERE y.change_id = x.change_id AND y.deploy_id <> x.deploy_id
                        AND EXISTS (SELECT 1 FROM deploys e WHERE e.id = y.deploy_id AND e.service = d.service AND e.environment = d.environment))
        """;
}
