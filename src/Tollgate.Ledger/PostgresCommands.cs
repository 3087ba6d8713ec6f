using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;

namespace Tollgate.Ledger;

/// <summary>
/// The few commands the PostgreSQL ledger sends, with positional parameters (<c>$1</c>, <c>$2</c>, …) so Npgsql
/// sends the SQL as written without rewriting it. A null value goes as a typed text null; a parameter passed as an
/// <c>NpgsqlParameter</c> goes as it is (a null of another type).
/// </summary>
internal static class PostgresCommands
{
    /// <summary>Statement limits (seconds, 0 for none) that one connection's session runs under instead of its data source's.</summary>
    private static readonly ConditionalWeakTable<NpgsqlConnection, StrongBox<int>> SessionLimits = [];

    /// <summary>
    /// Bounds the commands sent through these helpers on <paramref name="connection"/> by <paramref name="seconds"/>
    /// (0: no limit) until disposed, in place of the data source's limit: the migrations' longer limit on the pool
    /// every other statement shares.
    /// </summary>
    public static IDisposable LimitSession(this NpgsqlConnection connection, int seconds)
    {
        SessionLimits.AddOrUpdate(connection, new StrongBox<int>(seconds));
        return new SessionLimit(connection);
    }

    private sealed class SessionLimit(NpgsqlConnection connection) : IDisposable
    {
        public void Dispose() => SessionLimits.Remove(connection);
    }

    public static async Task ExecuteAsync(this NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction, CancellationToken cancellationToken, params object?[] parameters)
    {
        await using var command = Create(connection, sql, transaction, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<long> ScalarAsync(this NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction, CancellationToken cancellationToken, params object?[] parameters)
    {
        await using var command = Create(connection, sql, transaction, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static Task<IReadOnlyList<T>> QueryAsync<T>(this NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken, params object?[] parameters) =>
        connection.QueryAsync(sql, null, map, cancellationToken, parameters);

    public static async Task<IReadOnlyList<T>> QueryAsync<T>(this NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken, params object?[] parameters)
    {
        await using var command = Create(connection, sql, transaction, parameters);
        return await CommandRows.ReadAllAsync(command, map, cancellationToken);
    }

    private static NpgsqlCommand Create(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction, object?[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        if (SessionLimits.TryGetValue(connection, out var limit))
        {
            command.CommandTimeout = limit.Value;
        }

        foreach (var value in parameters)
        {
            command.Parameters.Add(value switch
            {
                null => new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                NpgsqlParameter typed => typed,
                _ => new NpgsqlParameter { Value = value },
            });
        }

        return command;
    }
}
