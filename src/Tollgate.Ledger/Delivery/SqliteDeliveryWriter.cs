using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Dora;

namespace Tollgate.Ledger.Delivery;

/// <summary>
/// Writes a batch of delivery events inside one transaction with prepared statements, skipping event ids already
/// recorded. A deploy event whose id is its deploy key (every CDEvents, GitHub and CLI deploy) is deduplicated by the
/// deploy table's unique key instead of a <c>delivery_events</c> row: one B-tree insert fewer per deploy. The event ids
/// of both tables are one set (an id recorded in either is recorded), so a deploy is checked against
/// <c>delivery_events</c> only once that table may hold ids, and another event against the deploy keys.
/// Consecutive deploy events go in groups of up to <see cref="SqliteRowsInsert.MaxRows"/> through many-row inserts
/// without RETURNING: when every row was new (<c>sqlite3_changes</c>), their ids end at <c>sqlite3_last_insert_rowid</c>
/// (AUTOINCREMENT numbers one statement's rows consecutively, in VALUES order); only a group with a duplicate looks its
/// keys up, and takes as new those numbered above the sequence before the statement. A group never holds the same event id twice, so its outcome is that of writing its events one by one.
/// </summary>
internal sealed class SqliteDeliveryWriter : IDisposable
{
    private readonly SqliteStatement _event;
    private readonly SqliteStatement _eventKnown;
    private readonly SqliteStatement _deployId;
    private readonly SqliteStatement _sequence;
    private readonly SqliteCommand _merged;
    private readonly SqliteCommand _status;
    private readonly SqliteCommand _watch;
    private readonly SqliteStatement _incident;
    private readonly SqliteStatement _resolved;
    private readonly SqliteStatement _early;
    private readonly SqliteStatement _keepEarly;
    private readonly SqliteStatement _dropEarly;
    private readonly ResolutionCheck _check;
    private readonly SqliteCommand _markDeploy;
    private readonly SqliteCommand _markChange;
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction? _tx;
    private readonly HashSet<DoraDayKey> _touched = [];
    private readonly DeployDayTally _added = new();
    private readonly SqliteRowsInsert _deploys;
    private readonly SqliteRowsInsert _changes;
    private readonly List<DeployEvent> _group = new(SqliteRowsInsert.MaxRows);
    private readonly HashSet<string> _groupIds = new(SqliteRowsInsert.MaxRows, StringComparer.Ordinal);
    private readonly List<(long DeployId, Change Change)> _pendingChanges = new(SqliteRowsInsert.MaxRows);

    /// <summary>Whether <c>delivery_events</c> may hold an id a deploy event could carry (then each deploy is checked against it).</summary>
    private bool _eventsMayCollide;

