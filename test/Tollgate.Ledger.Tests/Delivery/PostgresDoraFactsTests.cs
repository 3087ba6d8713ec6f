using Npgsql;
using Tollgate.Domain.Ledger;
using Tollgate.Testing;

namespace Tollgate.Ledger.Tests.Delivery;

/// <summary>The fast DORA path against a real PostgreSQL, one new database per test.</summary>
public sealed class PostgresDoraFactsTests : DoraFactsBehaviourTests
{
    private string? _connection;

    protected override int Iterations => 60;

    protected override async Task<string> ConnectionAsync() => _connection ??= await PostgresServer.Shared.CreateDatabaseAsync();

    /// <summary>Runs <paramref name="sql"/> on a session of the test's own on the ledger's database, as an administrator would.</summary>
    protected override async Task ExecuteAsync(ILedger ledger, string sql)
    {
        await using var session = new NpgsqlConnection(await ConnectionAsync());
        await session.OpenAsync();
        await using var command = new NpgsqlCommand(sql, session);
        await command.ExecuteNonQueryAsync();
    }

    protected override Task ForgetDaysAsync(ILedger ledger) =>
        ExecuteAsync(ledger, "DELETE FROM dora_days; " + SqliteDoraFactsTests.MigrationTail("Postgres"));
}
