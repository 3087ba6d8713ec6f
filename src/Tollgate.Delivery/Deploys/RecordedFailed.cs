using Tollgate.Domain.Delivery;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Deploys;

/// <summary>
/// Why <c>deploy watch</c> refuses a newest deploy already recorded failed (<c>deploy finish --result failed</c>, a
/// failed ingested event, a watch that failed with nothing to roll back to): a watch can only promote or roll back what
/// may be live and good, and "promote" of a known failure would let a pipeline's next stage go on. It says what to roll
/// back to, as the watch would have chosen (<see cref="RollbackTarget"/>), and how to record the rollback so DORA counts
/// the recovery.
/// </summary>
public static class RecordedFailed
{
    /// <param name="connection">The ledger and policy options the user gave, carried by the printed commands.</param>
    public static async Task<string> ExplainAsync(IDeliveryStore store, Deploy failed, CancellationToken cancellationToken, string connection = "")
    {
        var (service, environment) = (failed.Service, failed.Environment);
        var head = $"{failed.Version} of {service} in {environment} is recorded failed: nothing to watch or promote, and nothing was recorded";
        var target = await RollbackTarget.ReadAsync(store, failed, cancellationToken);
        return target is null
            ? $"{head}; no earlier successful deploy of another version of {service} in {environment} that no rollback undid is recorded, so there is nothing to roll back to: deploy a fix"
            : $"{head}; roll back to {target.Describe()} and record it with tollgate deploy start {service} --version {target.Deploy.Version} --env {environment} --intent rollback{connection}, then tollgate deploy finish {service} --env {environment} --result success{connection}";
    }
}
