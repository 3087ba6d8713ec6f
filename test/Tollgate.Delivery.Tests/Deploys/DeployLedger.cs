using Microsoft.Extensions.Time.Testing;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Ledger;
using Tollgate.Domain.Policies;
using Tollgate.Ledger;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>
/// The deploy gate's ground in a test: a SQLite ledger (or another engine's, given) and a directory of its own, on a fake clock standing at
/// <see cref="T0"/>, that holds v1 of checkout, deployed to production the day before (what a failed deploy rolls back to).
/// </summary>
internal sealed class DeployLedger : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    private DeployLedger(string workingDirectory, FakeTimeProvider clock, ILedger ledger)
    {
        WorkingDirectory = workingDirectory;
        Clock = clock;
        Ledger = ledger;
        Store = DeliveryStore.Of(ledger);
    }

    public string WorkingDirectory { get; }

    public FakeTimeProvider Clock { get; }

    public ILedger Ledger { get; }

    public IDeliveryStore Store { get; }

    /// <param name="prefix">The temporary directory's name begins with it.</param>
    /// <param name="connection">The <c>--ledger</c> of another engine (a fresh PostgreSQL database); null: a SQLite file in the directory.</param>
    public static async Task<DeployLedger> OpenAsync(string prefix, string? connection = null)
    {
        var directory = Directory.CreateTempSubdirectory(prefix).FullName;
        var clock = new FakeTimeProvider(T0);
        var deploys = new DeployLedger(directory, clock, await LedgerLocation.OpenAsync(connection ?? Path.Combine(directory, "ledger.db"), directory, clock));
        var previous = new Deploy("v1", "checkout", "production", "v1", DeployIntent.Planned, T0.AddDays(-1)) { FinishedAt = T0.AddDays(-1), Result = DeployResult.Success };
        await deploys.Store.RecordAsync([new DeployEvent("v1", "test", previous)]);
        return deploys;
    }

    public GateContext Context(Policy? policy = null) => new(Clock, Ledger, policy ?? Policy.Default, WorkingDirectory);

    public async ValueTask DisposeAsync()
    {
        await Ledger.DisposeAsync();
        Directory.Delete(WorkingDirectory, recursive: true);
    }
}
