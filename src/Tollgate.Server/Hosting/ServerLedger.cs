using Tollgate.Domain.Delivery;
using Tollgate.Domain.Ledger;
using Tollgate.Ledger;
using Tollgate.Ledger.Delivery;
using Tollgate.Ledger.Rollouts;
using Tollgate.Ledger.Verdicts;

namespace Tollgate.Server.Hosting;

/// <summary>
/// The one ledger a server opens at start (a bad one stops it before it listens), shared by every request: the gates'
/// <see cref="ILedger"/> (verdicts by group commit) and the server's own tables, each call in turn on SQLite, and each
/// after the <see cref="SchemaWatch"/> has found the ledger still one this build knows.
/// </summary>
public sealed class ServerLedger : IAsyncDisposable
{
    private readonly ILedger _opened;
    private readonly SerialLedger _serial;
    private readonly IVerdictLog _verdicts;
    private readonly IRolloutEventLog _events;
    private readonly IDeliveryStore _delivery;
    private readonly EventGroupCommit? _eventCommits;
    private readonly CancellationTokenSource _stopping = new();

    private ServerLedger(ILedger opened, TimeProvider clock)
    {
        _opened = opened;
        if (opened is SqliteLedger sqlite)
        {
            var turn = new SemaphoreSlim(1, 1);
            var schema = new SchemaWatch(sqlite.NewerSchemaAsync, clock);
            _serial = new SerialLedger(opened, turn, new GroupCommit(async reports => { await schema.EnsureAsync(CancellationToken.None); return await sqlite.RecordAllAsync(reports); }, turn), schema);
        }
        else
        {
            var postgres = opened as PostgresLedger ?? throw new InvalidOperationException($"no group commit for {opened.GetType().Name}");
            var schema = new SchemaWatch(postgres.NewerSchemaAsync, clock);
            _serial = new SerialLedger(opened, null, new GroupCommit(async reports => { await schema.EnsureAsync(CancellationToken.None); return await postgres.RecordAllAsync(reports); }, null), schema);
            var grouped = (IGroupedIngest)DeliveryStore.Of(opened);
            _eventCommits = new EventGroupCommit(async (bodies, stopping) => { await schema.EnsureAsync(stopping); return await grouped.RecordEachAsync(bodies, stopping); }, _stopping.Token);
        }

        _verdicts = LedgerViews.Verdicts(opened);
        _events = LedgerViews.RolloutEvents(opened, clock);
        _delivery = DeliveryStore.Of(opened);
    }

    /// <summary>What a gate records to.</summary>
    public ILedger Ledger => _serial;

    /// <summary>A recorded report's compact JSON, written once for the ledger and the answer.</summary>
    public byte[] ReportUtf8(Domain.Reports.Report report) => _serial.Rendered.Utf8(report);

    /// <summary>The batches the ledger's group commit wrote, and the verdicts in them.</summary>
    public (long Batches, long Verdicts) Commits => _serial.Commits.Recorded;

    /// <summary>Where the ledger is, without credentials.</summary>
    public string Describe => _opened switch
    {
        SqliteLedger sqlite => "sqlite:" + sqlite.Path,
        PostgresLedger postgres => "postgres:" + postgres.Server,
        _ => _opened.GetType().Name,
    };

    public static async Task<ServerLedger> OpenAsync(string? connection, string workingDirectory, TimeProvider clock, CancellationToken cancellationToken) =>
        new(await LedgerLocation.OpenAsync(connection, workingDirectory, clock, cancellationToken), clock);

    public Task<T> VerdictsAsync<T>(Func<IVerdictLog, Task<T>> call, CancellationToken cancellationToken) => InTurnAsync(() => call(_verdicts), cancellationToken);

    public Task<T> RolloutEventsAsync<T>(Func<IRolloutEventLog, Task<T>> call, CancellationToken cancellationToken) => InTurnAsync(() => call(_events), cancellationToken);

    public Task<T> DeliveryAsync<T>(Func<IDeliveryStore, Task<T>> call, CancellationToken cancellationToken) => InTurnAsync(() => call(_delivery), cancellationToken);

    /// <summary>
    /// Records one request's events (all or none), answering the deploy targets the ledger held before them: on
    /// PostgreSQL with those of concurrent requests in one transaction (<see cref="EventGroupCommit"/>), on SQLite in
    /// its turn on the connection.
    /// </summary>
    public Task<(IReadOnlyList<DeployTarget> Before, IngestCounts Counts)> RecordEventsAsync(IReadOnlyList<DeliveryEvent> events, CancellationToken cancellationToken) =>
        _eventCommits is not null
            ? _eventCommits.RecordAsync(events, cancellationToken)
            : DeliveryAsync(async store => (await store.TargetsAsync(cancellationToken), await store.RecordAsync(events, cancellationToken)), cancellationToken);

    /// <summary>The transactions the events' group commit wrote, and the bodies in them; (0, 0) on SQLite.</summary>
    public (long Batches, long Bodies) EventCommits => _eventCommits?.Recorded ?? (0, 0);

    /// <summary>Event bodies queued for the group commit and not yet taken into a write; 0 on SQLite (for tests).</summary>
    public int EventsWaiting => _eventCommits?.Waiting ?? 0;

    /// <summary>
    /// The host stops (its <c>ApplicationStopping</c>, after the drain): half its <paramref name="grace"/> later, the
    /// events' group commit cancels a write still under way (rolled back) and writes nothing more; those bodies answer
    /// 503. So writes in flight at an ordinary stop finish, and the stop never waits on a hung one to its end.
    /// </summary>
    public void Stopping(TimeSpan grace) => _stopping.CancelAfter(grace / 2);

    private Task<T> InTurnAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken) => _serial.InTurnAsync(call, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_eventCommits is not null)
        {
            await _eventCommits.DisposeAsync();
        }

        await _serial.DisposeAsync();
    }
}
