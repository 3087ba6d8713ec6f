using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Workloads;

/// <summary>
/// A Flagger <c>Canary</c> (<c>flagger.app/v1beta1</c>): the workload it targets, the HPA it clones for the primary
/// (<c>autoscalerRef</c>), and the analysis pace (interval, step weights, iterations).
/// </summary>
public sealed record FlaggerCanary(KubeObject Source, string TargetKind, string TargetName)
{
    public string? AutoscalerName { get; init; }

    /// <summary><c>analysis.interval</c> (Flagger's default 1m).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The traffic weights the analysis steps through (<c>stepWeights</c>, or <c>stepWeight</c> up to <c>maxWeight</c>).</summary>
    public IReadOnlyList<int> Weights { get; init; } = [];

    public string Address => Source.Address;

    public override string ToString() => Source.ToString();
}
