using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Workloads;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/max-unavailable</c>: a rolling update whose <c>maxUnavailable</c> (rounded down, as the controller does)
/// reaches the number of pods, at the HPA's <c>minReplicas</c> when one scales the workload: the update may take
/// every pod down before a new one is ready. Where <c>maxSurge</c> (rounded up) and <c>maxUnavailable</c> both come to
/// 0, the controller takes 1 pod down (<see cref="Scaled.Unavailable"/>): all of a 1-pod workload.
/// </summary>
public sealed class MaxUnavailableRule : IManifestRule
{
    public RuleInfo Info { get; } = new("k8s/max-unavailable", Severity.High, "The rolling update may take every pod down at once (maxUnavailable ≥ replicas)") { Pillar = ManifestRules.Pillar };

    public IEnumerable<Finding> Evaluate(ManifestSet set)
    {
        foreach (var workload in set.Declared.Where(w => w.Strategy.Rolls && w.Strategy.MaxUnavailable is not null))
        {
            var pods = set.FewestPods(workload);
            var bound = workload.Strategy.MaxUnavailable!;
            var (down, fencepost) = pods == 0 ? (0, false) : Scaled.Unavailable(workload, pods);
            // A one-pod StatefulSet cannot surge: any update takes its pod down, by construction.
            if (pods == 0 || down < pods || (workload.Kind == "StatefulSet" && pods == 1))
            {
                continue;
            }

            var scaler = set.AutoscalerOf(workload) is { } hpa ? $" (at {hpa}'s minReplicas)" : "";
            var controller = workload.Kind == "Rollout" ? "Argo Rollouts" : "Kubernetes";
            yield return ManifestFinding.For(
                Info,
                workload,
                fencepost // 1 reaches the pods only when there is 1
                    ? $"{workload}: maxUnavailable {bound.Value} of 1 pod{scaler} rounds down to 0 and maxSurge {workload.Strategy.MaxSurge!.Value} up to 0, so {controller} uses maxUnavailable 1: the rolling update takes the only pod down before a new one is ready"
                    : $"{workload}: maxUnavailable {bound.Value} is {down} of its {pods} pods{scaler}: the rolling update may take every pod down before a new one is ready",
                workload.Kind == "StatefulSet" ? ManifestFinding.Nested(workload.Strategy.Path, "maxUnavailable: 1") : ManifestFinding.Nested(workload.Strategy.Path, "maxUnavailable: 0", "maxSurge: 1"),
                new Dictionary<string, object?> { ["maxUnavailable"] = Scaled.Evidence(bound), ["maxSurge"] = Scaled.Evidence(workload.Strategy.MaxSurge), ["pods"] = pods, ["unavailable"] = down });
        }
    }
}
