using Tollgate.Domain.Registry;
using Tollgate.Domain.Reports;
using Tollgate.Ledger.Registry;

namespace Tollgate.Models.Tests.Mlflow;

/// <summary>
/// A real registry where another run (<paramref name="meanwhile"/>) writes right before the import's recording
/// transaction starts: after the import looked at what the ledger holds, before it records. Everything else goes
/// straight to the registry.
/// </summary>
internal sealed class RegisteredMeanwhile(IModelRegistry registry, Func<Task> meanwhile) : PassThroughRegistry(registry)
{
    public override async Task<Report> RecordAllAsync(string what, IReadOnlyList<ModelVersion> versions, IReadOnlyList<StageEvent> stages, IReadOnlyList<AliasEvent> aliases, Func<int, Report> verdict, StageBasis? basis = null, CancellationToken cancellationToken = default)
    {
        await meanwhile();
        return await Inner.RecordAllAsync(what, versions, stages, aliases, verdict, basis, cancellationToken);
    }
}
