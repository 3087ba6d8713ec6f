namespace Tollgate.Server.Integrations;

/// <summary>
/// One check Flagger's <c>pre-rollout</c> (and <c>confirm-rollout</c>) hook runs before any traffic reaches the
/// canary: Prometheus readiness, the manifest lint. Null means the check has nothing against the rollout.
/// </summary>
public interface IPreRolloutCheck
{
    Task<PreRolloutRefusal?> RefuseAsync(PreRollout rollout, CancellationToken cancellationToken);
}
