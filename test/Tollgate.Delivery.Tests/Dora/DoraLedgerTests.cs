using Microsoft.Extensions.Time.Testing;
using Tollgate.Delivery.Dora;
using Tollgate.Domain.Dora;
using Tollgate.Domain.Ledger;
using Tollgate.Ledger;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Tests.Dora;

/// <summary>
/// The ground of a DORA suite run on both engines: a fresh ledger of the engine the subclass names (a SQLite file in a
/// directory of its own, a real PostgreSQL database) on a fake clock at <see cref="T0"/>, and DORA over production in
/// <see cref="Window"/> by both paths (the fast path and the full history), which must agree.
/// </summary>
public abstract class DoraLedgerTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    protected static readonly DoraWindow Window = new(T0.AddDays(-2), T0.AddDays(1));
    private string _directory = null!;
    private ILedger _ledger = null!;

    protected IDeliveryStore Store { get; private set; } = null!;

    /// <summary>The <c>--ledger</c> value of this test's fresh store; <paramref name="directory"/> is its own.</summary>
    protected abstract Task<string> ConnectionAsync(string directory);

    public async Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("tollgate-dora-").FullName;
        _ledger = await LedgerLocation.OpenAsync(await ConnectionAsync(_directory), _directory, new FakeTimeProvider(T0));
        Store = DeliveryStore.Of(_ledger);
    }

    public async Task DisposeAsync()
    {
        await _ledger.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    protected async Task<(DoraResult Fast, DoraResult Full)> DoraAsync() =>
        (await DoraQuery.RunAsync(Store, null, "production", Window, DoraDefinitions.Recommended, CancellationToken.None),
         await DoraQuery.RunFromHistoryAsync(Store, null, "production", Window, DoraDefinitions.Recommended, CancellationToken.None));
}
