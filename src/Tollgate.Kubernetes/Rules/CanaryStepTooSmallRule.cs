using System.Globalization;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Workloads;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/canary-step-too-small</c>: an Argo Rollout canary without <c>trafficRouting</c> reaches each
/// <c>setWeight</c> by pod counts, so a step whose weight × replicas is under one pod cannot be what it says: with
/// <c>maxSurge: 0</c> it runs no canary pod (the step judges nothing), otherwise one pod takes 1/(replicas+1) of
/// the traffic instead of the weight (argoproj/argo-rollouts#1713, #1759). Under an HPA the count is its
/// <c>minReplicas</c>, which <c>k8s/hpa-vs-rollout</c> checks.
/// </summary>
public sealed class CanaryStepTooSmallRule : IManifestRule
{
    public RuleInfo Info { get; } = new("k8s/canary-step-too-small", Severity.High, "replicas × a canary step's weight is under one pod: the step runs no canary pod, or one far above its weight") { Pillar = ManifestRules.Pillar };

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
                Message(workload, small, replicas, "replicas"),
                Suggestion(small, replicas),
                new Dictionary<string, object?>
                {
                    ["replicas"] = replicas,
                    ["steps"] = small.Select(s => s.Index).ToList(),
                    ["weights"] = small.Select(s => s.Weight).ToList(),
                },
                workload.Source.At(small[0].Node));
        }
    }

    /// <summary>The setWeight steps (above 0, below 100) whose share of <paramref name="replicas"/> is under one pod.</summary>
    public static List<CanaryStep> TooSmall(RolloutCanary canary, int replicas) =>
        [.. canary.Steps.Where(s => s.Weight is > 0 and < 100 && replicas * s.Weight.Value < 100)];

    public static string Message(Workload workload, List<CanaryStep> small, int replicas, string what)
    {
        var first = small[0];
        var share = string.Create(CultureInfo.InvariantCulture, $"{replicas * first.Weight!.Value / 100.0:0.##}");
        var overshoot = string.Create(CultureInfo.InvariantCulture, $"{100.0 / (replicas + 1):0}");
        var more = small.Count > 1 ? $" (and {small.Count - 1} more step{(small.Count > 2 ? "s" : "")})" : "";
        return $"{workload}: step {first.Index} setWeight {first.Weight} of {replicas} {what} is {share} pod{more}; without trafficRouting Argo Rollouts sets the weight with pod counts, so the step runs no canary pod (maxSurge 0) or one pod taking about {overshoot}% of the traffic";
    }

    public static string Suggestion(List<CanaryStep> small, int replicas)
    {
        var smallest = small.Min(s => s.Weight!.Value);
        var needed = (int)Math.Ceiling(100.0 / smallest);
        return $"use at least {needed} replicas for a {smallest}% step (spec.replicas: {needed}), raise the first setWeight to {(int)Math.Ceiling(100.0 / replicas)}, or route traffic (strategy.canary.trafficRouting) so weights do not depend on pod counts";
    }
}
