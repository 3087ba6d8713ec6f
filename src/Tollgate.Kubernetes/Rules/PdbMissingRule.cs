using System.Text;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Workloads;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/pdb-missing</c>: no PodDisruptionBudget selects the pods of a workload of two or more replicas, so a node
/// drain or a cluster upgrade may evict them all at once. For a Flagger Canary the pods that serve are the
/// <c>-primary</c> Deployment's, whose selector label Flagger renames (<c>app: podinfo-primary</c>): a budget
/// written for the target's labels protects only the canary pods, which sit at zero between rollouts.
/// </summary>
public sealed class PdbMissingRule : IManifestRule
{
    public RuleInfo Info { get; } = new("k8s/pdb-missing", Severity.Medium, "No PodDisruptionBudget selects a workload's pods (for Flagger, the -primary pods)") { Pillar = ManifestRules.Pillar };

    public IEnumerable<Finding> Evaluate(ManifestSet set)
    {
        foreach (var workload in set.Serving.Where(w => w.Template is not null))
        {
            var pods = set.FewestPods(workload);
            if (pods < 2 || set.BudgetsOf(workload).Count > 0)
            {
                continue;
            }

            var message = workload.PodLabels.Count == 0
                ? $"no PodDisruptionBudget selects the {pods} pods of {workload}, whose pod template has no labels for a budget to select: a node drain or cluster upgrade may evict them all at once"
                : $"no PodDisruptionBudget selects the {pods} pods of {workload} ({ManifestFinding.Labels(workload.PodLabels)}): a node drain or cluster upgrade may evict them all at once";
            var evidence = new Dictionary<string, object?> { ["pods"] = pods, ["podLabels"] = ManifestFinding.Labels(workload.PodLabels) };
            if (workload.IsFlaggerPrimary)
            {
                var target = set.Workloads.FirstOrDefault(w => w.Flagger == workload.Flagger && !w.IsFlaggerPrimary);
                var misplaced = target is null ? null : set.BudgetsOf(target) is [var first, ..] ? first : null;
                message = $"no PodDisruptionBudget selects the pods of {workload}, the primary Flagger runs for {workload.Flagger} ({ManifestFinding.Labels(workload.PodLabels)})"
                    + (misplaced is null ? "" : $"; {misplaced} selects {misplaced.Selector}, the canary's pods, which Flagger scales to zero between rollouts");
                evidence["flaggerCanary"] = workload.Flagger!.Address;
                if (misplaced is not null)
                {
                    evidence["budgetOnCanaryPods"] = misplaced.Address;
                }
            }

            yield return ManifestFinding.For(Info, workload, message, Suggestion(workload), evidence);
        }
    }

    private static string Suggestion(Workload workload)
    {
        var yaml = new StringBuilder();
        IReadOnlyDictionary<string, string> labels = workload.MatchLabels.Count > 0 ? workload.MatchLabels : workload.PodLabels;
        if (labels.Count == 0)
        {
            // A budget with an empty selector would select every pod of the namespace: label the pods first.
            labels = new Dictionary<string, string> { ["app"] = workload.Name };
            yaml.Append("# first label the pods, in the ").Append(workload.Kind).Append(":\n# spec:\n#   selector:\n#     matchLabels:\n#       app: ")
                .Append(workload.Name).Append("\n#   template:\n#     metadata:\n#       labels:\n#         app: ").Append(workload.Name).Append("\n---\n");
        }

        yaml.Append("apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: ").Append(workload.Name)
            .Append("\n  namespace: ").Append(workload.Namespace)
            .Append("\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n");
        foreach (var (key, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            yaml.Append("      ").Append(key).Append(": ").Append(value).Append('\n');
        }

        return yaml.ToString().TrimEnd();
    }
}
