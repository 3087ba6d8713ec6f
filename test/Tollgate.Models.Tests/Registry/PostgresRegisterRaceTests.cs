using Tollgate.Testing;

namespace Tollgate.Models.Tests.Registry;

/// <summary>The registration race on a real PostgreSQL (read committed, as Npgsql opens it), a new database per test.</summary>
public sealed class PostgresRegisterRaceTests : RegisterRaceBehaviourTests
{
    private string? _connection;

    protected override async Task<string> ConnectionAsync(string directory) => _connection ??= await PostgresServer.Shared.CreateDatabaseAsync();
}
