namespace Tollgate.Kubernetes.Workloads;

/// <summary>
/// An Argo Rollout's <c>strategy.canary</c>: its steps and whether traffic is routed by a mesh or ingress
/// (<c>trafficRouting</c>); without routing, Argo approximates each weight with pod counts.
/// </summary>
public sealed record RolloutCanary(IReadOnlyList<CanaryStep> Steps, bool TrafficRouted);
