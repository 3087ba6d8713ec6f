using Tollgate.Testing;

namespace Tollgate.Models.Tests.Mlflow;

/// <summary>Imports at once on a real PostgreSQL (read committed, as Npgsql opens it), a new database per test.</summary>
public sealed class PostgresImportRaceTests : ImportRaceBehaviourTests
{
    private string? _connection;

    protected override async Task<string> ConnectionAsync(string directory) => _connection ??= await PostgresServer.Shared.CreateDatabaseAsync();
}
