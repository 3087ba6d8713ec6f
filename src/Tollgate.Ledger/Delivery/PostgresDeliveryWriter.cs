using Npgsql;
using NpgsqlTypes;
using Tollgate.Domain.Delivery;

namespace Tollgate.Ledger.Delivery;

/// <summary>
/// Writes a batch of delivery events in the caller's transaction, skipping event ids already recorded: runs of deploys
/// and incidents go through <see cref="PostgresDeliveryStage"/> (binary COPY, then set-based inserts), deploy status
/// watch and merged-change events one by one in between, so every event sees the ones before it.
/// </summary>
internal sealed class PostgresDeliveryWriter(NpgsqlConnection db, NpgsqlTransaction tx, ResolutionCheck check)
{
    /// <summary>Events per staged run at most: a run is copied whole, so this bounds what is held at once.</summary>
    private const int RunSize = 50_000;

    private readonly PostgresDeliveryStage _stage = new(db, tx, check);

    private int _recorded;
    private int _duplicates;
    private int _unmatched;

    /// <summary>Recomputes the days the batch touched; what the batch did.</summary>
    public async Task<IngestCounts> FinishAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        await PostgresResolutionCheck.VerifyAsync(db, tx, check, cancellationToken);
        await PostgresDoraDays.RefreshAsync(db, tx, [], cancellationToken);
        return new IngestCounts(_recorded, _duplicates, _unmatched);
    }

    /// <summary>What the events written so far did, once the staged run is written (a grouped write's counts per body).</summary>
    public async Task<IngestCounts> CountsAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        return new IngestCounts(_recorded, _duplicates, _unmatched);
    }

    /// <summary>Writes events in order; <see cref="FinishAsync"/> ends the batch.</summary>
    public async Task WriteAsync(IReadOnlyList<DeliveryEvent> events, CancellationToken cancellationToken)
    {
        int recorded = 0, duplicates = 0, unmatched = 0;
        foreach (var e in events)
        {
            if (_stage.Count < RunSize && _stage.TryAdd(e))
            {
                continue;
            }

            await FlushAsync(cancellationToken);
            if (_stage.TryAdd(e))
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
                DeployWatchEvent w => await RunAsync("UPDATE deploys SET watch = $2 WHERE deploy_key = $1", cancellationToken, w.DeployId, w.Watch.WireName()) > 0,
                ChangeEvent c => await WriteChangeAsync(c.Change, cancellationToken),
                _ => false,
            };
            unmatched += matched ? 0 : 1;
        }

        _recorded += recorded;
        _duplicates += duplicates;
        _unmatched += unmatched;
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        var (recorded, duplicates, unmatched) = await _stage.FlushAsync(cancellationToken);
        _recorded += recorded;
        _duplicates += duplicates;
        _unmatched += unmatched;
    }

    /// <summary>A deploy's new status, unless it already has a later one; its day before and after are recomputed.</summary>
    private async Task<bool> WriteStatusAsync(DeployStatusEvent s, CancellationToken cancellationToken)
    {
        check.Deploy(s.DeployId);
        var mark = PostgresDoraDays.MarkSql("FROM deploys d WHERE d.deploy_key = $1");
        await RunAsync(mark, cancellationToken, s.DeployId);
        // the latest status by its own time wins: an older one delivered late (a retry, a redelivery) changes nothing
        var matched = await RunAsync("UPDATE deploys SET result = $2, finished_at = $3 WHERE deploy_key = $1 AND (finished_at IS NULL OR finished_at <= $3)",
            cancellationToken, s.DeployId, s.Result.WireName(), Utc(s.At)) > 0
            || await KnownAsync(s.DeployId, cancellationToken);
        await RunAsync(mark, cancellationToken, s.DeployId);
        return matched;
    }

    /// <summary>A merged change's commit time: the days of deploys that shipped it without one gain lead-time samples.</summary>
    private async Task<bool> WriteChangeAsync(Change change, CancellationToken cancellationToken)
    {
        if (await RunAsync("INSERT INTO changes (change_id, committed_at) VALUES ($1, $2) ON CONFLICT DO NOTHING", cancellationToken,
                change.Id, Utc(change.CommittedAt)) > 0)
        {
            await RunAsync(PostgresDoraDays.MarkSql(
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
