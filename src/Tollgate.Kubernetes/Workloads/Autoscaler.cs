using k8s.Models;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Workloads;

/// <summary>
/// A HorizontalPodAutoscaler (<c>autoscaling/v1</c> or <c>v2</c>): what it scales, its bounds and how fast it may
/// scale up (<c>behavior.scaleUp</c>: a stabilization window, default 0 s, and rate policies).
/// </summary>
public sealed record Autoscaler(KubeObject Source, string TargetKind, string TargetName, int MinReplicas, int MaxReplicas)
{
    public TimeSpan ScaleUpStabilization { get; init; }

    /// <summary><c>behavior.scaleUp.selectPolicy</c>: <c>Max</c> (default), <c>Min</c> or <c>Disabled</c>.</summary>
    public string ScaleUpSelect { get; init; } = "Max";

    public IReadOnlyList<V2HPAScalingPolicy> ScaleUpPolicies { get; init; } = [];

    public string Address => Source.Address;

    public override string ToString() => Source.ToString();
}
