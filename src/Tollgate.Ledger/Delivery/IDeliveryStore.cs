using Tollgate.Domain.Delivery;
using Tollgate.Domain.Dora;

namespace Tollgate.Ledger.Delivery;

/// <summary>
/// Deploys, incidents, changes and drills in the ledger, for DORA, watch windows, retention and drills. Writes are
/// idempotent by event id and a batch is one transaction: a bad batch records nothing.
/// </summary>
public interface IDeliveryStore
{
    /// <summary>Records the events not yet recorded, in order, in one transaction.</summary>
    Task<IngestCounts> RecordAsync(IReadOnlyList<DeliveryEvent> events, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records batches as they arrive, in order, in one transaction: a batch source that fails (a bad event further
    /// on) ends it with nothing recorded. <paramref name="expected"/>: about how many events will come (a bulk load
    /// may be written differently, never with another result). <paramref name="stages"/>: where the time went, if wanted.
    /// </summary>
    Task<IngestCounts> RecordAsync(IAsyncEnumerable<IReadOnlyList<DeliveryEvent>> batches, int expected, IngestStages? stages = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Records <paramref name="events"/> in one transaction after <paramref name="check"/> has seen the names the ledger
    /// knows (<see cref="KnownNames"/>), read inside that transaction under the ledger's write lock: no other writer
    /// records a deploy or a drill between the check and the insert, so two processes starting near-duplicate new names
    /// at once cannot both pass it. A check that throws records nothing.
    /// </summary>
    Task<IngestCounts> RecordCheckedAsync(IReadOnlyList<DeliveryEvent> events, Action<KnownNames> check, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a deploy's start (<paramref name="started"/>) once <paramref name="check"/> has passed, the check and the
    /// record serialized against every other claim of the same service and environment: a claim begun while another is
    /// between its check and its record waits for that record, and its check reads it. So of several <c>deploy run</c>s
    /// started at once one records its deploy and the others' checks refuse. The check reads the ledger through its
    /// ordinary reads (the store's, the verdict log's). SQLite: one <c>BEGIN IMMEDIATE</c> transaction on the ledger's
    /// connection, the check's reads inside it; PostgreSQL: one transaction that first takes a transaction-scoped advisory
    /// lock on the service and environment (the check reads committed rows on other connections: every earlier claim has
    /// committed). With <paramref name="names"/>, the near-duplicate check of <see cref="RecordCheckedAsync"/> is made in
    /// the same write. A check that throws records nothing.
    /// </summary>
    Task<IngestCounts> ClaimAsync(DeployEvent started, Func<CancellationToken, Task> check, Action<KnownNames>? names, CancellationToken cancellationToken = default);

    /// <summary>
    /// Closes <paramref name="deploy"/> (by its id) if it is still running, in one statement: a caller that judged this
    /// deploy closes this one, never another started meanwhile. Null when it is not running any more (another writer
    /// finished it first) or not recorded; nothing is written then.
    /// </summary>
    Task<Deploy?> FinishAsync(Deploy deploy, DeployResult result, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Deploys, oldest first by start time, optionally of one service and one environment, with their changes and what a watch made of them.</summary>
    Task<IReadOnlyList<Deploy>> DeploysAsync(string? service, string? environment, CancellationToken cancellationToken = default);

    /// <summary>
    /// The deploy recorded under <paramref name="id"/> (its ledger key, <see cref="Deploy.Id"/>), with its changes and
    /// what a watch made of it; null when none is. Reads that deploy only, through the unique index on the key.
    /// </summary>
    Task<Deploy?> DeployAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// The newest deploy (by start time, then ledger order) of a service in an environment still running, with its
    /// changes; null when none runs. Reads that deploy only, through the index on service, environment and start.
    /// </summary>
    Task<Deploy?> NewestRunningAsync(string service, string environment, CancellationToken cancellationToken = default);

    /// <summary>
    /// The newest deploy (by start time, then ledger order) of a service in an environment started after
    /// <paramref name="after"/> and no later than <paramref name="by"/>, with its changes; null when none did. Indexed as
    /// <see cref="NewestRunningAsync"/>.
    /// </summary>
    Task<Deploy?> NewestStartedAsync(string service, string environment, DateTimeOffset after, DateTimeOffset by, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every service and environment with a deploy recorded, ordered by name (what "did you mean" chooses from), read
    /// from the index on service and environment.
    /// </summary>
    Task<IReadOnlyList<DeployTarget>> TargetsAsync(CancellationToken cancellationToken = default);

    /// <summary>Incidents, oldest first by detection, optionally of one service.</summary>
    Task<IReadOnlyList<Incident>> IncidentsAsync(string? service, CancellationToken cancellationToken = default);

    /// <summary>
    /// What DORA needs for one window without reading every deploy: the window's deploy days (kept at ingest), the
    /// sparse deploys failure and recovery look at, and the incidents, optionally of one service (and those naming none).
    /// </summary>
    Task<DoraFacts> DoraFactsAsync(string? service, DoraWindow window, CancellationToken cancellationToken = default);

    Task RecordDrillAsync(Drill drill, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records <paramref name="drill"/> as <see cref="RecordCheckedAsync"/> records events: after <paramref name="check"/>
    /// has seen the names the ledger knows, read in the same transaction under the write lock. A check that throws records nothing.
    /// </summary>
    Task RecordDrillCheckedAsync(Drill drill, Action<KnownNames> check, CancellationToken cancellationToken = default);

    /// <summary>Drills, oldest first, optionally of one service.</summary>
    Task<IReadOnlyList<Drill>> DrillsAsync(string? service, CancellationToken cancellationToken = default);
}