    public SqliteDeliveryWriter(SqliteConnection connection, SqliteTransaction? tx)
    {
        // First: it reads the tables, and a read that fails (a corrupt table) must leave no prepared statement behind,
        // which would keep the connection from closing cleanly (its -wal file stays).
        _check = SqliteResolutionCheck.Start(connection);
        _event = new SqliteStatement(connection,
            "INSERT INTO delivery_events (event_id, type, occurred_at) SELECT ?1, ?2, ?3 WHERE NOT EXISTS (SELECT 1 FROM deploys WHERE deploy_key = ?1) ON CONFLICT DO NOTHING");
        _eventKnown = new SqliteStatement(connection, "SELECT 1 FROM delivery_events WHERE event_id = ?1");
        _deployId = new SqliteStatement(connection, "SELECT id FROM deploys WHERE deploy_key = ?1");
        _sequence = new SqliteStatement(connection, "SELECT seq FROM sqlite_sequence WHERE name = 'deploys'");
        _merged = Prepare(connection, tx, "INSERT INTO changes (change_id, committed_at) VALUES ($1, $2) ON CONFLICT DO NOTHING", 2);
        _status = Prepare(connection, tx,
            "UPDATE deploys SET result = $2, finished_at = $3, amended = $4 WHERE deploy_key = $1 AND (finished_at IS NULL OR finished_at <= $3)", 4);
        _watch = Prepare(connection, tx, "UPDATE deploys SET watch = $2, lease = coalesce($3, lease) WHERE deploy_key = $1", 3); // a watch beginning: its process's lease
        _incident = new SqliteStatement(connection,
            """
            INSERT INTO incidents (incident_key, service, environment, detected_at, resolved_at, caused_by, artifact_id)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING
            """);
        // the latest resolution by its own time wins, whatever order they arrive in
        _resolved = new SqliteStatement(connection, "UPDATE incidents SET resolved_at = max(coalesce(resolved_at, ?2), ?2) WHERE incident_key = ?1");
        _early = new SqliteStatement(connection, "SELECT resolved_at FROM incident_resolutions WHERE incident_key = ?1");
        _keepEarly = new SqliteStatement(connection,
            "INSERT INTO incident_resolutions (incident_key, resolved_at) VALUES (?1, ?2) ON CONFLICT (incident_key) DO UPDATE SET resolved_at = max(resolved_at, excluded.resolved_at)");
        _dropEarly = new SqliteStatement(connection, "DELETE FROM incident_resolutions WHERE incident_key = ?1");
        _markDeploy = Prepare(connection, tx, SqliteDoraDays.MarkSql("FROM deploys d WHERE d.deploy_key = $1"), 1);
        _markChange = Prepare(connection, tx,
            SqliteDoraDays.MarkSql("FROM deploy_changes dc JOIN deploys d ON d.id = dc.deploy_id WHERE dc.change_id = $1 AND dc.committed_at IS NULL"), 1);
        _deploys = new SqliteRowsInsert(connection,
            "INSERT INTO deploys (deploy_key, service, environment, version, intent, result, started_at, finished_at, artifact_id, remediates, source, lease)", 12,
            "ON CONFLICT DO NOTHING");
        _changes = new SqliteRowsInsert(connection, "INSERT INTO deploy_changes (deploy_id, change_id, committed_at)", 3, "ON CONFLICT DO NOTHING");
        _connection = connection;
        _tx = tx;
        using var any = new SqliteStatement(connection, "SELECT 1 FROM delivery_events LIMIT 1");
        _eventsMayCollide = any.Step();
        any.Reset();
    }

    private int _recorded;
    private int _duplicates;
    private int _unmatched;

    /// <summary>Builds any <paramref name="indexes"/> the batch deferred and brings the DORA days up to date; what the batch did.</summary>
    public IngestCounts Finish(SqliteDeferredIndexes indexes, IngestStages stages)
    {
        WriteGroup();
        var started = Stopwatch.GetTimestamp();
        indexes.Restore();
        stages.Since("index", started);
        SqliteResolutionCheck.Verify(_connection, _check);
        started = Stopwatch.GetTimestamp();
        SqliteDoraDays.Apply(_connection, _tx, _added.Days(), _touched, _check.DeploysBefore);
        stages.Since("days", started);
        return new IngestCounts(_recorded, _duplicates, _unmatched);
    }

    /// <summary>Writes any group of deploys still waiting; what the writer has counted so far (a body's counts are the difference).</summary>
    public IngestCounts Counted() { WriteGroup(); return new IngestCounts(_recorded, _duplicates, _unmatched); }

