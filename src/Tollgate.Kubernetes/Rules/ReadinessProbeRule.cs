using System.Text.Json;
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
/// written under a misspelt key (<c>readinessProbes</c>) is judged as the probe it means (<see cref="MeantFields"/>):
/// <c>k8s/invalid-manifest</c> reports the key once, and this rule does not report a missing probe for it.
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
                if (container.ReadinessProbe is null)
                {
                    if (Nodes.Get(workload.Source.Node, "spec.template") is not null)
                    {
                        // The pod template is the workload's own (not a Rollout's workloadRef's): a key beside the
                        // container's missing probe that has a probe's shape folds this finding (UnsetBesideUnknown).
                        evidence["unset"] = $"spec.template.spec.containers[{i}].readinessProbe";
                        evidence["unsetWhy"] = "no readiness probe: the container gets traffic as soon as it starts";
                    }

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
