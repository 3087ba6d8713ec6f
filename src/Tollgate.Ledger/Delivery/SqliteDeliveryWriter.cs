using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Dora;

namespace Tollgate.Ledger.Delivery;

/// <summary>
/// Writes a batch of delivery events inside one transaction with prepared statements, skipping event ids already
/// recorded. Consecutive deploy events go in groups of up to <see cref="SqliteRowsInsert.MaxRows"/> through
/// many-row inserts whose RETURNING rows say which events and deploys were new; a group never holds the same event id
/// or deploy twice, so its outcome is that of writing its events one by one.
/// </summary>
internal sealed class SqliteDeliveryWriter : IDisposable
{
    private readonly SqliteStatement _event;
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
    private readonly SqliteRowsInsert _events;
    private readonly SqliteRowsInsert _deploys;
    private readonly List<DeployEvent> _group = new(SqliteRowsInsert.MaxRows);
    private readonly List<Deploy> _new = new(SqliteRowsInsert.MaxRows);
    private readonly List<(Deploy Deploy, long Id)> _inserted = new(SqliteRowsInsert.MaxRows);

    public SqliteDeliveryWriter(SqliteConnection connection, SqliteTransaction tx)
    {
        _event = new SqliteStatement(connection, "INSERT INTO delivery_events (event_id, type, occurred_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING");
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
        _events = new SqliteRowsInsert(connection, "INSERT INTO delivery_events (event_id, type, occurred_at)", 3, "ON CONFLICT DO NOTHING RETURNING event_id");
        _deploys = new SqliteRowsInsert(connection,
            "INSERT INTO deploys (deploy_key, service, environment, version, intent, result, started_at, finished_at, artifact_id, remediates, source)", 11,
            "ON CONFLICT DO NOTHING RETURNING id, deploy_key");
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
            if (e is DeployEvent deploy)
            {
                if (_group.Count == SqliteRowsInsert.MaxRows || _group.Exists(g => g.EventId == deploy.EventId || g.Deploy.Id == deploy.Deploy.Id))
                {
                    WriteGroup();
                }

                _group.Add(deploy);
                continue;
            }

            WriteGroup();
            if (_event.Bind(1, e.EventId).Bind(2, e.Type).Bind(3, EventTime.Of(e).ToUnixTimeMilliseconds()).Run() == 0)
            {
                duplicates++;
                continue;
            }

            recorded++;
            var matched = e switch
            {
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

        WriteGroup();
        _recorded += recorded;
        _duplicates += duplicates;
        _unmatched += unmatched;
    }

    /// <summary>Writes the grouped deploy events: their event rows in one insert, the new ones' deploys in another.</summary>
    private void WriteGroup()
    {
        if (_group.Count == 0)
        {
            return;
        }

        var events = _events.For(_group.Count);
        for (var i = 0; i < _group.Count; i++)
        {
            var e = _group[i];
            events.Bind((i * 3) + 1, e.EventId).Bind((i * 3) + 2, e.Type).Bind((i * 3) + 3, EventTime.Of(e).ToUnixTimeMilliseconds());
        }

        _new.Clear();
        try
        {
            var next = 0;
            while (events.Step())
            {
                next = Find(events.Bytes(0), next, i => _group[i].EventId);
                _new.Add(_group[next++].Deploy);
            }
        }
        finally
        {
            events.Reset();
        }

        _duplicates += _group.Count - _new.Count;
        _recorded += _new.Count;
        _group.Clear();
        if (_new.Count == 0)
        {
            return;
        }

        var deploys = _deploys.For(_new.Count);
        for (var i = 0; i < _new.Count; i++)
        {
            var d = _new[i];
            var at = i * 11;
            deploys.Bind(at + 1, d.Id).Bind(at + 2, d.Service).Bind(at + 3, d.Environment).Bind(at + 4, d.Version).Bind(at + 5, d.Intent.WireName())
                .Bind(at + 6, d.Result.WireName()).Bind(at + 7, d.StartedAt.ToUnixTimeMilliseconds()).Bind(at + 8, d.FinishedAt?.ToUnixTimeMilliseconds())
                .Bind(at + 9, d.ArtifactId).Bind(at + 10, d.Remediates).Bind(at + 11, d.Source);
        }

        _inserted.Clear();
        try
        {
            var next = 0;
            while (deploys.Step())
            {
                var id = deploys.Int64(0);
                next = Find(deploys.Bytes(1), next, i => _new[i].Id);
                _inserted.Add((_new[next++], id));
            }
        }
        finally
        {
            deploys.Reset();
        }

        _unmatched += _new.Count - _inserted.Count; // a deploy with this id is already recorded under another event
        foreach (var (deploy, id) in _inserted)
        {
            WroteDeploy(deploy, id);
        }
    }

    /// <summary>
    /// The index, from <paramref name="from"/> on, of the row whose key a RETURNING row gave: rows come back in the
    /// order they were inserted, and the ones skipped in between were not inserted.
    /// </summary>
    private static int Find(ReadOnlySpan<byte> returned, int from, Func<int, string> key)
    {
        while (!Same(returned, key(from)))
        {
            from++;
        }

        return from;
    }

    private static bool Same(ReadOnlySpan<byte> utf8, string text) =>
        System.Text.Ascii.Equals(utf8, text) || (!System.Text.Ascii.IsValid(utf8) && System.Text.Encoding.UTF8.GetString(utf8) == text);

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

    /// <summary>A new deploy's changes, and its day in the tally (or, when a change lacks a commit time, recomputed at the end).</summary>
    private void WroteDeploy(Deploy d, long id)
    {
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
        _events.Dispose();
        _deploys.Dispose();
        _change.Dispose();
    }
}
