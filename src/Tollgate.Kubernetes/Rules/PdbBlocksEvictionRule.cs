using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Workloads;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/pdb-blocks-eviction</c>: a PodDisruptionBudget that never allows an eviction: <c>maxUnavailable: 0</c>, or
/// <c>minAvailable</c> at or above the pods it selects (at the HPA's <c>minReplicas</c> when one scales them).
/// <c>kubectl drain</c> and node upgrades then retry forever.
/// </summary>
public sealed class PdbBlocksEvictionRule : IManifestRule
{
    public RuleInfo Info { get; } = new("k8s/pdb-blocks-eviction", Severity.High, "A PodDisruptionBudget allows no eviction (maxUnavailable 0, or minAvailable = replicas): node drains hang") { Pillar = ManifestRules.Pillar };

    public IEnumerable<Finding> Evaluate(ManifestSet set)
    {
        foreach (var budget in set.Budgets)
        {
            var covered = set.Serving.Where(budget.Covers).ToList();
            var pods = covered.Sum(set.FewestPods);
            var names = string.Join(", ", covered.Select(w => w.ToString()));
            string? problem = null;
            if (Scaled.IsZero(budget.MaxUnavailable))
            {
                problem = $"maxUnavailable {budget.MaxUnavailable!.Value} lets no pod it selects be evicted";
            }
            else if (budget.MinAvailable is { } min && (min.Value == "100%" || (covered.Count > 0 && Scaled.Pods(budget.Source, min, pods, roundUp: true, "spec.minAvailable") >= pods)))
            {
                problem = covered.Count == 0
                    ? $"minAvailable {min.Value} keeps every pod it selects"
                    : $"minAvailable {min.Value} of the {Counted.Of(pods, "pod")} of {names} leaves none to evict";
            }

            if (problem is null)
            {
                continue;
            }

            yield return new Finding(Info.Id, Info.DefaultSeverity, budget.Address, $"{budget} ({budget.Selector}): {problem}: kubectl drain and node upgrades wait on it forever")
            {
                Suggestion = "spec:\n  maxUnavailable: 1",
                Location = budget.Source.Location,
                Module = budget.Source.Namespace,
                Related = [.. covered.Select(w => w.Address)],
                Evidence = ManifestFinding.With(new Dictionary<string, object?>
                {
                    ["minAvailable"] = Scaled.Evidence(budget.MinAvailable),
                    ["maxUnavailable"] = Scaled.Evidence(budget.MaxUnavailable),
                    ["pods"] = pods,
                }, budget.Source.Document.HelmSource),
            };
        }
    }
}
