using Tollgate.Domain.Registry;
using Tollgate.Domain.Reports;
using Tollgate.Ledger.Registry;

namespace Tollgate.Models.Tests.Mlflow;

/// <summary>
/// A real registry whose first recording transaction starts only once every racing import has reached its own, so all
/// of them decide on what the ledger held before any of them records: the interleaving two CI jobs importing one MLflow
/// into one ledger reach by chance, every time. Everything else (and any later transaction) goes straight to the registry.
/// </summary>
internal sealed class RecordingTogether(IModelRegistry registry, Registry.LookingTogether.Runs runs) : PassThroughRegistry(registry)
{
    private bool _waited;

    public override async Task<Report> RecordAllAsync(string what, IReadOnlyList<ModelVersion> versions, IReadOnlyList<StageEvent> stages, IReadOnlyList<AliasEvent> aliases, Func<int, Report> verdict, StageBasis? basis = null, CancellationToken cancellationToken = default)
    {
        if (!_waited)
        {
            _waited = true;
            await runs.LookedAsync();
        }

        return await Inner.RecordAllAsync(what, versions, stages, aliases, verdict, basis, cancellationToken);
    }
}
