using Npgsql;
using NpgsqlTypes;
using Tollgate.Domain.Delivery;

namespace Tollgate.Ledger.Delivery;

/// <summary>
/// Writes a batch of delivery events in the caller's transaction, skipping event ids already recorded: runs of deploys
/// and incidents go through <see cref="PostgresDeliveryStage"/> (binary COPY, then set-based inserts), deploy status
/// watch and merged-change events one by one in between, so every event sees the ones before it. Each
/// <see cref="WriteAsync"/> is one body, counted apart (<see cref="Bodies"/>); the runs span bodies, so a grouped write
/// of many small bodies stages and moves them in one go, not one run per body.
/// </summary>
internal sealed class PostgresDeliveryWriter(NpgsqlConnection db, NpgsqlTransaction tx, ResolutionCheck check)
{
    /// <summary>Events per staged run at most: a run is copied whole, so this bounds what is held at once.</summary>
    private const int RunSize = 50_000;

    /// <summary>Each body's (recorded, duplicates, unmatched), in the order written.</summary>
    private readonly List<int[]> _bodies = [];

    private PostgresDeliveryStage? _stage;

    /// <summary>Days the one-by-one events listed for recomputation (rows their marks inserted into <c>dora_dirty</c>).</summary>
    private long _marked;

    private PostgresDeliveryStage Stage => _stage ??= new(db, tx, check, Tally);

    /// <summary>What each body did, in order; complete once <see cref="FinishAsync"/> has run.</summary>
    public IReadOnlyList<IngestCounts> Bodies => [.. _bodies.Select(b => new IngestCounts(b[0], b[1], b[2]))];

    /// <summary>Writes the run still staged, checks the resolutions and recomputes the days the batch touched; what all its bodies did.</summary>
    public async Task<IngestCounts> FinishAsync(CancellationToken cancellationToken)
    {
        await Stage.FlushAsync(cancellationToken);
        await PostgresResolutionCheck.VerifyAsync(db, tx, check, cancellationToken);
        await PostgresDoraDays.RefreshAsync(db, tx, [], _marked + Stage.Marked, cancellationToken);
        return new IngestCounts(_bodies.Sum(b => b[0]), _bodies.Sum(b => b[1]), _bodies.Sum(b => b[2]));
    }

    private void Tally(int body, int recorded, int duplicates, int unmatched)
    {
        var counts = _bodies[body];
        counts[0] += recorded;
        counts[1] += duplicates;
        counts[2] += unmatched;
    }

    /// <summary>Writes one body's events in order; <see cref="FinishAsync"/> ends the batch.</summary>
    public async Task WriteAsync(IReadOnlyList<DeliveryEvent> events, CancellationToken cancellationToken)
    {
        var body = _bodies.Count;
        _bodies.Add(new int[3]);
        int recorded = 0, duplicates = 0, unmatched = 0;
        foreach (var e in events)
        {
            if (Stage.Count < RunSize && Stage.TryAdd(e, body))
            {
                continue;
            }

            await Stage.FlushAsync(cancellationToken);
            if (Stage.TryAdd(e, body))
            {
                continue;
            }

            if (await RunAsync("INSERT INTO delivery_events (event_id, type, occurred_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", cancellationToken,
                    e.EventId, e.Type, Utc(EventTime.Of(e))) == 0)
            {
                duplicates++;
                continue;
            }

            recorded++;
            var matched = e switch
            {
                DeployStatusEvent s => await WriteStatusAsync(s, cancellationToken),
                DeployWatchEvent w => await RunAsync(
                    "UPDATE deploys SET watch = $2, lease = coalesce($3, lease) WHERE deploy_key = $1", cancellationToken, w.DeployId, w.Watch.WireName(), w.Lease) > 0, // a watch beginning: its process's lease
                ChangeEvent c => await WriteChangeAsync(c.Change, cancellationToken),
                _ => false,
            };
            unmatched += matched ? 0 : 1;
        }

        Tally(body, recorded, duplicates, unmatched);
    }

    /// <summary>
    /// A deploy's new status, unless it already has a later one; its day before and after are recomputed. An amendment
    /// (<see cref="DeployRow.AmendedType"/>) marks the deploy <c>amended</c>: it still ships its changes for lead time.
    /// </summary>
    private async Task<bool> WriteStatusAsync(DeployStatusEvent s, CancellationToken cancellationToken)
    {
        check.Deploy(s.DeployId);
        var mark = PostgresDoraDays.MarkSql("FROM deploys d WHERE d.deploy_key = $1");
        _marked += await RunAsync(mark, cancellationToken, s.DeployId);
        // the latest status by its own time wins: an older one delivered late (a retry, a redelivery) changes nothing
        var matched = await RunAsync(
            "UPDATE deploys SET result = $2, finished_at = $3, amended = $4 WHERE deploy_key = $1 AND (finished_at IS NULL OR finished_at <= $3)",
            cancellationToken, s.DeployId, s.Result.WireName(), Utc(s.At), s.Type == DeployRow.AmendedType) > 0
            || await KnownAsync(s.DeployId, cancellationToken);
        _marked += await RunAsync(mark, cancellationToken, s.DeployId);
        return matched;
    }

    /// <summary>A merged change's commit time: the days of deploys that shipped it without one gain lead-time samples.</summary>
    private async Task<bool> WriteChangeAsync(Change change, CancellationToken cancellationToken)
    {
        if (await RunAsync("INSERT INTO changes (change_id, committed_at) VALUES ($1, $2) ON CONFLICT DO NOTHING", cancellationToken,
                change.Id, Utc(change.CommittedAt)) > 0)
        {
            _marked += await RunAsync(PostgresDoraDays.MarkSql(
                "FROM deploy_changes dc JOIN deploys d ON d.id = dc.deploy_id WHERE dc.change_id = $1 AND dc.committed_at IS NULL"), cancellationToken, change.Id);
        }

        return true;
    }

    private static DateTimeOffset? Utc(DateTimeOffset? time) => time?.ToUniversalTime();

    private async Task<bool> KnownAsync(string deployKey, CancellationToken cancellationToken)
    {
        await using var command = Command("SELECT 1 FROM deploys WHERE deploy_key = $1", deployKey);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private async Task<int> RunAsync(string sql, CancellationToken cancellationToken, params object?[] values)
    {
        await using var command = Command(sql, values);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private NpgsqlCommand Command(string sql, params object?[] values)
    {
        var command = PostgresDeliveryStore.Command(db, sql, values);
        command.Transaction = tx;
        return command;
    }
}
