using Microsoft.Data.Sqlite;
using Tollgate.Domain.Delivery;

namespace Tollgate.Ledger.Delivery;

/// <summary>Writes a batch of delivery events inside one transaction with prepared statements, skipping event ids already recorded.</summary>
internal sealed class SqliteDeliveryWriter : IDisposable
{
    private readonly SqliteCommand _event;
    private readonly SqliteCommand _deploy;
    private readonly SqliteCommand _change;
    private readonly SqliteCommand _merged;
    private readonly SqliteCommand _status;
    private readonly SqliteCommand _incident;
    private readonly SqliteCommand _resolved;
    private readonly SqliteCommand _markDeploy;
    private readonly SqliteCommand _markChange;
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _tx;
    private readonly HashSet<DoraDayKey> _touched = [];

    public SqliteDeliveryWriter(SqliteConnection connection, SqliteTransaction tx)
    {
        _event = Prepare(connection, tx, "INSERT INTO delivery_events (event_id, type, occurred_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", 3);
        _deploy = Prepare(connection, tx,
            """
            INSERT INTO deploys (deploy_key, service, environment, version, intent, result, started_at, finished_at, artifact_id, remediates, source)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING RETURNING id
            """,
            11);
        _change = Prepare(connection, tx, "INSERT INTO deploy_changes (deploy_id, change_id, committed_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", 3);
        _merged = Prepare(connection, tx, "INSERT INTO changes (change_id, committed_at) VALUES ($1, $2) ON CONFLICT DO NOTHING", 2);
        _status = Prepare(connection, tx, "UPDATE deploys SET result = $2, finished_at = $3 WHERE deploy_key = $1", 3);
        _incident = Prepare(connection, tx,
            """
            INSERT INTO incidents (incident_key, service, environment, detected_at, resolved_at, caused_by, artifact_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING
            """,
            7);
        _resolved = Prepare(connection, tx, "UPDATE incidents SET resolved_at = $2 WHERE incident_key = $1", 2);
        _markDeploy = Prepare(connection, tx, SqliteDoraDays.MarkSql("FROM deploys d WHERE d.deploy_key = $1"), 1);
        _markChange = Prepare(connection, tx,
            SqliteDoraDays.MarkSql("FROM deploy_changes dc JOIN deploys d ON d.id = dc.deploy_id WHERE dc.change_id = $1 AND dc.committed_at IS NULL"), 1);
        _connection = connection;
        _tx = tx;
    }

    public IngestCounts Write(IReadOnlyList<DeliveryEvent> events)
    {
        int recorded = 0, duplicates = 0, unmatched = 0;
        foreach (var e in events)
        {
            if (Run(_event, e.EventId, e.Type, EventTime.Of(e).ToUnixTimeMilliseconds()) == 0)
            {
                duplicates++;
                continue;
            }

            recorded++;
            var matched = e switch
            {
                DeployEvent d => WriteDeploy(d.Deploy),
                DeployStatusEvent s => WriteStatus(s),
                IncidentEvent i => Run(_incident, i.Incident.Id, i.Incident.Service, i.Incident.Environment, i.Incident.DetectedAt.ToUnixTimeMilliseconds(),
                    i.Incident.ResolvedAt?.ToUnixTimeMilliseconds(), i.Incident.CausedBy, i.Incident.ArtifactId) >= 0,
                IncidentResolvedEvent r => Run(_resolved, r.IncidentId, r.At.ToUnixTimeMilliseconds()) > 0,
                ChangeEvent c => WriteChange(c.Change),
                _ => false,
            };
            unmatched += matched ? 0 : 1;
        }

        SqliteDoraDays.Refresh(_connection, _tx, _touched);
        return new IngestCounts(recorded, duplicates, unmatched);
    }

    /// <summary>A deploy's new status; its day before and after are recomputed.</summary>
    private bool WriteStatus(DeployStatusEvent s)
    {
        Run(_markDeploy, s.DeployId);
        var matched = Run(_status, s.DeployId, s.Result.WireName(), s.At.ToUnixTimeMilliseconds()) > 0;
        Run(_markDeploy, s.DeployId);
        return matched;
    }

    /// <summary>A merged change's commit time: the days of deploys that shipped it without one gain lead-time samples.</summary>
    private bool WriteChange(Change change)
    {
        if (Run(_merged, change.Id, change.CommittedAt?.ToUnixTimeMilliseconds()) > 0)
        {
            Run(_markChange, change.Id);
        }

        return true;
    }

    private bool WriteDeploy(Deploy d)
    {
        Set(_deploy, d.Id, d.Service, d.Environment, d.Version, d.Intent.WireName(), d.Result.WireName(), d.StartedAt.ToUnixTimeMilliseconds(),
            d.FinishedAt?.ToUnixTimeMilliseconds(), d.ArtifactId, d.Remediates, d.Source);
        if (_deploy.ExecuteScalar() is not long id)
        {
            return false; // a deploy with this id is already recorded under another event
        }

        foreach (var change in d.Changes)
        {
            Run(_change, id, change.Id, change.CommittedAt?.ToUnixTimeMilliseconds());
        }

        if (d.Result != DeployResult.Running && d.FinishedAt is { } finished)
        {
            _touched.Add(new DoraDayKey(d.Service, d.Environment, DoraDayKey.DayNumber(finished)));
        }

        return true;
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction tx, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        for (var i = 1; i <= parameters; i++)
        {
            command.Parameters.Add(new SqliteParameter("$" + i, null));
        }

        command.Prepare();
        return command;
    }

    private static void Set(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    private static int Run(SqliteCommand command, params object?[] values)
    {
        Set(command, values);
        return command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var command in (SqliteCommand[])[_event, _deploy, _change, _merged, _status, _incident, _resolved, _markDeploy, _markChange])
        {
            command.Dispose();
        }
    }
}
