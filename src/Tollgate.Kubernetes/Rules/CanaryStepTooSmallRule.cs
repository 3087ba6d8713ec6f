using System.Globalization;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Workloads;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/canary-step-too-small</c>: an Argo Rollout canary without <c>trafficRouting</c> reaches each
/// <c>setWeight</c> by pod counts, so a step whose weight × replicas is under one pod cannot be what it says: one
/// canary pod takes 1/(replicas+1) of the traffic (with <c>maxSurge</c> above 0) or 1/replicas (with <c>maxSurge: 0</c>)
/// instead of the weight, and a single pod that may not surge runs no canary pod at all, so the step judges nothing
/// (<see cref="CanaryCounts"/>, argoproj/argo-rollouts#1759). The message gives the counts Argo runs for the Rollout's
/// own <c>maxSurge</c>. Its severity is how far the step's traffic is from its weight (<see cref="SeverityOf"/>): high
/// when a step runs no canary pod, medium when the one it runs takes more than twice the weight, low when it is
/// nearer (a 20% step on 4 replicas runs at 25%). Under an HPA the count is its <c>minReplicas</c>, which
/// <c>k8s/hpa-vs-rollout</c> checks with the same severities.
/// </summary>
public sealed class CanaryStepTooSmallRule : IManifestRule
{
    public RuleInfo Info { get; } = new("k8s/canary-step-too-small", Severity.High, "replicas × a canary step's weight is under one pod: high when the step runs no canary pod, medium when its one pod takes more than twice the weight, low when nearer") { Pillar = ManifestRules.Pillar };

    public IEnumerable<Finding> Evaluate(ManifestSet set)
    {
        foreach (var workload in set.Declared.Where(w => w.Canary is { TrafficRouted: false } && set.AutoscalerOf(w) is null))
        {
            var replicas = workload.DeclaredReplicas;
            if (TooSmall(workload.Canary!, replicas) is not { Count: > 0 } small)
            {
                continue;
            }

            yield return ManifestFinding.For(
                Info,
                workload,
                Message(workload, small, replicas, "replica", ""),
                Suggestion(small, replicas),
                new Dictionary<string, object?>
                {
                    ["replicas"] = replicas,
                    ["steps"] = small.Select(s => s.Index).ToList(),
                    ["weights"] = small.Select(s => s.Weight).ToList(),
                    ["canaryPods"] = Counts(workload, small[0], replicas).Canary,
                    ["stablePods"] = Counts(workload, small[0], replicas).Stable,
                },
                workload.Source.At(small[0].Node)) with { Severity = SeverityOf(workload, small, replicas) };
        }
    }

    /// <summary>
    /// How far the traffic the steps take is from their weights, the worst step's: <see cref="Severity.High"/> when a
    /// step runs no canary pod (it judges nothing), <see cref="Severity.Medium"/> when its canary pods take more than
    /// twice the weight, <see cref="Severity.Low"/> otherwise.
    /// </summary>
    public static Severity SeverityOf(Workload workload, List<CanaryStep> small, int replicas) => small.Max(step =>
    {
        var (canary, stable) = Counts(workload, step, replicas);
        return canary == 0 ? Severity.High : 100.0 * canary / (canary + stable) > 2 * step.Weight!.Value ? Severity.Medium : Severity.Low;
    });

    /// <summary>The setWeight steps (above 0, below 100) whose share of <paramref name="replicas"/> is under one pod.</summary>
    public static List<CanaryStep> TooSmall(RolloutCanary canary, int replicas) =>
        [.. canary.Steps.Where(s => s.Weight is > 0 and < 100 && replicas * s.Weight.Value < 100)];

    /// <summary>
    /// <c>{workload}: step 0 setWeight 10 of 4 replicas is 0.4 pod; … so the step runs 1 canary pod beside 3 stable
    /// ones (maxSurge 0), taking 25% of the traffic</c>; <paramref name="noun"/> is the pod count's noun in the
    /// singular (<c>replica</c>, <c>pod</c>) and <paramref name="aside"/> what the count is, when it is not spec.replicas.
    /// </summary>
    public static string Message(Workload workload, List<CanaryStep> small, int replicas, string noun, string aside)
    {
        var first = small[0];
        var share = string.Create(CultureInfo.InvariantCulture, $"{replicas * first.Weight!.Value / 100.0:0.##}");
        var more = small.Count > 1 ? $" (and {small.Count - 1} more step{(small.Count > 2 ? "s" : "")})" : "";
        var (canary, stable) = Counts(workload, first, replicas);
        var surge = $"maxSurge {workload.Strategy.MaxSurge?.Value ?? "25%"}";
        var runs = canary == 0
            ? $"no canary pod ({surge} on {replicas} pod): the step judges nothing"
            : string.Create(CultureInfo.InvariantCulture, $"{canary} canary pod beside {stable} stable {(stable == 1 ? "one" : "ones")} ({surge}), taking {100.0 * canary / (canary + stable):0}% of the traffic");
        return $"{workload}: step {first.Index} setWeight {first.Weight} of {replicas} {noun}{(replicas == 1 ? "" : "s")}{aside} is {share} pod{more}; without trafficRouting Argo Rollouts sets the weight with pod counts, so the step runs {runs}";
    }

    /// <summary>The canary and stable pods Argo Rollouts runs for <paramref name="step"/> on <paramref name="replicas"/>, with the Rollout's own maxSurge (25% when unset).</summary>
    private static (int Canary, int Stable) Counts(Workload workload, CanaryStep step, int replicas)
    {
        var strategy = workload.Strategy;
        var surge = Scaled.Pods(workload.Source, strategy.MaxSurge ?? "25%", replicas, roundUp: true, strategy.Path + ".maxSurge");
        return CanaryCounts.For(replicas, step.Weight!.Value, surge);
    }

    public static string Suggestion(List<CanaryStep> small, int replicas)
    {
        var smallest = small.Min(s => s.Weight!.Value);
        var needed = (int)Math.Ceiling(100.0 / smallest);
        return $"use at least {needed} replicas for a {smallest}% step (spec.replicas: {needed}), raise the first setWeight to {(int)Math.Ceiling(100.0 / replicas)}, or route traffic (strategy.canary.trafficRouting) so weights do not depend on pod counts";
    }
}
