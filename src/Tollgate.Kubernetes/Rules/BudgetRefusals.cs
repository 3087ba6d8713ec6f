using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Objects;
using Tollgate.Kubernetes.Workloads;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c>'s findings on a PodDisruptionBudget the API server refuses (<see cref="BudgetBounds"/>):
/// the other rules read it as not applied, so its workloads count as unprotected (<c>k8s/pdb-missing</c>).
/// </summary>
internal static class BudgetRefusals
{
    /// <summary>The findings on <paramref name="budget"/>'s refusals, as <see cref="ManifestSet"/> found them when it read the budget; none for null (an object that is no budget).</summary>
    public static IEnumerable<Finding> Of(RuleInfo info, DisruptionBudget? budget)
    {
        if (budget is null)
        {
            yield break;
        }

        foreach (var refusal in budget.Refusals)
        {
            yield return SpecRefusal.For(
                info,
                budget.Source,
                refusal.Field,
                refusal.Problem,
                refusal.Says,
                refusal.Value,
                refusal.Field == "spec"
                    ? "keep one of spec.minAvailable and spec.maxUnavailable (maxUnavailable: 1 lets drains go on as the workload scales)"
                    : $"set {refusal.Field} to a count of 0 or more, unquoted (1), or a percentage from 0% to 100% (25%)",
                refusal.At,
                new Dictionary<string, object?> { ["value"] = refusal.Value, ["protects"] = "no pod: the budget never reaches the cluster" });
        }
    }
}