    /// <summary>Writes events in order (a group of deploys may wait for the next call); <see cref="Finish"/> ends the batch.</summary>
    public void Write(IReadOnlyList<DeliveryEvent> events)
    {
        foreach (var e in events)
        {
            if (e is DeployEvent { Carried: false } deploy && deploy.EventId == deploy.Deploy.Id)
            {
                if (_group.Count == SqliteRowsInsert.MaxRows || !_groupIds.Add(deploy.EventId))
                {
                    WriteGroup();
                    _groupIds.Add(deploy.EventId);
                }

                _group.Add(deploy);
                continue;
            }

            WriteGroup();
            var counted = e is not DeployEvent { Carried: true }; // a carried deploy counts with the event that carries it
            if (_event.Bind(1, e.EventId).Bind(2, e.Type).Bind(3, EventTime.Of(e).ToUnixTimeMilliseconds()).Run() == 0)
            {
                _duplicates += counted ? 1 : 0;
                continue;
            }

            _recorded += counted ? 1 : 0;
            _eventsMayCollide = true;
            var matched = e switch
            {
                DeployEvent d => WriteDeploy(d.Deploy),
                DeployStatusEvent s => WriteStatus(s),
                DeployWatchEvent w => Run(_watch, w.DeployId, w.Watch.WireName(), w.Lease) > 0,
                IncidentEvent i => WriteIncident(i.Incident),
                IncidentResolvedEvent r => WriteResolution(r),
                ChangeEvent c => WriteChange(c.Change),
                _ => false,
            };
            _unmatched += matched || !counted ? 0 : 1;
        }
    }

    /// <summary>
    /// Writes the grouped deploy events (each one's event id is its deploy key) in one insert; a deploy whose key is
    /// already recorded, or whose id <c>delivery_events</c> holds, is a duplicate.
    /// </summary>
    private void WriteGroup()
    {
        if (_group.Count == 0)
        {
            return;
        }

        if (_eventsMayCollide)
        {
            _group.RemoveAll(e =>
            {
                var known = _eventKnown.Bind(1, e.EventId).Step();
                _eventKnown.Reset();
                _duplicates += known ? 1 : 0;
                return known;
            });
        }

        var before = _sequence.Step() ? _sequence.Int64(0) : 0; // AUTOINCREMENT: every new row's id is above it
        _sequence.Reset();
        var inserted = _group.Count == 0 ? 0 : InsertDeploys();
        var last = inserted == 0 ? 0 : _event.LastRowId;
        if (inserted == _group.Count)
        {
            for (var i = 0; i < _group.Count; i++)
            {
                WroteDeploy(_group[i].Deploy, last - inserted + 1 + i);
            }
        }
        else if (inserted > 0)
        {
            // some were already recorded: the new rows are the ones numbered above the sequence before this statement
            // (a skipped row may use up a number, so the new ones need not be consecutive)
            foreach (var e in _group)
            {
                var id = _deployId.Bind(1, e.Deploy.Id).Step() ? _deployId.Int64(0) : 0;
                _deployId.Reset();
                if (id > before)
                {
                    WroteDeploy(e.Deploy, id);
                }
            }
        }

        _recorded += inserted;
        _duplicates += _group.Count - inserted;
        _group.Clear();
        _groupIds.Clear();
        WritePendingChanges();
    }

    /// <summary>Inserts the group's deploys in one statement; how many rows it added.</summary>
    private int InsertDeploys()
    {
        var deploys = _deploys.For(_group.Count);
        for (var i = 0; i < _group.Count; i++)
        {
            var d = _group[i].Deploy;
            var at = i * 12;
            deploys.Bind(at + 1, d.Id).Bind(at + 2, d.Service).Bind(at + 3, d.Environment).Bind(at + 4, d.Version).Bind(at + 5, d.Intent.WireName())
                .Bind(at + 6, d.Result.WireName()).Bind(at + 7, d.StartedAt.ToUnixTimeMilliseconds()).Bind(at + 8, d.FinishedAt?.ToUnixTimeMilliseconds())
                .Bind(at + 9, d.ArtifactId).Bind(at + 10, d.Remediates).Bind(at + 11, d.Source).Bind(at + 12, d.Lease);
        }

        return deploys.Run();
    }

    /// <summary>A deploy event whose event id (already recorded in <c>delivery_events</c>) is not its key: false when the deploy is already recorded.</summary>
    private bool WriteDeploy(Deploy d)
    {
        _group.Add(new DeployEvent(d.Id, "", d));
        var inserted = InsertDeploys();
        _group.Clear();
        if (inserted > 0)
        {
            WroteDeploy(d, _event.LastRowId);
            WritePendingChanges();
        }

        return inserted > 0;
    }

