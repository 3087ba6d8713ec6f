using k8s.Models;
using Tollgate.Kubernetes.Objects;
using Tollgate.Kubernetes.Selectors;

namespace Tollgate.Kubernetes.Workloads;

/// <summary>A PodDisruptionBudget: the pods it protects and how many must stay up (<c>minAvailable</c>) or may go (<c>maxUnavailable</c>).</summary>
public sealed record DisruptionBudget(KubeObject Source, LabelSelector Selector, IntOrString? MinAvailable, IntOrString? MaxUnavailable)
{
    public string Address => Source.Address;

    /// <summary>
    /// Whether the API server refuses the budget as written (<c>minAvailable</c> and <c>maxUnavailable</c> both set,
    /// <c>"150%"</c>, a quoted count: <see cref="BudgetBounds"/>, which k8s/invalid-manifest reports). A refused budget
    /// never reaches the cluster and protects no pod: <see cref="ManifestSet.Applied"/> leaves it out.
    /// </summary>
    public bool Refused => Refusals.Count > 0;

    /// <summary>What the API server refuses in it (<see cref="BudgetBounds"/>), found once when the set is read.</summary>
    internal IReadOnlyList<BudgetBounds.Refusal> Refusals { get; init; } = [];

    /// <summary>Whether its selector takes <paramref name="workload"/>'s pods, in its namespace (whether it is applied is <see cref="ManifestSet.Applied"/>'s to say).</summary>
    public bool Covers(Workload workload) =>
        workload.Namespace == Source.Namespace && workload.Template is not null && Selector.Matches(workload.PodLabels);

    public override string ToString() => Source.ToString();
}
