using Tollgate.Testing;

namespace Tollgate.Ledger.Tests.Delivery;

/// <summary>The out-of-order events against a real PostgreSQL, one new database per test.</summary>
public sealed class PostgresEventOrderTests : EventOrderBehaviourTests
{
    private string? _connection;

    protected override async Task<string> ConnectionAsync() => _connection ??= await PostgresServer.Shared.CreateDatabaseAsync();
}
