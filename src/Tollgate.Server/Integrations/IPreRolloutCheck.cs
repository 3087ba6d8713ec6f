namespace Tollgate.Server.Integrations;

/// <summary>
/// One check Flagger's <c>pre-rollout</c> hook runs before any traffic reaches the canary: Prometheus readiness today;
/// the manifest lint plugs in here. Null means the check has nothing against the rollout.
/// </summary>
public interface IPreRolloutCheck
{
    Task<string?> RefuseAsync(PreRollout rollout, CancellationToken cancellationToken);
}
