using Npgsql;
using Tollgate.Testing;

namespace Tollgate.Ledger.Tests;

/// <summary>The shared ledger behaviour against a real PostgreSQL, one new database per test.</summary>
public sealed class PostgresLedgerTests : LedgerBehaviourTests
{
    private string? _connection;

    protected override string Dialect => "Postgres";

    protected override async Task<string> ConnectionAsync() => _connection ??= await PostgresServer.Shared.CreateDatabaseAsync();

    protected override async Task<long> MigrationRowsAsync()
    {
        await using var raw = new NpgsqlConnection(await ConnectionAsync());
        await raw.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM schema_migrations", raw);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
