using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Dora;

namespace Tollgate.Ledger.Delivery;

/// <summary>Writes a batch of delivery events inside one transaction with prepared statements, skipping event ids already recorded.</summary>
internal sealed class SqliteDeliveryWriter : IDisposable
{
    private readonly SqliteStatement _event;
    private readonly SqliteStatement _deploy;
    private readonly SqliteStatement _change;
    private readonly SqliteCommand _merged;
    private readonly SqliteCommand _status;
    private readonly SqliteStatement _incident;
    private readonly SqliteStatement _resolved;
    private readonly SqliteCommand _markDeploy;
    private readonly SqliteCommand _markChange;
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _tx;
    private readonly HashSet<DoraDayKey> _touched = [];
    private readonly DeployDayTally _added = new();

    public SqliteDeliveryWriter(SqliteConnection connection, SqliteTransaction tx)
    {
        _event = new SqliteStatement(connection, "INSERT INTO delivery_events (event_id, type, occurred_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING");
        _deploy = new SqliteStatement(connection,
            """
            INSERT INTO deploys (deploy_key, service, environment, version, intent, result, started_at, finished_at, artifact_id, remediates, source)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT DO NOTHING
            """);
        _change = new SqliteStatement(connection, "INSERT INTO deploy_changes (deploy_id, change_id, committed_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING");
        _merged = Prepare(connection, tx, "INSERT INTO changes (change_id, committed_at) VALUES ($1, $2) ON CONFLICT DO NOTHING", 2);
        _status = Prepare(connection, tx, "UPDATE deploys SET result = $2, finished_at = $3 WHERE deploy_key = $1", 3);
        _incident = new SqliteStatement(connection,
            """
            INSERT INTO incidents (incident_key, service, environment, detected_at, resolved_at, caused_by, artifact_id)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING
            """);
        _resolved = new SqliteStatement(connection, "UPDATE incidents SET resolved_at = ?2 WHERE incident_key = ?1");
        _markDeploy = Prepare(connection, tx, SqliteDoraDays.MarkSql("FROM deploys d WHERE d.deploy_key = $1"), 1);
        _markChange = Prepare(connection, tx,
            SqliteDoraDays.MarkSql("FROM deploy_changes dc JOIN deploys d ON d.id = dc.deploy_id WHERE dc.change_id = $1 AND dc.committed_at IS NULL"), 1);
        _connection = connection;
        _tx = tx;
    }

    private int _recorded;
    private int _duplicates;
    private int _unmatched;

    /// <summary>Builds any <paramref name="indexes"/> the batch deferred and brings the DORA days up to date; what the batch did.</summary>
    public IngestCounts Finish(SqliteDeferredIndexes indexes, IngestStages stages)
    {
        var started = Stopwatch.GetTimestamp();
        indexes.Restore();
        stages.Since("index", started);
        started = Stopwatch.GetTimestamp();
        SqliteDoraDays.Apply(_connection, _tx, _added.Days(), _touched);
        stages.Since("days", started);
        return new IngestCounts(_recorded, _duplicates, _unmatched);
    }

    /// <summary>Writes events in order; <see cref="Finish"/> ends the batch.</summary>
    public void Write(IReadOnlyList<DeliveryEvent> events)
    {
        int recorded = 0, duplicates = 0, unmatched = 0;
        foreach (var e in events)
        {
            if (_event.Bind(1, e.EventId).Bind(2, e.Type).Bind(3, EventTime.Of(e).ToUnixTimeMilliseconds()).Run() == 0)
            {
                duplicates++;
                continue;
            }

            recorded++;
            var matched = e switch
            {
                DeployEvent d => WriteDeploy(d.Deploy),
                DeployStatusEvent s => WriteStatus(s),
                IncidentEvent i => _incident.Bind(1, i.Incident.Id).Bind(2, i.Incident.Service).Bind(3, i.Incident.Environment)
                    .Bind(4, i.Incident.DetectedAt.ToUnixTimeMilliseconds()).Bind(5, i.Incident.ResolvedAt?.ToUnixTimeMilliseconds())
                    .Bind(6, i.Incident.CausedBy).Bind(7, i.Incident.ArtifactId).Run() >= 0,
                IncidentResolvedEvent r => _resolved.Bind(1, r.IncidentId).Bind(2, r.At.ToUnixTimeMilliseconds()).Run() > 0,
                ChangeEvent c => WriteChange(c.Change),
                _ => false,
            };
            unmatched += matched ? 0 : 1;
        }

        _recorded += recorded;
        _duplicates += duplicates;
        _unmatched += unmatched;
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
        _deploy.Bind(1, d.Id).Bind(2, d.Service).Bind(3, d.Environment).Bind(4, d.Version).Bind(5, d.Intent.WireName()).Bind(6, d.Result.WireName())
            .Bind(7, d.StartedAt.ToUnixTimeMilliseconds()).Bind(8, d.FinishedAt?.ToUnixTimeMilliseconds()).Bind(9, d.ArtifactId).Bind(10, d.Remediates).Bind(11, d.Source);
        if (_deploy.Run() == 0)
        {
            return false; // a deploy with this id is already recorded under another event
        }

        var id = _deploy.LastRowId;
        foreach (var change in d.Changes)
        {
            _change.Bind(1, id).Bind(2, change.Id).Bind(3, change.CommittedAt?.ToUnixTimeMilliseconds()).Run();
        }

        if (d.Result != DeployResult.Running && d.FinishedAt is { } finished)
        {
            if (d.Changes.All(c => c.CommittedAt is not null))
            {
                _added.Add(AsStored(d));
            }
            else
            {
                // a change without a commit time may take one from a merged change: recompute the day from the tables
                _touched.Add(new DoraDayKey(d.Service, d.Environment, DoraDayKey.DayNumber(AsStored(d).FinishedAt!.Value)));
            }
        }

        return true;
    }

    /// <summary>The deploy as the tables hold it: times in whole milliseconds.</summary>
    private static Deploy AsStored(Deploy d) => WholeMs(d.FinishedAt) && d.Changes.All(c => WholeMs(c.CommittedAt))
        ? d
        : d with
        {
            FinishedAt = Ms(d.FinishedAt),
            Changes = d.Changes.Select(c => c with { CommittedAt = Ms(c.CommittedAt) }).ToList(),
        };

    private static bool WholeMs(DateTimeOffset? time) => time is not { } t || t.UtcTicks % TimeSpan.TicksPerMillisecond == 0;

    private static DateTimeOffset? Ms(DateTimeOffset? time) => time is { } t ? DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds()) : null;

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
        foreach (var command in (SqliteCommand[])[_merged, _status, _markDeploy, _markChange])
        {
            command.Dispose();
        }

        _event.Dispose();
        _incident.Dispose();
        _resolved.Dispose();
        _deploy.Dispose();
        _change.Dispose();
    }
}
