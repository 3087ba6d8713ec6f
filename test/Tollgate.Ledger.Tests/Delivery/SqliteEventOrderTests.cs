namespace Tollgate.Ledger.Tests.Delivery;

/// <summary>The out-of-order events against SQLite, one new ledger file per test.</summary>
public sealed class SqliteEventOrderTests : EventOrderBehaviourTests, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-order-").FullName;

    protected override Task<string> ConnectionAsync() => Task.FromResult(Path.Combine(_dir, "ledger.db"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
