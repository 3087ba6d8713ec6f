using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Objects;
using Tollgate.Kubernetes.Workloads;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c>'s findings on an Argo Rollout's canary steps that the Argo Rollouts controller refuses
/// (<see cref="RolloutRefusal"/>; the API server takes them, the CRD sets no bounds):
/// <list type="bullet">
/// <item>a step that sets no step (<c>- {}</c>, or <c>- pause:</c> with no value, which is null and so no pause);</item>
/// <item>a step that sets more than one of <c>setWeight</c>, <c>pause</c>, <c>experiment</c> and <c>analysis</c>;</item>
/// <item>a <c>setWeight</c> below 0 or above 100 (above <c>trafficRouting.maxTrafficWeight</c> when that is set);</item>
/// <item>a <c>pause.duration</c> below 0 seconds as Argo reads it (<see cref="PauseDuration"/>: <c>-5</c>, <c>-5s</c>,
/// and text that is no duration, <c>abc</c>, <c>1.5</c>, <c>5 min</c>, which it reads as -1); 0 is taken;</item>
/// <item>a <c>setCanaryScale</c> without <c>trafficRouting</c>, and an experiment template's <c>weight</c> without
/// traffic routed by SMI, ALB, Istio or a plugin.</item>
/// </list>
/// Argo bounds neither <c>setCanaryScale.weight</c> nor <c>replicas</c>, so neither is refused here. Routes and analysis
/// arguments: <see cref="CanaryRoutes"/>, <see cref="StepAnalysisArgs"/>.
/// </summary>
internal static class CanarySteps
{
    private static readonly string[] Kinds = ["setWeight", "pause", "setCanaryScale", "experiment", "analysis", "plugin", "setHeaderRoute", "setMirrorRoute"];

    // hasMultipleStepsType: the kinds a step may not combine (setCanaryScale and the routes may ride along).
    private static readonly string[] Exclusive = ["setWeight", "pause", "experiment", "analysis"];

    private const string OneStep = "Step must have one of the following set: experiment, setWeight, setCanaryScale, plugin or pause";

    public static IEnumerable<Finding> Of(RuleInfo info, KubeObject o)
    {
        if (RolloutRefusal.Canary(o) is not var (_, steps, routing))
        {
            yield break;
        }

        var maxWeight = routing?["maxTrafficWeight"] is JsonValue max && max.GetValueKind() == JsonValueKind.Number ? Nodes.AsDouble(max) : 100;
        for (var i = 0; i < steps.Count; i++)
        {
            var path = $"{RolloutRefusal.CanaryPath}.steps[{i}]";
            var step = steps[i] as JsonObject;
            var findings = new[] { Shape(info, o, step, steps[i], path), Weight(info, o, step, path, maxWeight, routing), Pause(info, o, step, path), Scale(info, o, step, path, routing) }
                .Where(f => f is not null)
                .Concat(ExperimentWeights(info, o, step, path, routing));
            foreach (var finding in findings)
            {
                yield return finding!;
            }
        }
    }

    private static Finding? Shape(RuleInfo info, KubeObject o, JsonObject? step, JsonNode? written, string path)
    {
        if (written is not (null or JsonObject))
        {
            return null; // not a mapping: bad input where it is read
        }

        var set = Exclusive.Where(k => RolloutRefusal.Has(step, k)).ToList();
        if (set.Count > 1)
        {
            var both = set.Count == 2 ? $"both {set[0]} and {set[1]}" : $"{string.Join(", ", set[..^1])} and {set[^1]}";
            return RolloutRefusal.For(info, o, path, $"sets {both}, and a step is one of them", OneStep,
                "split it into one step each, in the order they should run:\n" + string.Join("\n", set.Select(k => $"- {k}: {step![k]!.ToJsonString()}")),
                step, new() { ["kinds"] = set });
        }

        if (Kinds.Any(k => RolloutRefusal.Has(step, k)))
        {
            return null;
        }

        var nullPause = step?.ContainsKey("pause") == true;
        return RolloutRefusal.For(info, o, path, nullPause ? "sets no step (pause: with no value is null, which is no pause)" : "sets no step", OneStep,
            nullPause ? "write pause: {} to wait until the rollout is promoted, or pause: {duration: 1m} to wait a while"
                : $"give it one of {string.Join(", ", Kinds[..^1])} or {Kinds[^1]}, or remove it",
            step ?? written, new() { ["kinds"] = new List<string>() });
    }

