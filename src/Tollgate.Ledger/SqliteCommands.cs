using Microsoft.Data.Sqlite;

namespace Tollgate.Ledger;

/// <summary>
/// The few ADO.NET calls the ledger makes, with named parameters. Plain commands rather than a micro-ORM: the ledger
/// is opened once per one-shot CLI process, and runtime IL generation per query cost more at start-up than the
/// whole plan gate on a small plan.
/// </summary>
internal static class SqliteCommands
{
    public static async Task ExecuteAsync(this SqliteConnection connection, string sql, SqliteTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        await using var command = Create(connection, sql, transaction, parameters);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<long> ScalarAsync(this SqliteConnection connection, string sql, CancellationToken cancellationToken = default, params (string Name, object? Value)[] parameters)
    {
        await using var command = Create(connection, sql, null, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<long> ScalarAsync(this SqliteConnection connection, string sql, SqliteTransaction? transaction, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Create(connection, sql, transaction, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<long> ScalarAsync(this SqliteConnection connection, string sql, SqliteTransaction transaction)
    {
        await using var command = Create(connection, sql, transaction, []);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<IReadOnlyList<T>> QueryAsync<T>(this SqliteConnection connection, string sql, Func<SqliteDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Create(connection, sql, null, parameters);
        return await CommandRows.ReadAllAsync(command, map, cancellationToken);
    }

    private static SqliteCommand Create(SqliteConnection connection, string sql, SqliteTransaction? transaction, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
