using Npgsql;
using NpgsqlTypes;
using Tollgate.Domain.Delivery;

namespace Tollgate.Ledger.Delivery;

/// <summary>
/// A run of deploy, incident and incident-resolved events written to PostgreSQL in a few set-based statements: the
/// run is copied in binary (<c>COPY … FROM STDIN (FORMAT BINARY)</c>) into a temporary staging table, then moved
/// with <c>INSERT … SELECT … ON CONFLICT DO NOTHING</c> in event order, in the caller's transaction. The results are
/// those of writing the events one by one, which <see cref="TryAdd"/> guarantees by ending a run before an event
/// whose outcome would depend on the order within it (an event id, a deploy or an incident seen earlier in the run).
/// A run may hold the events of several bodies (a grouped write): each event keeps its body's number, and what the
/// run did is told per body to <paramref name="tally"/> (body, recorded, duplicates, unmatched).
/// </summary>
internal sealed class PostgresDeliveryStage(NpgsqlConnection db, NpgsqlTransaction tx, ResolutionCheck check, Action<int, int, int, int> tally)
{
    private const short DeployKind = 0, IncidentKind = 1, ResolvedKind = 2;

    private readonly List<DeliveryEvent> _run = [];
    private readonly List<int> _bodies = [];
    private readonly HashSet<string> _eventIds = [];
    private readonly HashSet<string> _deploys = [];
    private readonly HashSet<string> _incidents = [];
    private readonly HashSet<string> _resolved = [];
    private bool _created;

    /// <summary>What the batch resolved, checked once it is written.</summary>
    public ResolutionCheck Check { get; } = check;

    /// <summary>Events taken into the run so far.</summary>
    public int Count => _run.Count;

    /// <summary>Days the runs moved so far listed for recomputation (rows their marks inserted into <c>dora_dirty</c>).</summary>
    public long Marked { get; private set; }

    /// <summary>
    /// Takes an event into the run; false when it is not of a staged kind, or when its outcome would depend on order
    /// within the run: the caller then calls <see cref="FlushAsync"/> (and, for another kind, writes it itself).
    /// </summary>
    public bool TryAdd(DeliveryEvent e, int body)
    {
        if (_eventIds.Contains(e.EventId))
        {
            if (e is not (DeployEvent or IncidentEvent or IncidentResolvedEvent))
            {
                return false;
            }

            tally(body, 0, e is DeployEvent { Carried: true } ? 0 : 1, 0); // the same id again: a duplicate whatever it says
            return true;
        }

        switch (e)
        {
            case DeployEvent d when !_deploys.Contains(d.Deploy.Id):
                _deploys.Add(d.Deploy.Id);
                break;
            case IncidentEvent i when !_incidents.Contains(i.Incident.Id) && !_resolved.Contains(i.Incident.Id):
                _incidents.Add(i.Incident.Id);
                break;
            case IncidentResolvedEvent r:
                _resolved.Add(r.IncidentId);
                Check.Incident(r.IncidentId);
                break;
            default:
                return false;
        }

        _eventIds.Add(e.EventId);
        _run.Add(e);
        _bodies.Add(body);
        return true;
    }

    /// <summary>Writes the run and starts a new one, telling each body's (recorded, duplicates, unmatched) to the tally.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_run.Count == 0)
        {
            return;
        }

