using Tollgate.Domain;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Workloads;

/// <summary>
/// A HorizontalPodAutoscaler's replica bounds as the API server validates them
/// (<see href="https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/autoscaling/validation/validation.go"><c>validateHorizontalPodAutoscalerSpec</c></see>):
/// <c>minReplicas</c> (1 when unset) at least 1, or 0 with the alpha <c>HPAScaleToZero</c> feature gate on
/// (<see cref="Rules.ScaleToZero"/> finds that); <c>maxReplicas</c> at least 1 and at least <c>minReplicas</c>.
/// The rules count a scaled workload's fewest pods from <c>minReplicas</c>, so a bound no cluster takes is bad input
/// (exit 3), as a workload's negative <c>replicas</c> is: a negative minimum is no count of pods (<c>minReplicas: -3</c>
/// was linted as "maxUnavailable 25% is -1 of its -3 pods"), and a minimum above the maximum is a count the HPA never
/// holds (<c>minReplicas: 5</c>, <c>maxReplicas: 2</c> was linted as "the 5 pods"). An unset <c>maxReplicas</c> is
/// <c>k8s/invalid-manifest</c>'s (a required field), and bounds nothing here.
/// </summary>
internal static class AutoscalerBounds
{
    /// <summary>The fewest pods the HPA keeps (<paramref name="min"/>, 1 when unset), or bad input naming the bound.</summary>
    public static int FewestPods(KubeObject o, int? min, int max)
    {
        if (min < 0)
        {
            throw Refused(o, "minReplicas", $"spec.minReplicas must be 1 or more, not {min} (the API server refuses a negative count)");
        }

        if (Nodes.Get(o.Node, "spec.maxReplicas") is null)
        {
            return min ?? 1;
        }

        if (max < 1)
        {
            throw Refused(o, "maxReplicas", $"spec.maxReplicas must be 1 or more, not {max} (the API server refuses it: must be greater than 0)");
        }

        if (min > max)
        {
            throw Refused(o, "minReplicas", $"spec.minReplicas {min} is above spec.maxReplicas {max} (the API server refuses it: maxReplicas must be greater than or equal to minReplicas)");
        }

        return min ?? 1;
    }

    private static InvalidInputException Refused(KubeObject o, string field, string problem) =>
        new($"{o.At(Nodes.Get(o.Node, "spec." + field) ?? o.Node)}: {o}: {problem}");
}
