using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>A real PostgreSQL ledger, one new database per test.</summary>
public sealed class PostgresModelDvcFileLineageTests : ModelDvcFileLineageTests
{
    private string? _connection;

    protected override async Task<string[]> LedgerAsync() => ["--ledger", _connection ??= await PostgresServer.Shared.CreateDatabaseAsync()];
}
