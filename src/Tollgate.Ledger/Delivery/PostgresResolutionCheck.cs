using Npgsql;

namespace Tollgate.Ledger.Delivery;

/// <summary>
/// The <see cref="ResolvedTooEarly"/> check of one PostgreSQL batch, as <see cref="SqliteResolutionCheck"/>: the
/// incidents and deploys it added (above the ids the tables held before it) or changed, each incident against its
/// detection and against the finish of the deploy it names.
/// </summary>
internal sealed class PostgresResolutionCheck
{
    private long _incidentsBefore;
    private long _deploysBefore;
    private readonly HashSet<string> _incidents = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deploys = new(StringComparer.Ordinal);

    public async Task StartAsync(NpgsqlConnection db, NpgsqlTransaction tx, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT (SELECT coalesce(max(id), 0) FROM incidents), (SELECT coalesce(max(id), 0) FROM deploys)", db, tx);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        _incidentsBefore = reader.GetInt64(0);
        _deploysBefore = reader.GetInt64(1);
    }

    /// <summary>An incident the batch resolved (or whose resolution it kept).</summary>
    public void Incident(string key) => _incidents.Add(key);

    /// <summary>A deploy whose finish the batch changed.</summary>
    public void Deploy(string key) => _deploys.Add(key);

    /// <summary>Throws the refusal for the first incident of the batch resolved too early.</summary>
    public async Task VerifyAsync(NpgsqlConnection db, NpgsqlTransaction tx, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT i.incident_key, i.detected_at, i.resolved_at, d.deploy_key, d.finished_at
            FROM incidents i LEFT JOIN deploys d ON d.deploy_key = i.caused_by AND d.finished_at IS NOT NULL
            WHERE i.resolved_at IS NOT NULL AND (i.resolved_at < i.detected_at OR i.resolved_at < d.finished_at)
              AND (i.id > $1 OR d.id > $2 OR i.incident_key = ANY($3) OR d.deploy_key = ANY($4))
            ORDER BY i.id LIMIT 1
            """, db, tx);
        command.Parameters.Add(new NpgsqlParameter { Value = _incidentsBefore });
        command.Parameters.Add(new NpgsqlParameter { Value = _deploysBefore });
        command.Parameters.Add(new NpgsqlParameter { Value = _incidents.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = _deploys.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken))
        {
            throw ResolvedTooEarly.Of(reader.GetString(0), Time(reader, 1)!.Value, Time(reader, 2)!.Value,
                reader.IsDBNull(3) ? null : reader.GetString(3), Time(reader, 4));
        }
    }

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : reader.GetFieldValue<DateTimeOffset>(column);
}
