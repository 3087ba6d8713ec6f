using Npgsql;

namespace Tollgate.Testing;

/// <summary>
/// The real PostgreSQL the ledger tests run against. eng/test.sh starts a throw-away cluster (eng/test.d/postgres.sh)
/// and exports <c>TOLLGATE_TEST_POSTGRES</c>; when the tests run by hand without it, the first use starts one the
/// same way (eng/postgres-cluster.sh) and stops it when the test process exits. It never skips: no server is a failure.
/// </summary>
public sealed class PostgresServer
{
    public const string EnvironmentVariable = "TOLLGATE_TEST_POSTGRES";

    private static readonly Lazy<PostgresServer> SharedServer = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private PostgresServer(string connectionString) => ConnectionString = connectionString;

    public static PostgresServer Shared => SharedServer.Value;

    /// <summary>Keyword connection string of a role that may create databases.</summary>
    public string ConnectionString { get; }

    /// <summary>A new, empty database owned by the test role; returns its keyword connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>The same connection as a <c>postgres://</c> URL, user and password percent-encoded.</summary>
    public static string ToUrl(string connectionString, string query = "")
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgres://{Uri.EscapeDataString(b.Username!)}:{Uri.EscapeDataString(b.Password!)}@{b.Host}:{b.Port}/{Uri.EscapeDataString(b.Database!)}{query}";
    }

    private static PostgresServer Start() =>
        new(ScriptedService.Address(EnvironmentVariable, "postgres-cluster.sh", "a PostgreSQL cluster"));
}
