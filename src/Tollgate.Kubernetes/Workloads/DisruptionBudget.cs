using k8s.Models;
using Tollgate.Kubernetes.Objects;
using Tollgate.Kubernetes.Selectors;

namespace Tollgate.Kubernetes.Workloads;

/// <summary>A PodDisruptionBudget: the pods it protects and how many must stay up (<c>minAvailable</c>) or may go (<c>maxUnavailable</c>).</summary>
public sealed record DisruptionBudget(KubeObject Source, LabelSelector Selector, IntOrString? MinAvailable, IntOrString? MaxUnavailable)
{
    public string Address => Source.Address;

    public bool Covers(Workload workload) =>
        workload.Namespace == Source.Namespace && workload.Template is not null && Selector.Matches(workload.PodLabels);

    public override string ToString() => Source.ToString();
}
