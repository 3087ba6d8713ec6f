using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Objects;
using Tollgate.Yaml;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c>'s finding on a pod that selects an operating system no node has: the kubelet labels its
/// node <c>kubernetes.io/os</c> with Go's <c>runtime.GOOS</c>, which is <c>linux</c> or <c>windows</c> for the nodes
/// Kubernetes runs (<see href="https://kubernetes.io/docs/reference/labels-annotations-taints/#kubernetes-io-os"/>), so a
/// <c>nodeSelector</c> of <c>kubernetes.io/os: Linux</c> matches no node and the pods stay Pending. The API server
/// takes it (a label is any text), so this is a medium finding, not a critical one; a pod's <c>spec.os.name</c>, which
/// the API server does check, is an enum of the field tables (<see cref="SchemaFindings.Unsupported"/>).
/// </summary>
internal static class OsNodeSelector
{
    public const string Label = "kubernetes.io/os";

    private static readonly string[] Systems = ["linux", "windows"];

    public static IEnumerable<Finding> Of(RuleInfo info, KubeObject o)
    {
        foreach (var (spec, pod) in Nodes.PodSpecs(o))
        {
            var node = Nodes.Get(pod, "nodeSelector") is System.Text.Json.Nodes.JsonObject selector ? selector[Label] : null;
            if (Nodes.Text(node) is not { } os || Systems.Contains(os, StringComparer.Ordinal))
            {
                continue;
            }

            var near = Systems.FirstOrDefault(s => s.Equals(os.Trim(), StringComparison.OrdinalIgnoreCase)) ?? KeySuggestion.For(os, Systems);
            var field = $"{spec}.nodeSelector.{Label}";
            var finding = ManifestFinding.For(
                info,
                o,
                $"{o}: {field} is \"{os}\", which no node is labelled (the kubelet labels a node {Label}: linux or windows){(near is null ? "" : $"; did you mean {near}?")}: its pods match no node and stay Pending",
                near is null ? $"set {field} to linux or windows" : $"set {field} to {near}",
                new Dictionary<string, object?> { ["field"] = field, ["value"] = os, ["near"] = near, ["accepted"] = Systems },
                o.At(o.Document.LineOf(node) is null ? pod : node));
            yield return finding with { Severity = Severity.Medium };
        }
    }
}
