using Tollgate.Testing;

namespace Tollgate.Server.Tests.Support;

/// <summary>Ledgers for the server tests: a fresh SQLite file, or a fresh database on the test PostgreSQL.</summary>
public static class Ledgers
{
    public static string TempSqlite() => Path.Combine(Directory.CreateTempSubdirectory("tollgate-ledger-").FullName, "ledger.db");

    public static Task<string> TempPostgresAsync() => PostgresServer.Shared.CreateDatabaseAsync();
}
