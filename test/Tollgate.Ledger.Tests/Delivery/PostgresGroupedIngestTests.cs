using Npgsql;
using Tollgate.Domain.Ledger;
using Tollgate.Testing;

namespace Tollgate.Ledger.Tests.Delivery;

/// <summary>The grouped writes against a real PostgreSQL, one new database per test; transactions counted by the distinct xmin of the deploys they wrote.</summary>
public sealed class PostgresGroupedIngestTests : GroupedIngestBehaviourTests
{
    private string? _connection;

    protected override async Task<string> ConnectionAsync() => _connection ??= await PostgresServer.Shared.CreateDatabaseAsync();

    protected override Task<Func<Task<long>>> CountTransactionsAsync(ILedger ledger) =>
        Task.FromResult<Func<Task<long>>>(async () =>
        {
            await using var db = new NpgsqlConnection(await ConnectionAsync());
            await db.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(DISTINCT xmin::text) FROM deploys", db);
            return (long)(await count.ExecuteScalarAsync())!;
        });
}
