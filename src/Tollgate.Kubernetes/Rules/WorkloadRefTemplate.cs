using System.Text.Json.Nodes;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c>'s finding on an Argo Rollout with both a <c>workloadRef</c> and a <c>spec.template</c>
/// of its own (<see cref="RolloutRefusal"/>): the controller refuses it (<c>ValidateRolloutSpec</c>,
/// <see href="https://github.com/argoproj/argo-rollouts/blob/9f8d111d8f8e3e88b6d7f8bbdf62fd3cd863ef9d/pkg/apis/rollouts/validation/validation.go"/>:
/// <c>template must be empty for workload reference rollout</c>), so the Rollout is <c>InvalidSpec</c> and never rolls
/// out. It is the usual slip when a Deployment is moved behind a <c>workloadRef</c> and its template copied along.
/// Argo counts a template empty while its metadata has no labels and no annotations (<c>RolloutSpec.EmptyTemplate</c>,
/// <see href="https://github.com/argoproj/argo-rollouts/blob/9f8d111d8f8e3e88b6d7f8bbdf62fd3cd863ef9d/pkg/apis/rollouts/v1alpha1/types.go"/>),
/// and then replaces it with the Deployment's, so only a template with either is found. Either way the other rules
/// read the Rollout with the referenced Deployment's template (<c>ManifestSet</c>), as it runs once fixed.
/// </summary>
internal static class WorkloadRefTemplate
{
    public static IEnumerable<Finding> Of(RuleInfo info, KubeObject o)
    {
        if (!RolloutRefusal.IsRollout(o) || Nodes.Get(o.Node, "spec.workloadRef") is not JsonObject reference
            || Nodes.Get(o.Node, "spec.template") is not JsonObject template
            || new[] { "labels", "annotations" }.FirstOrDefault(k => Nodes.Get(template, "metadata." + k) is JsonObject { Count: > 0 }) is not { } set)
        {
            yield break;
        }

        var name = RolloutRefusal.Text(reference, "name");
        yield return RolloutRefusal.For(info, o, "spec.template", $"has pod {set} beside spec.workloadRef{(name.Length > 0 ? $" (Deployment {name})" : "")}, and a Rollout takes its pod template from one or the other",
            "template must be empty for workload reference rollout",
            "remove spec.template: the pods are the referenced Deployment's (or remove spec.workloadRef to keep the Rollout's own template)",
            template);
    }
}