    /// <summary>The changes of the deploys just written, in many-row inserts.</summary>
    private void WritePendingChanges()
    {
        for (var from = 0; from < _pendingChanges.Count; from += SqliteRowsInsert.MaxRows)
        {
            var rows = Math.Min(SqliteRowsInsert.MaxRows, _pendingChanges.Count - from);
            var insert = _changes.For(rows);
            for (var i = 0; i < rows; i++)
            {
                var (id, change) = _pendingChanges[from + i];
                insert.Bind((i * 3) + 1, id).Bind((i * 3) + 2, change.Id).Bind((i * 3) + 3, change.CommittedAt?.ToUnixTimeMilliseconds());
            }

            insert.Run();
        }

        _pendingChanges.Clear();
    }

    /// <summary>A new incident, with the latest resolution that arrived before it (then no longer kept aside).</summary>
    private bool WriteIncident(Incident incident)
    {
        long? early = _early.Bind(1, incident.Id).Step() ? _early.Int64(0) : null;
        _early.Reset();
        var resolved = incident.ResolvedAt?.ToUnixTimeMilliseconds() is { } own && early is { } kept ? Math.Max(own, kept) : incident.ResolvedAt?.ToUnixTimeMilliseconds() ?? early;
        if (_incident.Bind(1, incident.Id).Bind(2, incident.Service).Bind(3, incident.Environment).Bind(4, incident.DetectedAt.ToUnixTimeMilliseconds())
                .Bind(5, resolved).Bind(6, incident.CausedBy).Bind(7, incident.ArtifactId).Run() > 0 && early is not null)
        {
            _dropEarly.Bind(1, incident.Id).Run();
        }

        return true;
    }

    /// <summary>
    /// Resolves the incident (the latest resolution by its time wins); one not recorded yet keeps the resolution aside
    /// until it arrives: pagers and relays deliver out of order, and a re-send would find the event id already recorded.
    /// </summary>
    private bool WriteResolution(IncidentResolvedEvent r)
    {
        _check.Incident(r.IncidentId);
        if (_resolved.Bind(1, r.IncidentId).Bind(2, r.At.ToUnixTimeMilliseconds()).Run() == 0)
        {
            _keepEarly.Bind(1, r.IncidentId).Bind(2, r.At.ToUnixTimeMilliseconds()).Run();
        }

        return true;
    }

    /// <summary>A deploy's new status (an amendment marks it <c>amended</c>: it still ships), unless it has a later one; its day before and after are recomputed.</summary>
    private bool WriteStatus(DeployStatusEvent s)
    {
        _check.Deploy(s.DeployId);
        Run(_markDeploy, s.DeployId);
        // the latest status by its own time wins: an older one delivered late (a retry, a redelivery) changes nothing
        var matched = Run(_status, s.DeployId, s.Result.WireName(), s.At.ToUnixTimeMilliseconds(), s.Type == DeployRow.AmendedType ? 1 : 0) > 0 || Known(s.DeployId);
        Run(_markDeploy, s.DeployId);
        return matched;
    }

    private bool Known(string deployKey)
    {
        var known = _deployId.Bind(1, deployKey).Step();
        _deployId.Reset();
        return known;
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
            _pendingChanges.Add((id, change));
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

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction? tx, string sql, int parameters)
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
        foreach (var command in (SqliteCommand[])[_merged, _status, _watch, _markDeploy, _markChange])
        {
            command.Dispose();
        }

        _event.Dispose();
        _eventKnown.Dispose();
        _deployId.Dispose();
        _sequence.Dispose();
        _incident.Dispose();
        _resolved.Dispose();
        _early.Dispose();
        _keepEarly.Dispose();
        _dropEarly.Dispose();
        _deploys.Dispose();
        _changes.Dispose();
    }
}
