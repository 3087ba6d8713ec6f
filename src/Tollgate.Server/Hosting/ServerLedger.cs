using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Ledger;
using Tollgate.Ledger;
using Tollgate.Ledger.Delivery;
using Tollgate.Ledger.Registry;
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
    private readonly IModelRegistry _models;
    private readonly GroupCommit<IReadOnlyList<DeliveryEvent>, (IReadOnlyList<DeployTarget> Before, IngestCounts Counts)> _eventCommits;
    private readonly CancellationTokenSource _stopping = new();
    private readonly LastWriteFault _writes;

    private ServerLedger(ILedger opened, TimeProvider clock)
    {
        _opened = opened;
        SemaphoreSlim? turn;
        SchemaWatch schema;
        Func<IReadOnlyList<VerdictRow>, CancellationToken, Task<IReadOnlyList<long>>> recordAll;
        if (opened is SqliteLedger sqlite)
        {
            turn = new SemaphoreSlim(1, 1); // the one connection: the events' batches take their turn on it too
            schema = new SchemaWatch((_, token) => sqlite.NewerSchemaAsync(token), clock, sqlite.Moved);
            recordAll = sqlite.RecordAllAsync;
        }
        else
        {
            var postgres = opened as PostgresLedger ?? throw new InvalidOperationException($"no group commit for {opened.GetType().Name}");
            turn = null;
            schema = new SchemaWatch(postgres.NewerSchemaAsync, clock);
            recordAll = postgres.RecordAllAsync;
        }

        _writes = new LastWriteFault(clock);
        _serial = new SerialLedger(opened, turn, Verdicts((rows, stopping) => _writes.WatchAsync(async () =>
            {
                var doing = rows.Count == 1 ? "record the verdict in" : "record the verdicts in";
                await schema.EnsureAsync(stopping, doing);
                var ids = await recordAll(rows, stopping);
                schema.Kept(doing);
                return ids;
            }), turn, _stopping.Token), schema, _writes);
        var grouped = (IGroupedIngest)DeliveryStore.Of(opened);
        _eventCommits = new((bodies, stopping) => _writes.WatchAsync(async () =>
            {
                await schema.EnsureAsync(stopping, "record events in");
                var recorded = await grouped.RecordEachAsync(bodies, stopping);
                schema.Kept("record events in");
                return (IReadOnlyList<(IReadOnlyList<DeployTarget>, IngestCounts)>)[.. recorded.Before.Zip(recorded.Counts)];
            }),
            MaxEventBodies, turn, OneBodysFault, "cannot record events: the server is shutting down; nothing was recorded: send them again", _stopping.Token);
        _verdicts = LedgerViews.Verdicts(opened);
        _events = LedgerViews.RolloutEvents(opened, clock);
        _delivery = DeliveryStore.Of(opened);
        _models = ModelRegistry.Of(opened);
    }

    private const int MaxVerdicts = 256;
    private const int MaxEventBodies = 64;

    /// <summary>
    /// Verdicts by group commit: a failed batch fails every verdict in it, and a stop cuts one under way as it cuts the
    /// events' (half the grace after it began, rolled back; a verdict write is short, and one its answer did not wait
    /// for is logged either way: <see cref="Integrations.LateRecords"/>).
    /// </summary>
    private static GroupCommit<VerdictRow, long> Verdicts(Func<IReadOnlyList<VerdictRow>, CancellationToken, Task<IReadOnlyList<long>>> recordAll, SemaphoreSlim? turn, CancellationToken stopping) =>
        new(recordAll, MaxVerdicts, turn, _ => false, "cannot record the verdict: the server is shutting down; nothing was recorded", stopping);

    /// <summary>A bad event in one body fails its whole batch: each body is then written again on its own. The ledger's own faults fail them all.</summary>
    private static bool OneBodysFault(Exception e) => e is InvalidInputException { LedgerFault: false, ToolFault: false };

    /// <summary>What a gate records to.</summary>
    public ILedger Ledger => _serial;

    /// <summary>A recorded report's compact JSON, written once for the ledger and the answer.</summary>
    public byte[] ReportUtf8(Domain.Reports.Report report) => _serial.Rendered.Utf8(report);

    /// <summary>The transactions the verdicts' group commit wrote, the verdicts in them, those waiting for one and those in the one under way (for <c>/metrics</c>).</summary>
    public (long Batches, long Items, int Waiting, int Writing) VerdictCommits =>
        (_serial.Commits.Recorded.Batches, _serial.Commits.Recorded.Items, _serial.Commits.Waiting, _serial.Commits.Writing);

    /// <summary>Where the ledger is, without credentials.</summary>
    public string Describe => _opened switch
    {
        SqliteLedger sqlite => "sqlite:" + sqlite.Path,
        PostgresLedger postgres => "postgres:" + postgres.Server,
        _ => _opened.GetType().Name,
    };

    /// <summary>
    /// Opens the ledger. A PostgreSQL connection that sets no <c>command_timeout</c> (the CLI's default: no limit, for a
    /// load's long recounts) gets <paramref name="statementLimit"/>: the verdicts' and events' writes are on the request
    /// path and never cancelled by a request, so a statement another session's lock holds fails its batch (the gates
    /// answer unrecorded) instead of hanging the one writer, and every request and the stop behind it. The migrations at
    /// start are not bounded by it (only by the connection's own): a replica waits for another one migrating, and for a
    /// long writer of a table a step changes, however long, and <paramref name="wait"/> hears what it waits for.
    /// </summary>
    public static async Task<ServerLedger> OpenAsync(string? connection, string workingDirectory, TimeProvider clock, TimeSpan statementLimit, StartupWait? wait, CancellationToken cancellationToken) =>
        new(await LedgerLocation.OpenAsync(connection, workingDirectory, clock, ServersLimit(statementLimit), cancellationToken, wait), clock);

    /// <summary>Serve's own limit, said as such when a statement runs past it: it is not in the user's connection string.</summary>
    private static StatementLimit ServersLimit(TimeSpan statementLimit) => new(
        Math.Max(1, (int)Math.Ceiling(statementLimit.TotalSeconds)),
        "tollgate serve's own limit, as the connection string sets no command_timeout",
        "set command_timeout=N in the connection string (Command Timeout=N among keywords) to change it");

    /// <summary>
    /// One cheap read (the newest verdict), waited for at most 2 s: null when the ledger answered and its last write did
    /// not fail (<see cref="LastWriteFault"/>), else why not, in the words <c>/readyz</c> answers. <c>/readyz</c> asks it on every probe, and the server once before it listens (the
    /// pool's first connection, the query's first plan), so both say the same of the same ledger.
    /// </summary>
    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await VerdictsAsync(log => log.ListAsync(new VerdictQuery(1), deadline.Token), deadline.Token);
            return _writes.Recent();
        }
        catch (Exception e) when (e is InvalidInputException or System.Data.Common.DbException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return e is OperationCanceledException ? $"the ledger ({Describe}) did not answer within 2s" : e.Message;
        }
    }

    // Reads, each refused as "cannot read the ledger" when the watch finds it newer or moved: a write goes through
    // RecordRolloutEventAsync and the like, in a write's words and watched for /readyz (LastWriteFault).
    public Task<T> VerdictsAsync<T>(Func<IVerdictLog, Task<T>> call, CancellationToken cancellationToken) => InTurnAsync(() => call(_verdicts), cancellationToken);

    public Task<T> RolloutEventsAsync<T>(Func<IRolloutEventLog, Task<T>> call, CancellationToken cancellationToken) => InTurnAsync(() => call(_events), cancellationToken);

    public Task<T> ModelsAsync<T>(Func<IModelRegistry, Task<T>> call, CancellationToken cancellationToken) => InTurnAsync(() => call(_models), cancellationToken);

    public Task<T> DeliveryAsync<T>(Func<IDeliveryStore, Task<T>> call, CancellationToken cancellationToken) => InTurnAsync(() => call(_delivery), cancellationToken);

    /// <summary>
    /// Records a rollout event once per revision (true when this call did), in its turn: refused as a write ("cannot record a
    /// rollout event in the ledger"), and a failure for the ledger's sake makes <c>/readyz</c> 503 as any write's does.
    /// </summary>
    public Task<bool> RecordRolloutEventAsync(RolloutEvent rolloutEvent, CancellationToken cancellationToken) =>
        _writes.WatchAsync(() => _serial.InTurnAsync(() => _events.RecordOnceAsync(rolloutEvent, cancellationToken), cancellationToken, "record a rollout event in"));

    /// <summary>
    /// Records one request's events (all or none), answering the deploy targets the ledger held before them, with those
    /// of concurrent requests in one transaction (<see cref="GroupCommit{TItem, TResult}"/>; on SQLite in its turn on the connection).
    /// </summary>
    public Task<(IReadOnlyList<DeployTarget> Before, IngestCounts Counts)> RecordEventsAsync(IReadOnlyList<DeliveryEvent> events, CancellationToken cancellationToken) =>
        _eventCommits.RecordAsync(events, cancellationToken);

    /// <summary>The transactions the events' group commit wrote, the bodies in them, those waiting for one and those in the one under way (for <c>/metrics</c>).</summary>
    public (long Batches, long Items, int Waiting, int Writing) EventCommits =>
        (_eventCommits.Recorded.Batches, _eventCommits.Recorded.Items, _eventCommits.Waiting, _eventCommits.Writing);

    /// <summary>
    /// The host stops (its <c>ApplicationStopping</c>, after the drain): half its <paramref name="grace"/> later, the
    /// events' and the verdicts' group commits cancel a write still under way (rolled back) and write nothing more;
    /// those bodies answer 503, those verdicts not recorded. So writes in flight at an ordinary stop finish, and the stop never waits on a hung one to its end.
    /// </summary>
    public void Stopping(TimeSpan grace) => _stopping.CancelAfter(grace / 2);

    private Task<T> InTurnAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken) => _serial.InTurnAsync(call, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _eventCommits.DisposeAsync();

        await _serial.DisposeAsync();
    }
}
