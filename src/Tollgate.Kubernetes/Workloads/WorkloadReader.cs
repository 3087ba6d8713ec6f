using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using Tollgate.Kubernetes.Objects;
using Tollgate.Kubernetes.Selectors;

namespace Tollgate.Kubernetes.Workloads;

/// <summary>Deployments and StatefulSets through the client's typed models; Argo Rollouts from their tree, with the pod template typed.</summary>
internal static class WorkloadReader
{
    public static Workload Deployment(KubeObject source)
    {
        RollingBounds.Check(source, "spec.strategy.rollingUpdate");
        var spec = Typed.Read(source, source.Node, KubernetesModels.Default.V1Deployment, "").Spec ?? new V1DeploymentSpec();
        var type = spec.Strategy?.Type ?? "RollingUpdate";
        return Common(source, spec.Replicas, spec.MinReadySeconds, spec.Template, spec.Selector) with
        {
            Strategy = type == "RollingUpdate"
                ? new UpdateStrategy(type, spec.Strategy?.RollingUpdate?.MaxUnavailable ?? "25%", spec.Strategy?.RollingUpdate?.MaxSurge ?? "25%")
                : new UpdateStrategy(type, null, null),
        };
    }

    public static Workload StatefulSet(KubeObject source)
    {
        RollingBounds.Check(source, "spec.updateStrategy.rollingUpdate");
        var spec = Typed.Read(source, source.Node, KubernetesModels.Default.V1StatefulSet, "").Spec ?? new V1StatefulSetSpec();
        var type = spec.UpdateStrategy?.Type ?? "RollingUpdate";
        return Common(source, spec.Replicas, spec.MinReadySeconds, spec.Template, spec.Selector) with
        {
            Strategy = new UpdateStrategy(type, type == "RollingUpdate" ? spec.UpdateStrategy?.RollingUpdate?.MaxUnavailable ?? 1 : null, null)
            {
                Path = "spec.updateStrategy.rollingUpdate",
            },
        };
    }

    /// <summary>An Argo Rollout (<c>argoproj.io/v1alpha1</c>); a <c>workloadRef</c> template is filled in by <see cref="ManifestSet"/>.</summary>
    public static Workload Rollout(KubeObject source)
    {
        var spec = Nodes.Mapping(source, source.Node, "spec");
        var template = Nodes.Mapping(source, spec, "template") is { } t ? Typed.Read(source, t, KubernetesModels.Default.V1PodTemplateSpec, "spec.template") : null;
        var selector = Nodes.Mapping(source, spec, "selector") is { } s ? Typed.Read(source, s, KubernetesModels.Default.V1LabelSelector, "spec.selector") : null;
        var workload = Common(source, Int(source, spec, "replicas", "spec.replicas"), Int(source, spec, "minReadySeconds", "spec.minReadySeconds"), template, selector);
        if (Nodes.Mapping(source, spec, "strategy.canary") is { } canary)
        {
            RollingBounds.Check(source, "spec.strategy.canary");
            return workload with
            {
                Strategy = new UpdateStrategy("Canary", Bound(source, canary, "maxUnavailable") ?? "25%", Bound(source, canary, "maxSurge") ?? "25%") { Path = "spec.strategy.canary" },
                Canary = new RolloutCanary(Steps(source, canary), Nodes.Get(canary, "trafficRouting") is JsonObject),
            };
        }

        return workload with { Strategy = new UpdateStrategy(Nodes.Get(spec, "strategy.blueGreen") is JsonObject ? "BlueGreen" : "Canary", null, null) { Path = "spec.strategy" } };
    }

    private static Workload Common(KubeObject source, int? replicas, int? minReadySeconds, V1PodTemplateSpec? template, V1LabelSelector? selector) =>
        New(source, NotNegative(source, replicas, "replicas"), NotNegative(source, minReadySeconds, "minReadySeconds"), template, selector);

    /// <summary>
    /// A count below 0, which no rule can judge (-5 replicas were linted as "maxUnavailable 25% is -2 of its -5 pods"),
    /// and which the API server refuses for its own kinds (<c>ValidateNonnegativeField</c>).
    /// </summary>
    private static int? NotNegative(KubeObject source, int? value, string field) =>
        value < 0 ? throw new Domain.InvalidInputException($"{source.At(Nodes.Get(source.Node, "spec." + field))}: {source}: spec.{field} must be 0 or more, not {value} ({(source.Kind == "Rollout" ? "a negative count" : "the API server refuses a negative count")})") : value;

    private static Workload New(KubeObject source, int? replicas, int? minReadySeconds, V1PodTemplateSpec? template, V1LabelSelector? selector) =>
        new(source, source.Kind, source.Name, source.Namespace)
        {
            Replicas = replicas,
            MinReadySeconds = minReadySeconds,
            Template = template,
            Selector = LabelSelector.From(source, selector, emptyMatchesAll: false),
            MatchLabels = selector?.MatchLabels is { } labels ? new Dictionary<string, string>(labels) : new Dictionary<string, string>(),
        };

    private static List<CanaryStep> Steps(KubeObject source, JsonObject canary)
    {
        var steps = new List<CanaryStep>();
        var list = Nodes.Sequence(source, canary, "steps") ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            var step = list[i] ?? new JsonObject();
            var isPause = Nodes.Get(step, "pause") is not null;
            steps.Add(new CanaryStep(i, Int(source, step, "setWeight", $"spec.strategy.canary.steps[{i}].setWeight"), isPause, isPause ? Pause(source, step, $"spec.strategy.canary.steps[{i}].pause.duration") : null, step));
        }

        return steps;
    }

    /// <summary>
    /// A step's <c>pause.duration</c> as Argo reads it (<see cref="PauseDuration"/>), null when unset or below 0
    /// seconds: the controller refuses that one (<c>k8s/invalid-manifest</c> says so). A value the CRD does not take
    /// (a fraction, a mapping) is bad input.
    /// </summary>
    private static TimeSpan? Pause(KubeObject source, JsonNode step, string shownAs)
    {
        var seconds = Nodes.Get(step, "pause.duration") switch
        {
            null => (long?)null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => PauseDuration.Seconds(v.GetValue<string>()),
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => Int(source, step, "pause.duration", shownAs),
            var v => throw Nodes.Wrong(source, v, shownAs, "a duration like 30s, 5m or 1h30m, or a whole number of seconds"),
        };
        return seconds >= 0 ? TimeSpan.FromSeconds(seconds.Value) : null;
    }

    private static int? Int(KubeObject source, JsonNode? node, string path, string? shownAs = null) =>
        Nodes.Number(source, node, path, shownAs) is { } n
            ? n == Math.Floor(n) && n is >= int.MinValue and <= int.MaxValue ? (int)n
                : throw Nodes.Wrong(source, Nodes.Get(node, path), shownAs ?? path, n != Math.Floor(n) || double.IsInfinity(n) ? "an integer" : $"an integer of {(n > 0 ? "at most 2147483647" : "at least -2147483648")} (Kubernetes holds it in 32 bits)")
            : null;

    private static IntOrString? Bound(KubeObject source, JsonNode node, string path) =>
        Nodes.Text(source, node, path) is { } text ? (IntOrString)text : null;
}
