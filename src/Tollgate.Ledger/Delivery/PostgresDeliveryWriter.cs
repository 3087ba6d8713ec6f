using Npgsql;
using NpgsqlTypes;
using Tollgate.Domain.Delivery;

namespace Tollgate.Ledger.Delivery;

/// <summary>Writes a batch of delivery events in the caller's transaction, skipping event ids already recorded.</summary>
internal sealed class PostgresDeliveryWriter(NpgsqlConnection db, NpgsqlTransaction tx)
{
    private readonly HashSet<DoraDayKey> _touched = [];

    private int _recorded;
    private int _duplicates;
    private int _unmatched;

    /// <summary>Recomputes the days the batch touched; what the batch did.</summary>
    public async Task<IngestCounts> FinishAsync(CancellationToken cancellationToken)
    {
        await PostgresDoraDays.RefreshAsync(db, tx, _touched, cancellationToken);
        return new IngestCounts(_recorded, _duplicates, _unmatched);
    }

    /// <summary>Writes events in order; <see cref="FinishAsync"/> ends the batch.</summary>
    public async Task WriteAsync(IReadOnlyList<DeliveryEvent> events, CancellationToken cancellationToken)
    {
        int recorded = 0, duplicates = 0, unmatched = 0;
        foreach (var e in events)
        {
            if (await RunAsync("INSERT INTO delivery_events (event_id, type, occurred_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", cancellationToken,
                    e.EventId, e.Type, Utc(EventTime.Of(e))) == 0)
            {
                duplicates++;
                continue;
            }

            recorded++;
            var matched = e switch
            {
                DeployEvent d => await WriteDeployAsync(d.Deploy, cancellationToken),
                DeployStatusEvent s => await WriteStatusAsync(s, cancellationToken),
                IncidentEvent i => await RunAsync(
                    """
                    INSERT INTO incidents (incident_key, service, environment, detected_at, resolved_at, caused_by, artifact_id)
                    VALUES ($1, $2, $3, $4, $5::timestamptz, $6, $7) ON CONFLICT DO NOTHING
                    """,
                    cancellationToken,
                    i.Incident.Id, i.Incident.Service, i.Incident.Environment, Utc(i.Incident.DetectedAt), Utc(i.Incident.ResolvedAt), i.Incident.CausedBy, i.Incident.ArtifactId) >= 0,
                IncidentResolvedEvent r => await RunAsync("UPDATE incidents SET resolved_at = $2 WHERE incident_key = $1", cancellationToken, r.IncidentId, Utc(r.At)) > 0,
                ChangeEvent c => await WriteChangeAsync(c.Change, cancellationToken),
                _ => false,
            };
            unmatched += matched ? 0 : 1;
        }

        _recorded += recorded;
        _duplicates += duplicates;
        _unmatched += unmatched;
    }

    /// <summary>A deploy's new status; its day before and after are recomputed.</summary>
    private async Task<bool> WriteStatusAsync(DeployStatusEvent s, CancellationToken cancellationToken)
    {
        var mark = PostgresDoraDays.MarkSql("FROM deploys d WHERE d.deploy_key = $1");
        await RunAsync(mark, cancellationToken, s.DeployId);
        var matched = await RunAsync("UPDATE deploys SET result = $2, finished_at = $3 WHERE deploy_key = $1", cancellationToken,
            s.DeployId, s.Result.WireName(), Utc(s.At)) > 0;
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

    private async Task<bool> WriteDeployAsync(Deploy d, CancellationToken cancellationToken)
    {
        await using var insert = Command(
            """
            INSERT INTO deploys (deploy_key, service, environment, version, intent, result, started_at, finished_at, artifact_id, remediates, source)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8::timestamptz, $9, $10, $11) ON CONFLICT DO NOTHING RETURNING id
            """,
            d.Id, d.Service, d.Environment, d.Version, d.Intent.WireName(), d.Result.WireName(), Utc(d.StartedAt), Utc(d.FinishedAt), d.ArtifactId, d.Remediates, d.Source);
        if (await insert.ExecuteScalarAsync(cancellationToken) is not long id)
        {
            return false;
        }

        foreach (var change in d.Changes)
        {
            await RunAsync("INSERT INTO deploy_changes (deploy_id, change_id, committed_at) VALUES ($1, $2, $3::timestamptz) ON CONFLICT DO NOTHING", cancellationToken,
                id, change.Id, Utc(change.CommittedAt));
        }

        if (d.Result != DeployResult.Running && d.FinishedAt is { } finished)
        {
            _touched.Add(new DoraDayKey(d.Service, d.Environment, DoraDayKey.DayNumber(finished)));
        }

        return true;
    }

    private static DateTimeOffset? Utc(DateTimeOffset? time) => time?.ToUniversalTime();

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
