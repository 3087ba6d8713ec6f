using System.Text.Json.Nodes;

namespace Tollgate.Kubernetes.Workloads;

/// <summary>
/// One step of an Argo Rollout's canary: a <c>setWeight</c> (percent of traffic, or of pods without traffic routing)
/// or a <c>pause</c> (<see cref="Pause"/> null for a pause that waits for a person).
/// </summary>
public sealed record CanaryStep(int Index, int? Weight, bool IsPause, TimeSpan? Pause, JsonNode Node);