    private static Finding? Weight(RuleInfo info, KubeObject o, JsonObject? step, string path, double maxWeight, JsonObject? routing)
    {
        if (step?["setWeight"] is not JsonValue weight || weight.GetValueKind() != JsonValueKind.Number || Nodes.AsDouble(weight) is var w && w >= 0 && w <= maxWeight)
        {
            return null;
        }

        var max = maxWeight.ToString(CultureInfo.InvariantCulture);
        var ofMax = routing?["maxTrafficWeight"] is not null ? $" (its trafficRouting.maxTrafficWeight)" : "";
        return RolloutRefusal.For(info, o, $"{path}.setWeight", $"{Nodes.Describe(o, weight)} is not between 0 and {max}{ofMax}", $"SetWeight needs to be between 0 and {max}",
            $"set {path}.setWeight between 0 and {max}: the canary's share of the traffic{(ofMax.Length > 0 ? $", out of {max}" : " in percent (100 sends it all)")}",
            weight, new() { ["setWeight"] = w, ["maxWeight"] = maxWeight });
    }

    private static Finding? Pause(RuleInfo info, KubeObject o, JsonObject? step, string path)
    {
        var duration = Nodes.Get(step, "pause.duration") as JsonValue;
        var seconds = duration?.GetValueKind() switch
        {
            JsonValueKind.String => (double?)PauseDuration.Read(duration.GetValue<string>()),
            JsonValueKind.Number => Nodes.AsDouble(duration),
            _ => 0,
        };
        if (seconds >= 0)
        {
            return null;
        }

        var problem = seconds is null
            ? $"{Nodes.Describe(o, duration)} is not a duration Argo Rollouts reads, which it takes as -1 second (it reads a whole number of seconds, or a Go duration like 30s, 5m or 1h30m)"
            : $"{Nodes.Describe(o, duration)} is below 0 seconds";
        return RolloutRefusal.For(info, o, $"{path}.pause.duration", problem, "Duration needs to be greater than 0",
            $"write {path}.pause.duration as a duration like 30s, 5m or 1h (or a whole number of seconds), or pause: {{}} to wait until the rollout is promoted",
            duration, new() { ["duration"] = duration!.GetValueKind() == JsonValueKind.String ? duration.GetValue<string>() : seconds });
    }

    private static Finding? Scale(RuleInfo info, KubeObject o, JsonObject? step, string path, JsonObject? routing) =>
        routing is null && RolloutRefusal.Has(step, "setCanaryScale")
            ? RolloutRefusal.For(info, o, $"{path}.setCanaryScale", $"needs {RolloutRefusal.CanaryPath}.trafficRouting, which is unset", "SetCanaryScale requires TrafficRouting to be set",
                $"route the canary's traffic ({RolloutRefusal.CanaryPath}.trafficRouting: a mesh, an ingress or a plugin), or use setWeight alone, which scales the canary with pod counts",
                step!["setCanaryScale"])
            : null;

    private static IEnumerable<Finding> ExperimentWeights(RuleInfo info, KubeObject o, JsonObject? step, string path, JsonObject? routing)
    {
        if (Nodes.Get(step, "experiment.templates") is not JsonArray templates || RolloutRefusal.Uses(routing, "smi", "alb", "istio", "plugins"))
        {
            yield break;
        }

        for (var j = 0; j < templates.Count; j++)
        {
            if (templates[j]?["weight"] is not { } weight)
            {
                continue;
            }

            var field = $"{path}.experiment.templates[{j}].weight";
            yield return routing is null
                ? RolloutRefusal.For(info, o, field, $"needs {RolloutRefusal.CanaryPath}.trafficRouting, which is unset", "Experiment template weight cannot be set unless TrafficRouting is enabled",
                    $"route the canary's traffic with SMI, ALB, Istio or a plugin ({RolloutRefusal.CanaryPath}.trafficRouting), or remove the weight", weight)
                : RolloutRefusal.For(info, o, field, $"needs traffic routed by SMI, ALB, Istio or a plugin, not {RolloutRefusal.Routers(routing)}", "Experiment template weight is only available for TrafficRouting with SMI, ALB, Istio and Plugins at this time",
                    "remove the weight (the experiment's pods then take no share of the traffic), or route with SMI, ALB, Istio or a plugin", weight);
        }
    }
}
