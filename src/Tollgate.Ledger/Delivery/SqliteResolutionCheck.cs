using Microsoft.Data.Sqlite;

namespace Tollgate.Ledger.Delivery;

/// <summary>Runs <see cref="ResolutionCheck"/> on SQLite.</summary>
internal static class SqliteResolutionCheck
{
    internal static readonly string Sql = ResolutionCheck.Sql(n => $"?{n}", keys => $"SELECT value FROM json_each({keys})");

    /// <summary>A check of a batch about to be written: what the tables hold now.</summary>
    public static ResolutionCheck Start(SqliteConnection connection)
    {
        using var before = new SqliteStatement(connection, ResolutionCheck.BeforeSql);
        _ = before.Step(); // two scalar subqueries: always one row
        return new ResolutionCheck(before.Int64(0), before.Int64(1));
    }

    /// <summary>Throws the refusal for the first incident the write left resolved too early.</summary>
    public static void Verify(SqliteConnection connection, ResolutionCheck check, string unrecorded = ResolvedTooEarly.Batch)
    {
        using var query = new SqliteStatement(connection, Sql);
        query.Bind(1, check.IncidentsBefore).Bind(2, check.DeploysBefore).Bind(3, JsonArray(check.Incidents)).Bind(4, JsonArray(check.Deploys));
        if (query.Step())
        {
            throw ResolvedTooEarly.Of(query.Text(0)!, query.Time(1)!.Value, query.Time(2)!.Value, query.Text(3), query.Time(4), unrecorded);
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
}
