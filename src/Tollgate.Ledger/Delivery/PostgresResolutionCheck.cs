using Npgsql;

namespace Tollgate.Ledger.Delivery;

/// <summary>Runs <see cref="ResolutionCheck"/> on PostgreSQL.</summary>
internal static class PostgresResolutionCheck
{
    private static readonly string Sql = ResolutionCheck.Sql(n => $"${n}", keys => $"SELECT unnest({keys}::text[])");

    /// <summary>A check of a batch about to be written: what the tables hold now.</summary>
    public static async Task<ResolutionCheck> StartAsync(NpgsqlConnection db, NpgsqlTransaction tx, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ResolutionCheck.BeforeSql, db, tx);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ResolutionCheck(reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Throws the refusal for the first incident the write left resolved too early.</summary>
    public static async Task VerifyAsync(NpgsqlConnection db, NpgsqlTransaction tx, ResolutionCheck check, CancellationToken cancellationToken,
        string unrecorded = ResolvedTooEarly.Batch)
    {
        await using var command = new NpgsqlCommand(Sql, db, tx)
        {
            Parameters =
            {
                new() { Value = check.IncidentsBefore },
                new() { Value = check.DeploysBefore },
                new() { Value = check.Incidents.ToArray() },
                new() { Value = check.Deploys.ToArray() },
            },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken))
        {
            throw ResolvedTooEarly.Of(reader.GetString(0), Time(reader, 1)!.Value, Time(reader, 2)!.Value,
                reader.IsDBNull(3) ? null : reader.GetString(3), Time(reader, 4), unrecorded);
        }
    }

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : reader.GetFieldValue<DateTimeOffset>(column);
}
