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

    protected override async Task ExecuteAsync(ILedger ledger, string sql)
    {
        await using var command = ((PostgresLedger)ledger).DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task ForgetDaysAsync(ILedger ledger)
    {
        await using var command = ((PostgresLedger)ledger).DataSource.CreateCommand("DELETE FROM dora_days; " + SqliteDoraFactsTests.MigrationTail("Postgres"));
        await command.ExecuteNonQueryAsync();
    }
}
