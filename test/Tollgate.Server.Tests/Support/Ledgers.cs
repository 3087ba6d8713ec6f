using Tollgate.Testing;

namespace Tollgate.Server.Tests.Support;

/// <summary>Ledgers for the server tests: a fresh SQLite file, or a fresh database on the test PostgreSQL.</summary>
public static class Ledgers
{
    /// <summary>A SQLite ledger in a directory of its own, removed when the test process exits (<see cref="TestScratch"/>).</summary>
    public static string TempSqlite() => Path.Combine(TestScratch.CreateSubdirectory("tollgate-ledger-").FullName, "ledger.db");

    public static Task<string> TempPostgresAsync() => PostgresServer.Shared.CreateDatabaseAsync();
}
