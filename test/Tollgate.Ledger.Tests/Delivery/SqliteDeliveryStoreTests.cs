namespace Tollgate.Ledger.Tests.Delivery;

public sealed class SqliteDeliveryStoreTests : DeliveryStoreBehaviourTests, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-delivery-").FullName;

    protected override Task<string> ConnectionAsync() => Task.FromResult(Path.Combine(_dir, "ledger.db"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
