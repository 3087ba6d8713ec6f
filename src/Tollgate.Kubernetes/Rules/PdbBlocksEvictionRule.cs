using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Workloads;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/pdb-blocks-eviction</c>: a PodDisruptionBudget that never allows an eviction: <c>maxUnavailable: 0</c>, or
/// <c>minAvailable</c> at or above the pods it selects (at the HPA's <c>minReplicas</c> when one scales them).
/// <c>kubectl drain</c> and node upgrades then retry forever. So they do for a pod two budgets select, which the
/// eviction API never evicts, whatever either allows; that is found on the workload whose pods they share.
/// </summary>
public sealed class PdbBlocksEvictionRule : IManifestRule
{
    public RuleInfo Info { get; } = new("k8s/pdb-blocks-eviction", Severity.High, "A PodDisruptionBudget allows no eviction (maxUnavailable 0, or minAvailable = replicas), or two budgets select the same pods (which the eviction API refuses): node drains hang") { Pillar = ManifestRules.Pillar };

    public IEnumerable<Finding> Evaluate(ManifestSet set)
    {
        // A refused budget (maxUnavailable: 0 beside minAvailable) blocks nothing: k8s/invalid-manifest reports it.
        foreach (var budget in set.Applied)
        {
            var covered = set.CoveredBy(budget).Where(set.IsServing).ToList();
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

        foreach (var workload in set.Serving)
        {
            if (set.BudgetsOf(workload) is { Count: > 1 } budgets)
            {
                yield return Overlap(workload, budgets);
            }
        }
    }

    /// <summary>
    /// The eviction API refuses every pod more than one budget selects, whatever each allows
    /// (kubernetes/kubernetes pkg/registry/core/pod/storage/eviction.go: "This pod has more than one
    /// PodDisruptionBudget, which the eviction subresource does not support."): most often a team-wide budget beside a
    /// service's own.
    /// </summary>
    private Finding Overlap(Workload workload, IReadOnlyList<DisruptionBudget> budgets)
    {
        var names = string.Join(", ", budgets.Select(b => $"{b.Source.Namespace}/{b.Source.Name} ({b.Selector})"));
        var finding = ManifestFinding.For(
            Info,
            workload,
            $"the pods of {workload} ({ManifestFinding.Labels(workload.PodLabels)}) are selected by {budgets.Count} PodDisruptionBudgets ({names}), and the eviction API refuses to evict a pod more than one budget selects (This pod has more than one PodDisruptionBudget, which the eviction subresource does not support): kubectl drain and node upgrades wait on them forever",
            Suggestion(workload, budgets),
            new Dictionary<string, object?>
            {
                ["podLabels"] = ManifestFinding.Labels(workload.PodLabels),
                ["budgets"] = budgets.Select(b => b.Address).ToArray(),
            });
        return finding with { Related = [.. budgets.Select(b => b.Address)] };
    }

    private static string Suggestion(Workload workload, IReadOnlyList<DisruptionBudget> budgets)
    {
        var keep = $"# keep one PodDisruptionBudget per pod: remove all but one of {string.Join(", ", budgets.Select(b => b.ToString()))}, or narrow the wider selectors to leave these pods out";
        var key = workload.MatchLabels.Keys.Order(StringComparer.Ordinal).FirstOrDefault(workload.PodLabels.ContainsKey)
            ?? workload.PodLabels.Keys.Order(StringComparer.Ordinal).FirstOrDefault();
        return key is null
            ? keep
            : $"{keep}, e.g.\nspec:\n  selector:\n    matchExpressions:\n      - {{key: {key}, operator: NotIn, values: [{workload.PodLabels[key]}]}}";
    }
}