        await CreateAsync(cancellationToken);
        await CopyAsync(cancellationToken);
        await RunAsync(
            """
            WITH ins AS (
                INSERT INTO delivery_events (event_id, type, occurred_at)
                SELECT event_id, type, occurred_at FROM delivery_stage ORDER BY seq ON CONFLICT DO NOTHING RETURNING event_id)
            UPDATE delivery_stage s SET recorded = true FROM ins WHERE s.event_id = ins.event_id
            """,
            cancellationToken);
        await RunAsync(
            """
            WITH ins AS (
                INSERT INTO deploys (deploy_key, service, environment, version, intent, result, started_at, finished_at, artifact_id, remediates, source, lease)
                SELECT key, service, environment, version, intent, result, at, finished_at, artifact_id, remediates, source, lease
                FROM delivery_stage WHERE kind = 0 AND recorded ORDER BY seq ON CONFLICT DO NOTHING RETURNING id, deploy_key)
            UPDATE delivery_stage s SET deploy_id = ins.id FROM ins WHERE s.kind = 0 AND s.recorded AND s.key = ins.deploy_key
            """,
            cancellationToken);
        await RunAsync(
            """
            INSERT INTO deploy_changes (deploy_id, change_id, committed_at)
            SELECT s.deploy_id, c.change_id, c.committed_at FROM delivery_stage s
            CROSS JOIN LATERAL unnest(s.change_ids, s.committed_ats) WITH ORDINALITY AS c (change_id, committed_at, n)
            WHERE s.deploy_id IS NOT NULL ORDER BY s.seq, c.n ON CONFLICT DO NOTHING
            """,
            cancellationToken);
        Marked += await RunAsync(PostgresDoraDays.MarkSql("FROM delivery_stage s JOIN deploys d ON d.id = s.deploy_id WHERE s.deploy_id IS NOT NULL"), cancellationToken);
        await RunAsync(
            """
            INSERT INTO incidents (incident_key, service, environment, detected_at, resolved_at, caused_by, artifact_id)
            SELECT key, service, environment, at, finished_at, caused_by, artifact_id
            FROM delivery_stage WHERE kind = 1 AND recorded ORDER BY seq ON CONFLICT DO NOTHING
            """,
            cancellationToken);
        // resolutions that arrived before their incident, kept aside until it came
        await RunAsync(
            """
            WITH early AS (DELETE FROM incident_resolutions p USING delivery_stage s
                WHERE s.kind = 1 AND s.recorded AND p.incident_key = s.key RETURNING p.incident_key, p.resolved_at)
            UPDATE incidents i SET resolved_at = GREATEST(i.resolved_at, early.resolved_at) FROM early WHERE i.incident_key = early.incident_key
            """,
            cancellationToken);
        // the latest resolution by its own time wins, whatever order they arrive in; one for an incident not recorded yet is kept aside
        await RunAsync(
            """
            WITH r AS (SELECT key, max(at) AS at FROM delivery_stage WHERE kind = 2 AND recorded GROUP BY key),
            applied AS (UPDATE incidents i SET resolved_at = GREATEST(i.resolved_at, r.at) FROM r WHERE i.incident_key = r.key RETURNING i.incident_key)
            INSERT INTO incident_resolutions (incident_key, resolved_at)
            SELECT r.key, r.at FROM r WHERE NOT EXISTS (SELECT 1 FROM incidents i WHERE i.incident_key = r.key)
            ON CONFLICT (incident_key) DO UPDATE SET resolved_at = GREATEST(incident_resolutions.resolved_at, excluded.resolved_at)
            """,
            cancellationToken);
        // carried deploy events are written, but counted with the event that carries them; a staged event not recorded was a duplicate
        var staged = new Dictionary<int, int>();
        for (var seq = 0; seq < _run.Count; seq++)
        {
            if (_run[seq] is not DeployEvent { Carried: true })
            {
                staged[_bodies[seq]] = staged.GetValueOrDefault(_bodies[seq]) + 1;
            }
        }

        await using (var outcome = new NpgsqlCommand(
            "SELECT body, count(*)::int, (count(*) FILTER (WHERE kind = 0 AND deploy_id IS NULL))::int FROM delivery_stage WHERE recorded AND NOT carried GROUP BY body",
            db, tx))
        await using (var rows = await outcome.ExecuteReaderAsync(cancellationToken))
        {
            while (await rows.ReadAsync(cancellationToken))
            {
                var (body, recorded) = (rows.GetInt32(0), rows.GetInt32(1));
                tally(body, recorded, staged[body] - recorded, rows.GetInt32(2));
                staged.Remove(body);
            }
        }

        foreach (var (body, none) in staged)
        {
            tally(body, 0, none, 0);
        }

        await RunAsync("TRUNCATE delivery_stage", cancellationToken);

