using Microsoft.Extensions.Time.Testing;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Ledger;
using Tollgate.Domain.Policies;
using Tollgate.Ledger;
using Tollgate.Ledger.Delivery;
using Tollgate.Ledger.Registry;

namespace Tollgate.Models.Tests;

/// <summary>A real SQLite ledger in a scratch directory, with its registry and drills, and a gate context on a fake clock.</summary>
internal sealed class ModelLedger : IAsyncDisposable
{
    private ModelLedger(TempDirectory dir, ILedger ledger)
    {
        Dir = dir;
        Ledger = ledger;
        Registry = ModelRegistry.Of(ledger);
        Drills = DeliveryStore.Of(ledger);
    }

    public TempDirectory Dir { get; }

    public ILedger Ledger { get; }

    public IModelRegistry Registry { get; }

    public IDeliveryStore Drills { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    public static async Task<ModelLedger> OpenAsync()
    {
        var dir = new TempDirectory();
        return new ModelLedger(dir, await LedgerLocation.OpenAsync(dir.File("ledger.db"), dir.Path, TimeProvider.System));
    }

    /// <summary>A ledger with fraud@1 and fraud@2 registered (weights by version, one training set), as shadow, promote and rollback need.</summary>
    public static async Task<ModelLedger> WithFraudVersionsAsync()
    {
        var m = await OpenAsync();
        foreach (var version in new[] { "1", "2" })
        {
            (await m.Registry.RegisterAsync(new Domain.Registry.ModelVersion("fraud", version, "sha256:weights-" + version, m.Clock.GetUtcNow()) { Datasets = [new Domain.Registry.DatasetInput("sha256:train", "train.csv")] })).ShouldBeTrue();
        }

        return m;
    }

    public GateContext Context(Policy? policy = null) => new(Clock, Ledger, policy ?? Policy.Default, Dir.Path);

    public string Write(string name, string content)
    {
        var path = Dir.File(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>
    /// Makes the ledger refuse inserts into <paramref name="table"/> where <paramref name="when"/> holds (a SQLite
    /// trigger added over a second connection), so one write of a decision fails after or before the others.
    /// </summary>
    public async Task RefuseAsync(string table, string when = "1")
    {
        await using var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Dir.File("ledger.db")}");
        await other.OpenAsync();
        await using var trigger = other.CreateCommand();
        trigger.CommandText = $"CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} WHEN {when} BEGIN SELECT RAISE(ABORT, '{table} refused'); END";
        await trigger.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Ledger.DisposeAsync();
        Dir.Dispose();
    }
}
