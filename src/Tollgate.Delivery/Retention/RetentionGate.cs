using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Retention;

/// <summary><c>tollgate retention plan|apply</c>: reads the registry and the ledger's deploy history, plans, and on apply deletes unless the floor refuses.</summary>
public sealed class RetentionGate(IArtifactRegistry registry, IDeliveryStore store)
{
    public async Task<RetentionPlan> PlanAsync(string repository, string service, int keep, CancellationToken cancellationToken)
    {
        var artifacts = await registry.ArtifactsAsync(repository, cancellationToken);
        var deploys = await store.DeploysAsync(service, null, cancellationToken);
        return RetentionPlanner.Plan(service, repository, artifacts, deploys, keep);
    }

    /// <summary>Deletes the plan's manifests, or nothing when the plan has a floor finding.</summary>
    public async Task ApplyAsync(string repository, RetentionPlan plan, CancellationToken cancellationToken)
    {
        if (plan.Findings.Count > 0)
        {
            return;
        }

        foreach (var deletion in plan.Deletions)
        {
            await registry.DeleteAsync(repository, deletion.Digest, cancellationToken);
        }
    }
}
