using Microsoft.Data.Sqlite;

namespace Tollgate.Ledger.Delivery;

/// <summary>
/// The <see cref="ResolvedTooEarly"/> check of one SQLite batch: the incidents and deploys it added (above the ids the
/// tables held before it) or changed (resolved incidents, finished deploys), each incident against its detection and
/// against the finish of the deploy it names. Rows no batch touches are not read again, so a ledger written by an
/// older Tollgate still takes new events.
/// </summary>
internal sealed class SqliteResolutionCheck
{
    private readonly long _incidentsBefore;
    private readonly long _deploysBefore;
    private readonly HashSet<string> _incidents = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deploys = new(StringComparer.Ordinal);

    public SqliteResolutionCheck(SqliteConnection connection)
    {
        _incidentsBefore = Max(connection, "incidents");
        _deploysBefore = Max(connection, "deploys");
    }

    /// <summary>An incident the batch resolved (or whose resolution it kept).</summary>
    public void Incident(string key) => _incidents.Add(key);

    /// <summary>A deploy whose finish the batch changed.</summary>
    public void Deploy(string key) => _deploys.Add(key);

    /// <summary>Throws the refusal for the first incident of the batch resolved too early.</summary>
    public void Verify(SqliteConnection connection)
    {
        using var check = new SqliteStatement(connection,
            """
            SELECT i.incident_key, i.detected_at, i.resolved_at, d.deploy_key, d.finished_at
            FROM incidents i LEFT JOIN deploys d ON d.deploy_key = i.caused_by AND d.finished_at IS NOT NULL
            WHERE i.resolved_at IS NOT NULL AND (i.resolved_at < i.detected_at OR i.resolved_at < d.finished_at)
              AND (i.id > ?1 OR d.id > ?2 OR i.incident_key IN (SELECT value FROM json_each(?3)) OR d.deploy_key IN (SELECT value FROM json_each(?4)))
            ORDER BY i.id LIMIT 1
            """);
        check.Bind(1, _incidentsBefore).Bind(2, _deploysBefore)
            .Bind(3, JsonArray(_incidents)).Bind(4, JsonArray(_deploys));
        if (check.Step())
        {
            throw ResolvedTooEarly.Of(check.Text(0)!, check.Time(1)!.Value, check.Time(2)!.Value, check.Text(3), check.Time(4));
        }
    }

    /// <summary>The keys as a JSON array of strings, for <c>json_each</c> (written, not reflected: the binary is Native AOT).</summary>
    private static string JsonArray(IEnumerable<string> keys)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var key in keys)
            {
                writer.WriteStringValue(key);
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static long Max(SqliteConnection connection, string table)
    {
        using var max = new SqliteStatement(connection, $"SELECT coalesce(max(id), 0) FROM {table}");
        return max.Step() ? max.Int64(0) : 0;
    }
}
