using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Workloads;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/min-ready-seconds</c>: a workload that rolls out with <c>minReadySeconds</c> unset or 0 counts a pod as
/// available the moment its readiness probe first passes, so a pod that crashes seconds later still lets the
/// rollout take down the next old pod. None of kube-linter, Polaris or kube-score checks it.
/// </summary>
public sealed class MinReadySecondsRule : IManifestRule
{
    public RuleInfo Info { get; } = new("k8s/min-ready-seconds", Severity.Medium, "minReadySeconds unset or 0 on a workload that rolls out") { Pillar = ManifestRules.Pillar };

    public IEnumerable<Finding> Evaluate(ManifestSet set)
    {
        foreach (var workload in set.Declared.Where(w => w.Strategy.Rolls && w.Replicas != 0 && (w.MinReadySeconds ?? 0) == 0))
        {
            var value = workload.MinReadySeconds is null ? "unset" : "0";
            yield return ManifestFinding.For(
                Info,
                workload,
                $"{workload} rolls out ({workload.Strategy.Type}) with minReadySeconds {value}: a new pod counts as available as soon as it first reports ready, so one that crashes seconds later does not stop the rollout",
                "spec:\n  minReadySeconds: 10",
                new Dictionary<string, object?> { ["minReadySeconds"] = workload.MinReadySeconds, ["strategy"] = workload.Strategy.Type });
        }
    }
}
