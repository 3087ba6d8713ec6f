using Tollgate.Domain.Delivery;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Reports;
using Tollgate.Ledger.Registry;

namespace Tollgate.Models.Tests;

/// <summary>
/// A real registry passed through member by member: a test's racing registry derives from it and overrides only the
/// call where another run steps in.
/// </summary>
internal abstract class PassThroughRegistry(IModelRegistry inner) : IModelRegistry
{
    protected IModelRegistry Inner { get; } = inner;

    public virtual Task<ModelVersion?> FindAsync(string name, string version, CancellationToken cancellationToken = default) => Inner.FindAsync(name, version, cancellationToken);

    public virtual Task<bool> RegisterAsync(ModelVersion version, CancellationToken cancellationToken = default) => Inner.RegisterAsync(version, cancellationToken);

    public virtual Task<bool> RegisterAsync(ModelVersion version, Report verdict, CancellationToken cancellationToken = default) => Inner.RegisterAsync(version, verdict, cancellationToken);

    public virtual Task<IReadOnlyList<ModelVersion>> VersionsAsync(string name, CancellationToken cancellationToken = default) => Inner.VersionsAsync(name, cancellationToken);

    public virtual Task<IReadOnlyList<ModelVersion>> TrainedOnAsync(string digest, CancellationToken cancellationToken = default) => Inner.TrainedOnAsync(digest, cancellationToken);

    public virtual Task RecordStagesAsync(IReadOnlyList<StageEvent> events, StageBasis? basis = null, CancellationToken cancellationToken = default) => Inner.RecordStagesAsync(events, basis, cancellationToken);

    public virtual Task<IReadOnlySet<string>> KnownAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken = default) => Inner.KnownAsync(names, cancellationToken);

    public virtual Task<IReadOnlyList<StageEvent>> StagesAsync(string name, CancellationToken cancellationToken = default) => Inner.StagesAsync(name, cancellationToken);

    public virtual Task RecordAliasAsync(AliasEvent alias, CancellationToken cancellationToken = default) => Inner.RecordAliasAsync(alias, cancellationToken);

    public virtual Task<Report> RecordAllAsync(string what, IReadOnlyList<ModelVersion> versions, IReadOnlyList<StageEvent> stages, IReadOnlyList<AliasEvent> aliases, Func<int, Report> verdict, StageBasis? basis = null, CancellationToken cancellationToken = default) =>
        Inner.RecordAllAsync(what, versions, stages, aliases, verdict, basis, cancellationToken);

    public virtual Task RecordDrillAsync(Drill drill, Report verdict, CancellationToken cancellationToken = default) => Inner.RecordDrillAsync(drill, verdict, cancellationToken);

    public virtual Task<IReadOnlyList<AliasEvent>> AliasesAsync(string name, CancellationToken cancellationToken = default) => Inner.AliasesAsync(name, cancellationToken);
}
