using Npgsql;
using NpgsqlTypes;
using Tollgate.Domain.Delivery;

namespace Tollgate.Ledger.Delivery;

/// <summary>Writes a batch of delivery events in the caller's transaction, skipping event ids already recorded.</summary>
internal sealed class PostgresDeliveryWriter(NpgsqlConnection db, NpgsqlTransaction tx)
{
    public async Task<IngestCounts> WriteAsync(IReadOnlyList<DeliveryEvent> events, CancellationToken cancellationToken)
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
                DeployStatusEvent s => await RunAsync("UPDATE deploys SET result = $2, finished_at = $3 WHERE deploy_key = $1", cancellationToken,
                    s.DeployId, s.Result.WireName(), Utc(s.At)) > 0,
                IncidentEvent i => await RunAsync(
                    """
                    INSERT INTO incidents (incident_key, service, environment, detected_at, resolved_at, caused_by, artifact_id)
                    VALUES ($1, $2, $3, $4, $5::timestamptz, $6, $7) ON CONFLICT DO NOTHING
                    """,
                    cancellationToken,
                    i.Incident.Id, i.Incident.Service, i.Incident.Environment, Utc(i.Incident.DetectedAt), Utc(i.Incident.ResolvedAt), i.Incident.CausedBy, i.Incident.ArtifactId) >= 0,
                IncidentResolvedEvent r => await RunAsync("UPDATE incidents SET resolved_at = $2 WHERE incident_key = $1", cancellationToken, r.IncidentId, Utc(r.At)) > 0,
                ChangeEvent c => await RunAsync("INSERT INTO changes (change_id, committed_at) VALUES ($1, $2) ON CONFLICT DO NOTHING", cancellationToken,
                    c.Change.Id, Utc(c.Change.CommittedAt)) >= 0,
                _ => false,
            };
            unmatched += matched ? 0 : 1;
        }

        return new IngestCounts(recorded, duplicates, unmatched);
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
