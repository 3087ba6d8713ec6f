namespace Tollgate.Ledger.Tests.Delivery;

/// <summary>The checked writes against a SQLite ledger file, two connections to it.</summary>
public sealed class SqliteCheckedWriteTests : CheckedWriteBehaviourTests, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-checked-").FullName;

    protected override Task<string> ConnectionAsync() => Task.FromResult(Path.Combine(_dir, "ledger.db"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
