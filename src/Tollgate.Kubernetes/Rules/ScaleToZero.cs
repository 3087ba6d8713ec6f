using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c>'s finding on a HorizontalPodAutoscaler's <c>minReplicas: 0</c>, which the API server
/// refuses unless the alpha <c>HPAScaleToZero</c> feature gate is on (off by default;
/// <see href="https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/horizontal-pod-autoscaler-v2/"/>:
/// "minReplicas is allowed to be 0 if the alpha feature gate HPAScaleToZero is enabled"). On a cluster with the gate
/// on it is valid, so it is a finding a policy can accept, not bad input, and the workload is linted at 0 pods as
/// written. A negative or inverted bound is bad input instead (<see cref="Workloads.AutoscalerBounds"/>).
/// </summary>
internal static class ScaleToZero
{
    public static IEnumerable<Finding> Of(RuleInfo info, KubeObject o)
    {
        if ((ApiKinds.GroupReadAs(o), o.Kind) != ("autoscaling", "HorizontalPodAutoscaler")
            || Nodes.Get(o.Node, "spec.minReplicas") is not JsonValue min || min.GetValueKind() != JsonValueKind.Number || Nodes.AsDouble(min) != 0)
        {
            yield break;
        }

        yield return ManifestFinding.For(
            info,
            o,
            $"{o}: spec.minReplicas is 0, which the API server refuses unless its alpha HPAScaleToZero feature gate is on (spec.minReplicas: must be greater than or equal to 1); linted at 0 pods",
            "set spec.minReplicas to 1 or more (a cluster with HPAScaleToZero on takes 0 with an Object or External metric: accept it with a policy exception there)",
            new Dictionary<string, object?> { ["field"] = "spec.minReplicas", ["minReplicas"] = 0, ["featureGate"] = "HPAScaleToZero" },
            o.At(min));
    }
}
