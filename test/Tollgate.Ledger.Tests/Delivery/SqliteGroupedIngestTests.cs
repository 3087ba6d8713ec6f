using Microsoft.Data.Sqlite;
using Tollgate.Domain.Ledger;

namespace Tollgate.Ledger.Tests.Delivery;

/// <summary>The grouped writes against a SQLite ledger file; commits counted by SQLite's commit hook on the ledger's connection.</summary>
public sealed class SqliteGroupedIngestTests : GroupedIngestBehaviourTests, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-grouped-").FullName;
    private long _commits;

    protected override Task<string> ConnectionAsync() => Task.FromResult(Path.Combine(_dir, "ledger.db"));

    protected override Task<Func<Task<long>>> CountTransactionsAsync(ILedger ledger)
    {
        var connection = ledger.ShouldBeOfType<SqliteLedger>().Connection;
        SQLitePCL.raw.sqlite3_commit_hook(connection.Handle, _ => { Interlocked.Increment(ref _commits); return 0; }, null);
        return Task.FromResult<Func<Task<long>>>(() => Task.FromResult(Interlocked.Read(ref _commits)));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
