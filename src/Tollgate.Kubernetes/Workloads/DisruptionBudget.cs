using k8s.Models;
using Tollgate.Kubernetes.Objects;
using Tollgate.Kubernetes.Selectors;

namespace Tollgate.Kubernetes.Workloads;

/// <summary>A PodDisruptionBudget: the pods it protects and how many must stay up (<c>minAvailable</c>) or may go (<c>maxUnavailable</c>).</summary>
public sealed record DisruptionBudget(KubeObject Source, LabelSelector Selector, IntOrString? MinAvailable, IntOrString? MaxUnavailable)
{
    public string Address => Source.Address;

    /// <summary>Why the API server refuses the budget as written (<c>minAvailable</c> and <c>maxUnavailable</c> both set, <c>"150%"</c>, a quoted count), null when it takes it. A refused budget protects no pod.</summary>
    public string? Refusal { get; init; }

    public bool Covers(Workload workload) =>
        Refusal is null && workload.Namespace == Source.Namespace && workload.Template is not null && Selector.Matches(workload.PodLabels);

    public override string ToString() => Source.ToString();
}
