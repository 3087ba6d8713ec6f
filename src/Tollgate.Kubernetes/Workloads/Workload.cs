using k8s.Models;
using Tollgate.Domain.Findings;
using Tollgate.Kubernetes.Objects;
using Tollgate.Kubernetes.Selectors;

namespace Tollgate.Kubernetes.Workloads;

/// <summary>
/// A set of pods that is rolled out: a Deployment, a StatefulSet, an Argo Rollout, or the <c>-primary</c>
/// Deployment a Flagger Canary creates from its target. The rules read this one shape, whatever the kind.
/// </summary>
public sealed record Workload(KubeObject Source, string Kind, string Name, string Namespace)
{
    /// <summary><c>spec.replicas</c>; null when unset (the controller's default is 1).</summary>
    public int? Replicas { get; init; }

    /// <summary><c>spec.minReadySeconds</c>; null when unset.</summary>
    public int? MinReadySeconds { get; init; }

    /// <summary>The pod template; null when a Rollout's <c>workloadRef</c> names a Deployment that is not in the inputs.</summary>
    public V1PodTemplateSpec? Template { get; init; }

    /// <summary>The object whose <c>spec.template</c> <see cref="Template"/> is: the workload's own, or a Rollout's <c>workloadRef</c> Deployment.</summary>
    public KubeObject TemplateSource { get; init; } = Source;

    public LabelSelector Selector { get; init; } = LabelSelector.None;

    /// <summary>The selector's <c>matchLabels</c> as written (Flagger derives the primary's labels from them).</summary>
    public IReadOnlyDictionary<string, string> MatchLabels { get; init; } = new Dictionary<string, string>();

    public UpdateStrategy Strategy { get; init; } = new("RollingUpdate", null, null);

    /// <summary>An Argo Rollout's canary strategy, when it has one.</summary>
    public RolloutCanary? Canary { get; init; }

    /// <summary>The Flagger Canary that manages this workload: set on its target and on the derived primary.</summary>
    public FlaggerCanary? Flagger { get; init; }

    /// <summary>True for the <c>-primary</c> workload Flagger creates, which serves the traffic between rollouts.</summary>
    public bool IsFlaggerPrimary { get; init; }

    /// <summary>Where findings about this workload point: its own manifest, or the Canary that declares a primary.</summary>
    public SourceLocation Location { get; init; } = Source.Location;

    public string Address => $"{Kind}/{Namespace}/{Name}";

    public IReadOnlyDictionary<string, string> PodLabels =>
        Template?.Metadata?.Labels is { } labels ? labels.AsReadOnly() : new Dictionary<string, string>().AsReadOnly();

    /// <summary>Replicas as the controller reads them: unset is 1.</summary>
    public int DeclaredReplicas => Replicas ?? 1;

    public override string ToString() => $"{Kind} {Namespace}/{Name}";
}
