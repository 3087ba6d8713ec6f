using Tollgate.Domain.Registry;
using Tollgate.Ledger.Registry;

namespace Tollgate.Models.Tests.Registry;

/// <summary>
/// A real registry whose first look (<see cref="FindAsync"/>) returns only once every racing run has looked, so all of
/// them decide on what was registered before any of them writes: the interleaving separate processes reach by chance,
/// every time. Everything else goes straight to the registry.
/// </summary>
internal sealed class LookingTogether(IModelRegistry registry, LookingTogether.Runs runs) : PassThroughRegistry(registry)
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

    public override async Task<ModelVersion?> FindAsync(string name, string version, CancellationToken cancellationToken = default)
    {
        var found = await Inner.FindAsync(name, version, cancellationToken);
        if (!_looked)
        {
            _looked = true;
            await runs.LookedAsync();
        }

        return found;
    }
}
