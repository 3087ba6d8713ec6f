using Tollgate.Domain.Registry;
using Tollgate.Domain.Reports;
using Tollgate.Ledger.Registry;

namespace Tollgate.Models.Tests.Mlflow;

/// <summary>
/// A real registry whose look at a model's versions always comes before another run registered them: it lists none, so
/// every look finds absent what the transaction finds held, as an import racing a run that registers between each of its
/// looks and transactions would. Counts the recording transactions; everything else goes straight to the registry.
/// </summary>
internal sealed class StaleLook(IModelRegistry registry) : PassThroughRegistry(registry)
{
    public int Transactions { get; private set; }

    public override Task<IReadOnlyList<ModelVersion>> VersionsAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ModelVersion>>([]);

    public override Task<Report> RecordAllAsync(string what, IReadOnlyList<ModelVersion> versions, IReadOnlyList<StageEvent> stages, IReadOnlyList<AliasEvent> aliases, Func<int, Report> verdict, StageBasis? basis = null, CancellationToken cancellationToken = default)
    {
        Transactions++;
        return Inner.RecordAllAsync(what, versions, stages, aliases, verdict, basis, cancellationToken);
    }
}
