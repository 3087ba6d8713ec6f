using Tollgate.Domain.Delivery;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Reports;

namespace Tollgate.Ledger.Registry;

/// <summary>
/// The model registry in the ledger: versions with their training datasets by content digest, stages and aliases as
/// append-only events. Each write is one transaction; lookups go through indexes (name and version, dataset digest,
/// name and time), so they stay in milliseconds at 100,000 versions.
/// </summary>
public interface IModelRegistry
{
    /// <summary>Records a version and its datasets; false (nothing written) when NAME@VERSION is already registered.</summary>
    Task<bool> RegisterAsync(ModelVersion version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Registers <paramref name="version"/> and records <paramref name="verdict"/> in one transaction, only when
    /// NAME@VERSION is not registered yet (the insert decides, under SQLite's write lock or PostgreSQL's unique index, so
    /// of runs registering one version at once exactly one does): true when both were recorded; false, with nothing
    /// recorded (the verdict neither), when another writer registered it first. A failure's one line starts "cannot
    /// record a registration in the ledger at …".
    /// </summary>
    Task<bool> RegisterAsync(ModelVersion version, Report verdict, CancellationToken cancellationToken = default);

    /// <summary>One version with its datasets as one consistent read (never a version without the datasets it was registered with), or null.</summary>
    Task<ModelVersion?> FindAsync(string name, string version, CancellationToken cancellationToken = default);

    /// <summary>Every version of a model with its datasets, oldest registration first.</summary>
    Task<IReadOnlyList<ModelVersion>> VersionsAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Which of <paramref name="names"/> the registry knows (a version registered or a stage event recorded under the
    /// name), in one query over the indexes on name, however many names and however long their histories.
    /// </summary>
    Task<IReadOnlySet<string>> KnownAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken = default);

    /// <summary>The versions (of any model) a dataset with this digest trained, oldest first, with their datasets.</summary>
    Task<IReadOnlyList<ModelVersion>> TrainedOnAsync(string digest, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends stage events in one transaction (a promotion retires the old version in the same step); with a
    /// <paramref name="basis"/>, only if the model's stage history is still the one the moves were decided on.
    /// </summary>
    Task RecordStagesAsync(IReadOnlyList<StageEvent> events, StageBasis? basis = null, CancellationToken cancellationToken = default);

    /// <summary>A model's stage events, oldest first (ties in the order recorded).</summary>
    Task<IReadOnlyList<StageEvent>> StagesAsync(string name, CancellationToken cancellationToken = default);

    Task RecordAliasAsync(AliasEvent alias, CancellationToken cancellationToken = default);

    /// <summary>
    /// Registers the versions not yet registered (as <see cref="RegisterAsync"/>), appends the stage events and alias
    /// moves, then records in the ledger the verdict <paramref name="verdict"/> makes of the number of versions newly
    /// registered, all in one transaction: a failure records none of them, the verdict included. How a decision is
    /// recorded with the registry rows it changes (an import what it read, a registration its version, a promotion,
    /// shadow or rollback its stage moves), so the ledger never holds a verdict without its rows or rows without their
    /// verdict. <paramref name="what"/> names the decision in a failure's one line ("cannot record WHAT in the ledger
    /// at …"). The verdict recorded. With a <paramref name="basis"/>, nothing is recorded unless the model's stage history
    /// is still the one the decision was made on (<see cref="StageBasis"/>).
    /// </summary>
    Task<Report> RecordAllAsync(string what, IReadOnlyList<ModelVersion> versions, IReadOnlyList<StageEvent> stages, IReadOnlyList<AliasEvent> aliases, Func<int, Report> verdict, StageBasis? basis = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a model's rollback drill (a drill of <c>model:NAME</c>, as <c>tollgate drill record</c> records one) and
    /// the drill's verdict in one transaction: a failure records neither. The stage moves the drill made were recorded
    /// as it made them (<see cref="RecordStagesAsync"/>). A failure's one line starts "cannot record a drill in the
    /// ledger at …".
    /// </summary>
    Task RecordDrillAsync(Drill drill, Report verdict, CancellationToken cancellationToken = default);

    /// <summary>A model's alias moves, oldest first.</summary>
    Task<IReadOnlyList<AliasEvent>> AliasesAsync(string name, CancellationToken cancellationToken = default);
}
