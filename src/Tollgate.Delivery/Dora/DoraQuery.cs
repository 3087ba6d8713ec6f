using Tollgate.Domain.Dora;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Dora;

/// <summary>
/// Computes DORA's five metrics for one window from the ledger's deploy days and sparse deploys
/// (<see cref="DoraFacts"/>): the numbers of <see cref="DoraCalculator"/> over the full history, without reading it.
/// </summary>
public static class DoraQuery
{
    public static async Task<DoraResult> RunAsync(
        IDeliveryStore store, string? service, string? environment, DoraWindow window, DoraDefinitions definitions, CancellationToken cancellationToken)
    {
        var facts = await store.DoraFactsAsync(service, window, cancellationToken);
        return DoraCalculator.Compute(facts, window, environment, definitions);
    }

    /// <summary>The same numbers from every deploy and incident in the ledger: the reference the fast path is tested against.</summary>
    public static async Task<DoraResult> RunFromHistoryAsync(
        IDeliveryStore store, string? service, string? environment, DoraWindow window, DoraDefinitions definitions, CancellationToken cancellationToken)
    {
        var deploys = await store.DeploysAsync(service, null, cancellationToken);
        var incidents = await store.IncidentsAsync(null, cancellationToken);
        var ofService = service is null ? incidents : incidents.Where(i => i.Service == service || i.Service.Length == 0).ToList();
        return DoraCalculator.Compute(deploys, ofService, window, environment, definitions);
    }
}
