using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Kubernetes.Objects;
using k8s.Models;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Workloads;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/readiness-probe</c>: a container without a readiness probe is sent traffic (and counted available by the
/// rollout) as soon as it starts; one whose readiness probe makes the same check as its liveness probe is restarted
/// when a dependency slows down instead of being taken out of rotation, so every pod restarts together. A probe
/// written under a misspelt key (<c>readinessProbes</c>, which the API server drops) is named as the reason.
/// </summary>
public sealed class ReadinessProbeRule : IManifestRule
{
    public RuleInfo Info { get; } = new("k8s/readiness-probe", Severity.High, "A container has no readiness probe, or one identical to its liveness probe") { Pillar = ManifestRules.Pillar };

    public IEnumerable<Finding> Evaluate(ManifestSet set)
    {
        foreach (var workload in set.Declared.Where(w => w.Template?.Spec?.Containers is not null && w.Replicas != 0))
        {
            var containers = workload.Template!.Spec.Containers;
            for (var i = 0; i < containers.Count; i++)
            {
                var container = containers[i];
                var evidence = new Dictionary<string, object?> { ["container"] = container.Name };
                if (container.ReadinessProbe is null && MisspeltProbe(workload, i, container.Name) is { } written)
                {
                    evidence["written"] = written;
                    yield return ManifestFinding.For(
                        Info,
                        workload,
                        $"container {container.Name} of {workload} has no readiness probe: it is written as {written}, which is not a field (k8s/invalid-manifest), so the API server drops it and the container gets traffic, and the rollout counts it available, as soon as it starts",
                        $"rename {written} to readinessProbe",
                        evidence);
                }
                else if (container.ReadinessProbe is null)
                {
                    yield return ManifestFinding.For(
                        Info,
                        workload,
                        $"container {container.Name} of {workload} has no readiness probe: it gets traffic, and the rollout counts it available, as soon as it starts",
                        "readinessProbe:\n  httpGet:\n    path: /ready\n    port: http\n  periodSeconds: 5\n  failureThreshold: 3",
                        evidence);
                }
                else if (container.LivenessProbe is { } liveness && Check(liveness) == Check(container.ReadinessProbe))
                {
                    evidence["probe"] = Check(liveness);
                    yield return ManifestFinding.For(
                        Info,
                        workload,
                        $"container {container.Name} of {workload}: the readiness and liveness probes make the same check ({Describe(liveness)}): when a dependency slows down every pod fails both and is restarted instead of taken out of rotation",
                        "readinessProbe: checks what serving needs (dependencies, warm caches)\nlivenessProbe: checks only that the process can make progress (a separate, cheaper endpoint, higher failureThreshold)",
                        evidence);
                }
            }
        }
    }

    /// <summary>
    /// The key of the container written in the workload's own pod template (by its position and name) that is no
    /// field of a container and is a typo or two from <c>readinessProbe</c>; null when there is none.
    /// </summary>
    private static string? MisspeltProbe(Workload workload, int index, string name)
    {
        if (Nodes.Get(workload.Source.Node, "spec.template.spec.containers") is not JsonArray written
            || index >= written.Count || written[index] is not JsonObject container
            || container["name"] is not JsonValue named || named.ToString() != name)
        {
            return null;
        }

        var fields = ApiFields.Kubernetes.Of("core.v1.Container") ?? [];
        return container.Select(p => p.Key).FirstOrDefault(key => !fields.Contains(key) && Yaml.KeySuggestion.For(key, fields) == "readinessProbe");
    }

    /// <summary>The probe's handler (exec, httpGet, tcpSocket, grpc) as JSON: what it checks, without its timing.</summary>
    private static string Check(V1Probe probe) =>
        JsonSerializer.Serialize(new V1Probe { Exec = probe.Exec, HttpGet = probe.HttpGet, TcpSocket = probe.TcpSocket, Grpc = probe.Grpc }, KubernetesModels.Default.V1Probe);

    private static string Describe(V1Probe probe) =>
        probe.HttpGet is { } http ? $"httpGet {http.Path ?? "/"} on port {http.Port?.Value}"
        : probe.TcpSocket is { } tcp ? $"tcpSocket on port {tcp.Port?.Value}"
        : probe.Grpc is { } grpc ? $"grpc on port {grpc.Port}"
        : probe.Exec is { } exec ? $"exec {string.Join(" ", exec.Command ?? [])}"
        : "no handler";
}
