using Tollgate.Domain;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Workloads;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/hpa-vs-rollout</c>: an autoscaler and a progressive rollout that work against each other (argoproj/argo-rollouts#2857):
/// at the HPA's <c>minReplicas</c> an unrouted canary step is under one pod (severity as
/// <c>k8s/canary-step-too-small</c>'s: high with no canary pod, medium above twice its weight, low nearer); a scale-up stabilization window longer than a
/// step (an Argo pause, a Flagger interval) means the HPA cannot add pods before the step is judged; scale-up
/// disabled; or, for Flagger, an HPA aimed at the target Deployment (scaled to zero between rollouts) instead of
/// named in <c>autoscalerRef</c>, so the primary that serves is never scaled.
/// </summary>
public sealed class HpaVsRolloutRule : IManifestRule
{
    public RuleInfo Info { get; } = new("k8s/hpa-vs-rollout", Severity.Medium, "An HPA's minReplicas or scale-up pace that a canary step's size or pace cannot meet") { Pillar = ManifestRules.Pillar };

    public IEnumerable<Finding> Evaluate(ManifestSet set)
    {
        foreach (var workload in set.Declared.Where(w => w.Canary is not null))
        {
            if (set.AutoscalerOf(workload) is not { } hpa)
            {
                continue;
            }

            if (!workload.Canary!.TrafficRouted && CanaryStepTooSmallRule.TooSmall(workload.Canary, hpa.MinReplicas) is { Count: > 0 } small)
            {
                yield return Found(workload, hpa, CanaryStepTooSmallRule.Message(workload, small, hpa.MinReplicas, "pod", $" ({hpa}'s minReplicas)"),
                    $"spec:\n  minReplicas: {(int)Math.Ceiling(100.0 / small.Min(s => s.Weight!.Value))}", workload.Source.At(small[0].Node))
                    with { Severity = CanaryStepTooSmallRule.SeverityOf(workload, small, hpa.MinReplicas) };
            }

            var pauses = workload.Canary.Steps.Where(s => s.Pause is { } p && p > TimeSpan.Zero).Select(s => s.Pause!.Value).ToList();
            if (pauses.Count > 0)
            {
                foreach (var finding in Pace(workload, hpa, pauses.Min(), "its shortest timed pause"))
                {
                    yield return finding;
                }
            }
        }

        foreach (var canary in set.Canaries)
        {
            var target = set.Workloads.FirstOrDefault(w => w.Flagger == canary && !w.IsFlaggerPrimary);
            if (target is null)
            {
                continue;
            }

            var onTarget = set.AutoscalerTargeting(target.Kind, target.Name, target.Namespace);
            if (canary.AutoscalerName is null && onTarget is not null)
            {
                yield return Found(target, onTarget,
                    $"{onTarget} scales {target}, which {canary} scales to zero between rollouts; without spec.autoscalerRef Flagger does not make an HPA for {target.Name}-primary, so the pods that serve are never scaled",
                    $"spec:\n  autoscalerRef:\n    apiVersion: autoscaling/v2\n    kind: HorizontalPodAutoscaler\n    name: {onTarget.Source.Name}",
                    canary.Source.Location);
                continue;
            }

            if (canary.AutoscalerName is { } name && set.AutoscalerNamed(canary.Source.Namespace, name) is { } hpa && canary.Weights.Count > 0)
            {
                foreach (var finding in Pace(target, hpa, canary.Interval, $"{canary}'s analysis interval"))
                {
                    yield return finding;
                }
            }
        }
    }

    private IEnumerable<Finding> Pace(Workload workload, Autoscaler hpa, TimeSpan step, string what)
    {
        if (hpa.ScaleUpSelect == "Disabled")
        {
            yield return Found(workload, hpa, $"{hpa} never scales {workload} up (behavior.scaleUp.selectPolicy: Disabled): as the canary takes more traffic step by step, no pod is added for it",
                "behavior:\n  scaleUp:\n    selectPolicy: Max", hpa.Source.Location);
        }
        else if (hpa.ScaleUpStabilization > step)
        {
            yield return Found(workload, hpa,
                $"{hpa} waits {DurationText.Shortest(hpa.ScaleUpStabilization)} (behavior.scaleUp.stabilizationWindowSeconds) before adding pods, longer than {what} of {DurationText.Shortest(step)} on {workload}: each step is judged, and the next one taken, before the HPA can react to the canary's load",
                $"behavior:\n  scaleUp:\n    stabilizationWindowSeconds: {Math.Max(0, (int)step.TotalSeconds / 2)}",
                hpa.Source.Location);
        }
    }

    private Finding Found(Workload workload, Autoscaler hpa, string message, string suggestion, Domain.Findings.SourceLocation at) =>
        ManifestFinding.For(Info, workload, message, suggestion, new Dictionary<string, object?>
        {
            ["autoscaler"] = hpa.Address,
            ["minReplicas"] = hpa.MinReplicas,
            ["scaleUpStabilizationSeconds"] = (int)hpa.ScaleUpStabilization.TotalSeconds,
        }, at) with { Related = [hpa.Address] };
}
