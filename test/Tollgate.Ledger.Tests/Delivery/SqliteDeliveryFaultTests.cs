using Microsoft.Data.Sqlite;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Ledger.Delivery;
using Tollgate.Testing;

namespace Tollgate.Ledger.Tests.Delivery;

/// <summary>
/// A SQLite failure of the delivery tables is worded as every other ledger write's (<c>SqliteFault</c>), naming the
/// ledger, where it was SQLite's own message ("database is locked") without the ledger's path.
/// </summary>
public sealed class SqliteDeliveryFaultTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2024, 3, 4, 17, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-delivery-fault-").FullName;

    private string Path => System.IO.Path.Combine(_dir, "ledger.db");

    [Fact]
    public async Task RecordAsync_AnotherConnectionHoldsTheWriteLock_LockedTooLongInTheLedgersWordsAndNothingRecorded()
    {
        await using var ledger = await SqliteLedger.OpenAsync(Path, TimeProvider.System);
        var store = DeliveryStore.Of(ledger);
        await store.RecordAsync([Deployed("d1")]);
        // The wait for the lock cut from 30 s (ADO.NET's retries) and 10 s (SQLite's busy timeout) to a moment.
        ledger.Connection.DefaultTimeout = 1;
        await ledger.Connection.ExecuteAsync("PRAGMA busy_timeout=100");
        await using var holder = new SqliteConnection($"Data Source={Path};Pooling=False");
        await holder.OpenAsync();
        await holder.ExecuteAsync("BEGIN IMMEDIATE");

        var failure = await Should.ThrowAsync<InvalidInputException>(() => store.RecordAsync([Deployed("d2")]));
        await holder.ExecuteAsync("ROLLBACK");

        failure.Message.ShouldBe($"cannot record delivery events in the ledger at {Path}: the ledger is locked by another process for too long");
        failure.LedgerFault.ShouldBeTrue();
        (await store.DeploysAsync(null, null)).Select(d => d.Id).ShouldBe(["d1"]);
    }

    [Fact]
    public async Task DeploysAsync_TableOverwrittenWithGarbage_CorruptInTheLedgersWords()
    {
        await using (var ledger = await SqliteLedger.OpenAsync(Path, TimeProvider.System))
        {
            await DeliveryStore.Of(ledger).RecordAsync([Deployed("d1")]);
        }

        LedgerPages.Garble(Path, "deploys");
        await using var opened = await SqliteLedger.OpenAsync(Path, TimeProvider.System);

        var failure = await Should.ThrowAsync<InvalidInputException>(() => DeliveryStore.Of(opened).DeploysAsync(null, null));

        failure.Message.ShouldBe($"cannot read deploys from the ledger at {Path}: the ledger file is corrupt");
        failure.LedgerFault.ShouldBeTrue();
    }

    private static DeployEvent Deployed(string id) =>
        new(id, "dev.cdevents.service.deployed.0.3.0", new Deploy(id, "checkout", "production", "v1", DeployIntent.Planned, T0) { Source = "cdevents" });

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
