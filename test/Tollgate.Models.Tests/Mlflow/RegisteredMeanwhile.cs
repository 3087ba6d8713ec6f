using Tollgate.Domain.Delivery;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Reports;
using Tollgate.Ledger.Registry;

namespace Tollgate.Models.Tests.Mlflow;

/// <summary>
/// A real registry where another run (<paramref name="meanwhile"/>) writes right before the import's recording
/// transaction starts: after the import looked at what the ledger holds, before it records. Everything else goes
/// straight to the registry.
/// </summary>
internal sealed class RegisteredMeanwhile(IModelRegistry registry, Func<Task> meanwhile) : IModelRegistry
{
    public async Task<Report> RecordAllAsync(string what, IReadOnlyList<ModelVersion> versions, IReadOnlyList<StageEvent> stages, IReadOnlyList<AliasEvent> aliases, Func<int, Report> verdict, StageBasis? basis = null, CancellationToken cancellationToken = default)
    {
        await meanwhile();
        return await registry.RecordAllAsync(what, versions, stages, aliases, verdict, basis, cancellationToken);
    }

    public Task<ModelVersion?> FindAsync(string name, string version, CancellationToken cancellationToken = default) => registry.FindAsync(name, version, cancellationToken);

    public Task<bool> RegisterAsync(ModelVersion version, CancellationToken cancellationToken = default) => registry.RegisterAsync(version, cancellationToken);

    public Task<bool> RegisterAsync(ModelVersion version, Report verdict, CancellationToken cancellationToken = default) => registry.RegisterAsync(version, verdict, cancellationToken);

    public Task<IReadOnlyList<ModelVersion>> VersionsAsync(string name, CancellationToken cancellationToken = default) => registry.VersionsAsync(name, cancellationToken);

    public Task<IReadOnlyList<ModelVersion>> TrainedOnAsync(string digest, CancellationToken cancellationToken = default) => registry.TrainedOnAsync(digest, cancellationToken);

    public Task RecordStagesAsync(IReadOnlyList<StageEvent> events, StageBasis? basis = null, CancellationToken cancellationToken = default) => registry.RecordStagesAsync(events, basis, cancellationToken);

    public Task<IReadOnlyList<StageEvent>> StagesAsync(string name, CancellationToken cancellationToken = default) => registry.StagesAsync(name, cancellationToken);

    public Task RecordAliasAsync(AliasEvent alias, CancellationToken cancellationToken = default) => registry.RecordAliasAsync(alias, cancellationToken);

    public Task RecordDrillAsync(Drill drill, Report verdict, CancellationToken cancellationToken = default) => registry.RecordDrillAsync(drill, verdict, cancellationToken);

    public Task<IReadOnlyList<AliasEvent>> AliasesAsync(string name, CancellationToken cancellationToken = default) => registry.AliasesAsync(name, cancellationToken);
}
