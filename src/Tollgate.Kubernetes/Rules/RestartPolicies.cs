using System.Text.Json.Nodes;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c>'s findings on where pods and containers may restart, as Kubernetes 1.36 validates them
/// (the release the field tables are generated from; <c>pkg/apis/core/validation</c> and <c>pkg/apis/apps/validation</c>
/// of kubernetes/kubernetes):
/// <list type="bullet">
/// <item>A Deployment's, StatefulSet's, DaemonSet's or ReplicaSet's pods run until replaced: the API server refuses a pod
/// template whose <c>restartPolicy</c> is not <c>Always</c> (<c>Unsupported value: "OnFailure": supported values:
/// "Always"</c>). An Argo Rollout's CRD does not say so, but each ReplicaSet the controller makes of it is refused the
/// same way, so it never rolls out. (A Job's pods must end instead: <see cref="InvalidManifestRule"/>.)</item>
/// <item>An init container that is not a sidecar (its <c>restartPolicy</c> is not <c>Always</c>) runs to completion
/// before the app starts, so the API server refuses a <c>lifecycle</c>, <c>livenessProbe</c>, <c>readinessProbe</c> or
/// <c>startupProbe</c> on it (<c>Forbidden: may not be set for init containers without restartPolicy=Always</c>): most
/// often a sidecar whose <c>restartPolicy: Always</c> was left out.</item>
/// <item>A regular container's own <c>restartPolicy</c> is refused by clusters before 1.35 (<c>Forbidden: may not be
/// set for non-init containers</c>) and taken from 1.35, where ContainerRestartRules is beta and on by default
/// (<see href="https://github.com/kubernetes/kubernetes/blob/master/pkg/features/kube_features.go"/>): it depends on
/// the cluster, so it is a medium finding, not a critical one.</item>
/// </list>
/// Values are read as meant (a misspelt <c>always</c> as <c>Always</c>); a value outside those listed is reported once,
/// by <see cref="SchemaFindings.Unsupported"/>, unless the policy is reported here.
/// </summary>
internal static class RestartPolicies
{
    private static readonly string[] SidecarOnly = ["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"];

    /// <summary>The pod template's <c>restartPolicy</c> field of a workload that must restart always, when it is set to anything else.</summary>
    public static string? WorkloadPolicyField(KubeObject o) => WorkloadPolicy(o)?.Field;

    public static IEnumerable<Finding> Of(RuleInfo info, KubeObject o)
    {
        if (WorkloadPolicy(o) is { } policy)
        {
            var misspelt = o.Unsupported.FirstOrDefault(u => u.Path == policy.Field);
            var written = misspelt?.Value ?? policy.Meant;
            var refused = o.Kind == "Rollout"
                ? $"the Argo Rollouts controller takes the Rollout, but the API server refuses each ReplicaSet it makes of it ({policy.Field}: Unsupported value: \"{policy.Meant}\": supported values: \"Always\"), so it never rolls out"
                : $"the API server refuses it ({policy.Field}: Unsupported value: \"{policy.Meant}\": supported values: \"Always\")";
            yield return ManifestFinding.For(
                info,
                o,
                $"{o}: {policy.Field} is {written}, and a {o.Kind}'s pods run until they are replaced: {refused}",
                $"set {policy.Field} to Always, or leave it unset (a pod defaults to Always); run pods that must end as a Job",
                new Dictionary<string, object?> { ["field"] = policy.Field, ["restartPolicy"] = written, ["accepted"] = new[] { "Always" } },
                o.At(misspelt?.Node ?? policy.Node));
        }

        foreach (var (spec, pod) in Nodes.PodSpecs(o))
        {
            foreach (var finding in InitContainers(info, o, spec, pod).Concat(Containers(info, o, spec, pod)))
            {
                yield return finding;
            }
        }
    }

    private static IEnumerable<Finding> InitContainers(RuleInfo info, KubeObject o, string spec, JsonObject pod)
    {
        foreach (var (container, i) in Items(pod["initContainers"]))
        {
            if (Policy(container) == "Always")
            {
                continue;
            }

            var at = $"{spec}.initContainers[{i}]";
            foreach (var key in SidecarOnly.Where(container.ContainsKey))
            {
                yield return ManifestFinding.For(
                    info,
                    o,
                    $"{o}: {at} ({Name(container)}) has a {key}, which an init container takes only as a sidecar (restartPolicy: Always): the API server refuses it ({at}.{key}: Forbidden: may not be set for init containers without restartPolicy=Always)",
                    $"set {at}.restartPolicy to Always to run it beside the app's containers as a sidecar, or remove its {key} if it runs to completion before them",
                    new Dictionary<string, object?> { ["field"] = $"{at}.{key}", ["container"] = Name(container), ["restartPolicy"] = Policy(container) },
                    o.At(container[key]));
            }
        }
    }

    private static IEnumerable<Finding> Containers(RuleInfo info, KubeObject o, string spec, JsonObject pod)
    {
        foreach (var (container, i) in Items(pod["containers"]))
        {
            if (Policy(container) is not { } policy)
            {
                continue;
            }

            var field = $"{spec}.containers[{i}].restartPolicy";
            var finding = ManifestFinding.For(
                info,
                o,
                $"{o}: {field} is {policy}: a container of its own sets restartPolicy only from Kubernetes 1.35 (ContainerRestartRules); earlier clusters refuse it ({field}: Forbidden: may not be set for non-init containers)",
                policy == "Always"
                    ? $"to run {Name(container)} as a sidecar, move it to {spec}.initContainers with restartPolicy: Always (Kubernetes 1.29 and later); otherwise remove {field}: the pod's restartPolicy applies"
                    : $"remove {field} for clusters before 1.35: the pod's restartPolicy applies to its containers",
                new Dictionary<string, object?> { ["field"] = field, ["container"] = Name(container), ["restartPolicy"] = policy, ["since"] = "1.35" },
                o.At(o.Document.LineOf(container["restartPolicy"]) is null ? container : container["restartPolicy"]));
            yield return finding with { Severity = Severity.Medium };
        }
    }

    private static (string Field, string Meant, JsonNode Node)? WorkloadPolicy(KubeObject o)
    {
        var kind = (ApiKinds.GroupReadAs(o), o.Kind) switch
        {
            ("apps", "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet") or ("argoproj.io", "Rollout") => o.Kind,
            _ => null,
        };
        if (kind is null || Nodes.Get(o.Node, "spec.template.spec") is not JsonObject pod || pod["restartPolicy"] is not { } node
            || Nodes.Text(node) is not { } meant || meant == "Always")
        {
            return null;
        }

        return ("spec.template.spec.restartPolicy", meant, node);
    }

    private static IEnumerable<(JsonObject Container, int Index)> Items(JsonNode? list) =>
        (list as JsonArray ?? []).Select((c, i) => (c as JsonObject, i)).Where(c => c.Item1 is not null).Select(c => (c.Item1!, c.i));

    private static string? Policy(JsonObject container) => Nodes.Text(container["restartPolicy"]);

    private static string Name(JsonObject container) => Nodes.Text(container["name"]) ?? "(unnamed)";
}
