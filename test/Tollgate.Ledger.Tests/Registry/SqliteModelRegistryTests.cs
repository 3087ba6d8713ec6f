namespace Tollgate.Ledger.Tests.Registry;

public sealed class SqliteModelRegistryTests : ModelRegistryBehaviourTests, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-registry-").FullName;

    protected override Task<string> ConnectionAsync() => Task.FromResult(Path.Combine(_dir, "ledger.db"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
