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
/// A native sidecar (an init container with <c>restartPolicy: Always</c>) is held to the second check too: its
/// readiness probe counts towards the pod's readiness ("If a readinessProbe is specified for this init container, its
/// result will be used to determine the ready state of the Pod",
/// <see href="https://github.com/kubernetes/website/blob/020519ec6c14e148f26ddb4ca3a0ea2550ddda51/content/en/docs/concepts/workloads/pods/sidecar-containers.md"/>),
/// so the same check as its liveness probe restarts every pod's sidecar together as well. A sidecar without a
/// readiness probe counts ready once started and is no finding (many serve no traffic to probe); an init container
/// that is not a sidecar cannot have probes (<see cref="RestartPolicies"/>). A probe of any kind that names a port the
/// container does not declare fails every time (<see cref="UnresolvedPorts"/>).
/// </summary>
public sealed class ReadinessProbeRule : IManifestRule
{
    public RuleInfo Info { get; } = new("k8s/readiness-probe", Severity.High, "A container has no readiness probe, or one identical to its liveness probe (a native sidecar's too), or a probe naming a port the container does not declare (it fails every time)") { Pillar = ManifestRules.Pillar };

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
                    if (ReferenceEquals(workload.TemplateSource, workload.Source) && Nodes.Get(workload.Source.Node, "spec.template") is not null)
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
                        $"readinessProbe:\n  httpGet:\n    path: /ready\n    port: {PortOf(container)}\n  periodSeconds: 5\n  failureThreshold: 3",
                        evidence,
                        At(workload, "containers", i));
                }
                else if (SameCheck(workload, container, evidence, sidecar: false, At(workload, "containers", i)) is { } same)
                {
                    yield return same;
                }

                foreach (var unresolved in UnresolvedPorts(workload, container, At(workload, "containers", i)))
                {
                    yield return unresolved;
                }
            }

            var inits = workload.Template.Spec.InitContainers ?? [];
            for (var i = 0; i < inits.Count; i++)
            {
                var init = inits[i];
                if (init.RestartPolicy != "Always")
                {
                    continue;
                }

                var evidence = new Dictionary<string, object?> { ["container"] = init.Name, ["sidecar"] = true };
                if (SameCheck(workload, init, evidence, sidecar: true, At(workload, "initContainers", i)) is { } same)
                {
                    yield return same;
                }

                foreach (var unresolved in UnresolvedPorts(workload, init, At(workload, "initContainers", i)))
                {
                    yield return unresolved;
                }
            }
        }
    }

    /// <summary>A finding when <paramref name="container"/>'s readiness probe makes the same check as its liveness probe.</summary>
    private Finding? SameCheck(Workload workload, V1Container container, Dictionary<string, object?> evidence, bool sidecar, SourceLocation at)
    {
        if (container.ReadinessProbe is not { } readiness || container.LivenessProbe is not { } liveness || Check(container, liveness) != Check(container, readiness))
        {
            return null;
        }

        evidence["probe"] = AsWritten(liveness);
        return ManifestFinding.For(
            Info,
            workload,
            sidecar
                ? $"sidecar {container.Name} of {workload}: the readiness and liveness probes make the same check ({Describe(liveness)}): a sidecar's readiness counts towards its pod's (Kubernetes 1.29 and later), so when a dependency slows down every pod's sidecar fails both and is restarted instead of the pod being taken out of rotation"
                : $"container {container.Name} of {workload}: the readiness and liveness probes make the same check ({Describe(liveness)}): when a dependency slows down every pod fails both and is restarted instead of taken out of rotation",
            "readinessProbe: checks what serving needs (dependencies, warm caches)\nlivenessProbe: checks only that the process can make progress (a separate, cheaper endpoint, higher failureThreshold)",
            evidence,
            at);
    }

    /// <summary>
    /// A probe whose <c>httpGet</c> or <c>tcpSocket</c> port is a name the container's <c>ports</c> do not declare
    /// (<c>port: htp</c> beside <c>ports: [{name: http}]</c>). The API server takes it (a well-formed port name), but
    /// the kubelet cannot resolve it to a number (<c>ResolveContainerPort</c>: "couldn't find port"), and a probe it
    /// cannot run fails: a readiness probe keeps the pod out of rotation for ever, a liveness or startup probe restarts
    /// the container again and again. A malformed name is k8s/invalid-manifest's (<see cref="ProbePorts"/>).
    /// </summary>
    private IEnumerable<Finding> UnresolvedPorts(Workload workload, V1Container container, SourceLocation at)
    {
        var declared = (container.Ports ?? []).Select(p => p.Name).Where(n => !string.IsNullOrEmpty(n)).ToList();
        foreach (var (name, probe, outcome) in new[]
        {
            ("readinessProbe", container.ReadinessProbe, "the pod never becomes ready"),
            ("livenessProbe", container.LivenessProbe, "the container is restarted again and again"),
            ("startupProbe", container.StartupProbe, "the container is restarted again and again before it ever starts"),
        })
        {
            var (action, port) = probe?.HttpGet is { } http ? ("httpGet", http.Port?.Value) : probe?.TcpSocket is { } tcp ? ("tcpSocket", tcp.Port?.Value) : ("", null);
            if (port is null || !port.Any(char.IsAsciiLetterLower) || ProbePorts.NameProblem(port) is not null || declared.Contains(port))
            {
                continue;
            }

            var ports = declared.Count > 0 ? $"its ports are named {string.Join(", ", declared)}" : "it names none of its ports";
            yield return ManifestFinding.For(
                Info,
                workload,
                $"container {container.Name} of {workload}: the {name} checks port '{port}', which the container does not declare ({ports}): the kubelet cannot resolve it, so the probe fails every time and {outcome}",
                declared.Count > 0 ? $"set {name}.{action}.port to one of the container's port names ({string.Join(", ", declared)}) or a port number" : $"set {name}.{action}.port to a port number, or declare the port in ports: [{{name: {port}, containerPort: <number>}}]",
                new Dictionary<string, object?> { ["container"] = container.Name, ["probe"] = name, ["port"] = port, ["declared"] = declared.ToArray() },
                at);
        }
    }

    /// <summary>
    /// The line of the container (its <c>- name:</c>) in the pod template it is written in: the workload's own, or for
    /// a Rollout with a <c>workloadRef</c> the Deployment's, in its file, where the probe goes; else the workload's line.
    /// </summary>
    private static SourceLocation At(Workload workload, string list, int index) =>
        Nodes.Get(workload.TemplateSource.Node, "spec.template.spec." + list) is System.Text.Json.Nodes.JsonArray items && index < items.Count && items[index] is { } container
            ? workload.TemplateSource.At(container)
            : workload.Location;

    /// <summary>
    /// The port a suggested probe checks: the container's first named port, else its first <c>containerPort</c>, else a
    /// placeholder the API server refuses as a port name, so that it is filled in and never applied as is.
    /// </summary>
    private static string PortOf(V1Container container) =>
        container.Ports?.FirstOrDefault(p => !string.IsNullOrEmpty(p.Name))?.Name
        ?? container.Ports?.FirstOrDefault()?.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture)
        ?? "<port>";

    /// <summary>
    /// The probe's handler (exec, httpGet, tcpSocket, grpc) as JSON: what the kubelet checks, without its timing. It is
    /// read as the kubelet sends it, so two spellings of one request are one check: a named port as the container's
    /// port of that name (<c>port: http</c> beside <c>ports: [{name: http, containerPort: 8080}]</c> is 8080), and the
    /// defaults spelt out or left unset alike (<c>scheme: HTTP</c>, <c>host: ""</c> for the pod's IP, <c>path: ""</c>
    /// for <c>/</c>, no headers, gRPC <c>service: ""</c>).
    /// </summary>
    private static string Check(V1Container container, V1Probe probe) =>
        JsonSerializer.Serialize(
            new V1Probe
            {
                Exec = probe.Exec,
                HttpGet = probe.HttpGet is { } http
                    ? new V1HTTPGetAction
                    {
                        Port = Port(container, http.Port),
                        Host = Text(http.Host),
                        HttpHeaders = http.HttpHeaders is { Count: > 0 } headers ? headers : null,
                        Path = string.IsNullOrEmpty(http.Path) ? "/" : http.Path,
                        Scheme = string.IsNullOrEmpty(http.Scheme) ? "HTTP" : http.Scheme,
                    }
                    : null,
                TcpSocket = probe.TcpSocket is { } tcp ? new V1TCPSocketAction { Port = Port(container, tcp.Port), Host = Text(tcp.Host) } : null,
                Grpc = probe.Grpc is { } grpc ? new V1GRPCAction { Port = grpc.Port, Service = Text(grpc.Service) } : null,
            },
            KubernetesModels.Default.V1Probe);

    private static string? Text(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>A named port as the number the container declares under that name; a number, or a name it does not declare, as written.</summary>
    private static IntOrString Port(V1Container container, IntOrString? port) =>
        port?.Value is { } name && container.Ports?.FirstOrDefault(p => p.Name == name) is { } declared
            ? declared.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : port ?? "";

    /// <summary>The liveness probe's handler as the manifest writes it (the evidence): <see cref="Check"/> only compares.</summary>
    private static string AsWritten(V1Probe probe) =>
        JsonSerializer.Serialize(new V1Probe { Exec = probe.Exec, HttpGet = probe.HttpGet, TcpSocket = probe.TcpSocket, Grpc = probe.Grpc }, KubernetesModels.Default.V1Probe);

    private static string Describe(V1Probe probe) =>
        probe.HttpGet is { } http ? $"httpGet {http.Path ?? "/"} on port {http.Port?.Value}"
        : probe.TcpSocket is { } tcp ? $"tcpSocket on port {tcp.Port?.Value}"
        : probe.Grpc is { } grpc ? $"grpc on port {grpc.Port}"
        : probe.Exec is { } exec ? $"exec {string.Join(" ", exec.Command ?? [])}"
        : "no handler";
}
