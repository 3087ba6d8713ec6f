using Tollgate.Testing;

namespace Tollgate.Ledger.Tests.Registry;

/// <summary>The registry behaviour against a real PostgreSQL, one new database per test.</summary>
public sealed class PostgresModelRegistryTests : ModelRegistryBehaviourTests
{
    private string? _connection;

    protected override async Task<string> ConnectionAsync() => _connection ??= await PostgresServer.Shared.CreateDatabaseAsync();
}
