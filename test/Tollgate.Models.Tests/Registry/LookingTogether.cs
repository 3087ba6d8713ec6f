using Tollgate.Domain.Delivery;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Reports;
using Tollgate.Ledger.Registry;

namespace Tollgate.Models.Tests.Registry;

/// <summary>
/// A real registry whose first look (<see cref="FindAsync"/>) returns only once every racing run has looked, so all of
/// them decide on what was registered before any of them writes: the interleaving separate processes reach by chance,
/// every time. Everything else goes straight to the registry.
/// </summary>
internal sealed class LookingTogether(IModelRegistry registry, LookingTogether.Runs runs) : IModelRegistry
{
    private bool _looked;

    /// <summary>How many runs race; their first looks wait for one another.</summary>
    public sealed class Runs(int count)
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _waiting = count;

        public Task LookedAsync()
        {
            if (Interlocked.Decrement(ref _waiting) == 0)
            {
                _all.SetResult();
            }

            return _all.Task.WaitAsync(TimeSpan.FromMinutes(1));
        }
    }

    public async Task<ModelVersion?> FindAsync(string name, string version, CancellationToken cancellationToken = default)
    {
        var found = await registry.FindAsync(name, version, cancellationToken);
        if (!_looked)
        {
            _looked = true;
            await runs.LookedAsync();
        }

        return found;
    }

    public Task<bool> RegisterAsync(ModelVersion version, CancellationToken cancellationToken = default) => registry.RegisterAsync(version, cancellationToken);

    public Task<bool> RegisterAsync(ModelVersion version, Report verdict, CancellationToken cancellationToken = default) => registry.RegisterAsync(version, verdict, cancellationToken);

    public Task<IReadOnlyList<ModelVersion>> VersionsAsync(string name, CancellationToken cancellationToken = default) => registry.VersionsAsync(name, cancellationToken);

    public Task<IReadOnlyList<ModelVersion>> TrainedOnAsync(string digest, CancellationToken cancellationToken = default) => registry.TrainedOnAsync(digest, cancellationToken);

    public Task RecordStagesAsync(IReadOnlyList<StageEvent> events, StageBasis? basis = null, CancellationToken cancellationToken = default) => registry.RecordStagesAsync(events, basis, cancellationToken);

    public Task<IReadOnlyList<StageEvent>> StagesAsync(string name, CancellationToken cancellationToken = default) => registry.StagesAsync(name, cancellationToken);

    public Task RecordAliasAsync(AliasEvent alias, CancellationToken cancellationToken = default) => registry.RecordAliasAsync(alias, cancellationToken);

    public Task<Report> RecordAllAsync(string what, IReadOnlyList<ModelVersion> versions, IReadOnlyList<StageEvent> stages, IReadOnlyList<AliasEvent> aliases, Func<int, Report> verdict, StageBasis? basis = null, CancellationToken cancellationToken = default) =>
        registry.RecordAllAsync(what, versions, stages, aliases, verdict, basis, cancellationToken);

    public Task RecordDrillAsync(Drill drill, Report verdict, CancellationToken cancellationToken = default) => registry.RecordDrillAsync(drill, verdict, cancellationToken);

    public Task<IReadOnlyList<AliasEvent>> AliasesAsync(string name, CancellationToken cancellationToken = default) => registry.AliasesAsync(name, cancellationToken);
}
