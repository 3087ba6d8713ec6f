using k8s.Models;

namespace Tollgate.Kubernetes.Workloads;

/// <summary>
/// How a workload replaces its pods: <see cref="Type"/> as the controller names it (<c>RollingUpdate</c>,
/// <c>Recreate</c>, <c>OnDelete</c>, <c>Canary</c>, <c>BlueGreen</c>) and the rolling bounds with their defaults
/// applied (null where the strategy has none).
/// </summary>
public sealed record UpdateStrategy(string Type, IntOrString? MaxUnavailable, IntOrString? MaxSurge)
{
    /// <summary>False for <c>Recreate</c> and <c>OnDelete</c>: nothing rolls, so pace and readiness gaps do not apply.</summary>
    public bool Rolls => Type is not ("Recreate" or "OnDelete");

    /// <summary>The YAML path the bounds are set under, for messages and suggestions.</summary>
    public string Path { get; init; } = "spec.strategy.rollingUpdate";
}
