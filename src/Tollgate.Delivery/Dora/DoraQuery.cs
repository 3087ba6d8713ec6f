using Tollgate.Domain.Dora;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Dora;

/// <summary>Reads the ledger's deploys and incidents and computes DORA's five metrics for one window.</summary>
public static class DoraQuery
{
    public static async Task<DoraResult> RunAsync(
        IDeliveryStore store, string? service, string? environment, DoraWindow window, DoraDefinitions definitions, CancellationToken cancellationToken)
    {
        var deploys = await store.DeploysAsync(service, null, cancellationToken);
        var incidents = await store.IncidentsAsync(null, cancellationToken);
        var ofService = service is null ? incidents : incidents.Where(i => i.Service == service || i.Service.Length == 0).ToList();
        return DoraCalculator.Compute(deploys, ofService, window, environment, definitions);
    }
}