        _run.Clear();
        _bodies.Clear();
        _eventIds.Clear();
        _deploys.Clear();
        _incidents.Clear();
        _resolved.Clear();
    }

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await RunAsync(
            """
            CREATE TEMP TABLE delivery_stage (
                seq integer NOT NULL, body integer NOT NULL, kind smallint NOT NULL, event_id text NOT NULL, type text NOT NULL, occurred_at timestamptz NOT NULL,
                key text NOT NULL, service text, environment text, version text, intent text, result text,
                at timestamptz NOT NULL, finished_at timestamptz, artifact_id text, remediates text, source text, lease text, caused_by text,
                change_ids text[], committed_ats timestamptz[], carried boolean NOT NULL, recorded boolean NOT NULL DEFAULT false, deploy_id bigint
            ) ON COMMIT DROP
            """,
            cancellationToken);
        _created = true;
    }

    private async Task CopyAsync(CancellationToken cancellationToken)
    {
        await using var copy = await db.BeginBinaryImportAsync(
            """
            COPY delivery_stage (seq, body, kind, event_id, type, occurred_at, key, service, environment, version, intent, result,
                at, finished_at, artifact_id, remediates, source, lease, caused_by, change_ids, committed_ats, carried) FROM STDIN (FORMAT BINARY)
            """,
            cancellationToken);
        for (var seq = 0; seq < _run.Count; seq++)
        {
            var e = _run[seq];
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(seq, NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(_bodies[seq], NpgsqlDbType.Integer, cancellationToken);
            var (kind, key, at) = e switch
            {
                DeployEvent d => (DeployKind, d.Deploy.Id, d.Deploy.StartedAt),
                IncidentEvent i => (IncidentKind, i.Incident.Id, i.Incident.DetectedAt),
                IncidentResolvedEvent r => (ResolvedKind, r.IncidentId, r.At),
                _ => throw new InvalidOperationException($"{e.GetType().Name} is not staged"),
            };
            await copy.WriteAsync(kind, NpgsqlDbType.Smallint, cancellationToken);
            await Text(copy, e.EventId, cancellationToken);
            await Text(copy, e.Type, cancellationToken);
            await Time(copy, EventTime.Of(e), cancellationToken);
            await Text(copy, key, cancellationToken);
            var deploy = (e as DeployEvent)?.Deploy;
            var incident = (e as IncidentEvent)?.Incident;
            await Text(copy, deploy?.Service ?? incident?.Service, cancellationToken);
            await Text(copy, deploy?.Environment ?? incident?.Environment, cancellationToken);
            await Text(copy, deploy?.Version, cancellationToken);
            await Text(copy, deploy?.Intent.WireName(), cancellationToken);
            await Text(copy, deploy?.Result.WireName(), cancellationToken);
            await Time(copy, at, cancellationToken);
            await Time(copy, deploy is not null ? deploy.FinishedAt : incident?.ResolvedAt, cancellationToken);
            await Text(copy, deploy?.ArtifactId ?? incident?.ArtifactId, cancellationToken);
            await Text(copy, deploy?.Remediates, cancellationToken);
            await Text(copy, deploy?.Source, cancellationToken);
            await Text(copy, deploy?.Lease, cancellationToken);
            await Text(copy, incident?.CausedBy, cancellationToken);
            if (deploy is { Changes.Count: > 0 } shipped)
            {
                await copy.WriteAsync(shipped.Changes.Select(c => c.Id).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(shipped.Changes.Select(c => c.CommittedAt?.ToUniversalTime()).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, cancellationToken);
            }
            else
            {
                await copy.WriteNullAsync(cancellationToken);
                await copy.WriteNullAsync(cancellationToken);
            }

            await copy.WriteAsync(e is DeployEvent { Carried: true }, NpgsqlDbType.Boolean, cancellationToken);
        }

        await copy.CompleteAsync(cancellationToken);
    }

    private static Task Text(NpgsqlBinaryImporter copy, string? value, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    private static Task Time(NpgsqlBinaryImporter copy, DateTimeOffset? value, CancellationToken cancellationToken) =>
        value is { } t ? copy.WriteAsync(t.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken) : copy.WriteNullAsync(cancellationToken);

    private async Task<int> RunAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, db, tx);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
