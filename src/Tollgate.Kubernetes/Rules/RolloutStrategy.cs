using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c>'s findings on an Argo Rollout's <c>spec.strategy</c> that the Argo Rollouts controller
/// refuses (<see cref="RolloutRefusal"/>; the CRD marks neither strategy required nor exclusive):
/// <list type="bullet">
/// <item>no strategy (neither <c>canary</c> nor <c>blueGreen</c>, or both null), and both at once;</item>
/// <item>a canary whose <c>canaryService</c> and <c>stableService</c> are both set and name the same Service;</item>
/// <item>a blue-green whose <c>activeService</c> is the same as its <c>previewService</c> (Argo compares them even
/// when empty: <c>activeService: ""</c> with no preview is refused; an unset <c>activeService</c> is the CRD's
/// required field, found once by <see cref="SchemaFindings"/>);</item>
/// <item>a canary's <c>scaleDownDelaySeconds</c> (0 too) or <c>dynamicStableScale: true</c> without
/// <c>trafficRouting</c>, and both of them together with it.</item>
/// </list>
/// With both strategies Argo reports only that; the canary's own checks here and in <see cref="CanarySteps"/> still
/// run, as each is refused once one strategy is removed.
/// </summary>
internal static class RolloutStrategy
{
    private const string Path = "spec.strategy";
    private const string BlueGreenPath = "spec.strategy.blueGreen";

    public static IEnumerable<Finding> Of(RuleInfo info, KubeObject o)
    {
        if (!RolloutRefusal.IsRollout(o))
        {
            return [];
        }

        var strategy = Nodes.Get(o.Node, Path);
        if (strategy is not (null or JsonObject) || strategy?["canary"] is not (null or JsonObject) || strategy?["blueGreen"] is not (null or JsonObject))
        {
            return []; // not a mapping: bad input where it is read
        }

        var canary = strategy?["canary"] as JsonObject;
        var blueGreen = strategy?["blueGreen"] as JsonObject;

        return new[] { Strategies(info, o, strategy, canary, blueGreen), Canary(info, o, canary), BlueGreen(info, o, blueGreen) }
            .Where(f => f is not null)
            .Concat(CanaryScaleDown(info, o, canary))!;
    }

    private static Finding? Strategies(RuleInfo info, KubeObject o, JsonNode? strategy, JsonObject? canary, JsonObject? blueGreen) =>
        (canary, blueGreen) switch
        {
            (null, null) => RolloutRefusal.For(info, o, Path, strategy is null ? "is unset" : "sets neither canary nor blueGreen",
                "Rollout has missing field '.spec.strategy.canary or .spec.strategy.blueGreen'",
                "spec:\n  strategy:\n    canary:\n      steps:\n        - setWeight: 20\n        - pause: {duration: 5m}\n# or blueGreen: {activeService: <service>, previewService: <preview service>}",
                strategy ?? o.Node["spec"]),
            ({ }, { }) => RolloutRefusal.For(info, o, Path, "sets both canary and blueGreen, and a Rollout has one strategy", "Multiple Strategies can not be listed",
                $"keep {Path}.canary or {Path}.blueGreen, and remove the other", blueGreen, new() { ["strategies"] = new List<string> { "canary", "blueGreen" } }),
            _ => null,
        };

    private static Finding? Canary(RuleInfo info, KubeObject o, JsonObject? canary)
    {
        var (canaryService, stableService) = (RolloutRefusal.Text(canary, "canaryService"), RolloutRefusal.Text(canary, "stableService"));
        return canaryService.Length > 0 && canaryService == stableService
            ? RolloutRefusal.For(info, o, $"{RolloutRefusal.CanaryPath}.stableService", $"names the same Service as canaryService ({stableService})",
                "This rollout uses the same service for the stable and canary services, but two different services are required.",
                $"point {RolloutRefusal.CanaryPath}.canaryService at a second Service with the same selector, e.g. {stableService}-canary",
                canary!["stableService"], new() { ["service"] = stableService })
            : null;
    }

    private static Finding? BlueGreen(RuleInfo info, KubeObject o, JsonObject? blueGreen)
    {
        if (!RolloutRefusal.Has(blueGreen, "activeService") || RolloutRefusal.Text(blueGreen, "activeService") is var active && active != RolloutRefusal.Text(blueGreen, "previewService"))
        {
            return null;
        }

        var problem = active.Length > 0 ? $"names the same Service as previewService ({active})"
            : RolloutRefusal.Has(blueGreen, "previewService") ? "is empty, and so is previewService" : "is empty, as previewService is when unset";
        return RolloutRefusal.For(info, o, $"{BlueGreenPath}.activeService", problem,
            "This rollout uses the same service for the active and preview services, but two different services are required.",
            $"point {BlueGreenPath}.previewService at a second Service with the same selector{(active.Length > 0 ? $", e.g. {active}-preview" : "")}, or remove it to promote without a preview",
            blueGreen!["activeService"], new() { ["service"] = active });
    }

    private static IEnumerable<Finding> CanaryScaleDown(RuleInfo info, KubeObject o, JsonObject? canary)
    {
        var delay = canary?["scaleDownDelaySeconds"];
        var dynamic = canary?["dynamicStableScale"] is JsonValue d && d.GetValueKind() == JsonValueKind.True ? d : null;
        if (canary?["trafficRouting"] is null)
        {
            if (delay is not null)
            {
                yield return RolloutRefusal.For(info, o, $"{RolloutRefusal.CanaryPath}.scaleDownDelaySeconds", $"needs {RolloutRefusal.CanaryPath}.trafficRouting, which is unset",
                    "Canary scaleDownDelaySeconds can only be used with traffic routing",
                    $"remove it, or route the canary's traffic ({RolloutRefusal.CanaryPath}.trafficRouting: a mesh, an ingress or a plugin)",
                    delay);
            }

            if (dynamic is not null)
            {
                yield return RolloutRefusal.For(info, o, $"{RolloutRefusal.CanaryPath}.dynamicStableScale", $"needs {RolloutRefusal.CanaryPath}.trafficRouting, which is unset",
                    "Canary dynamicStableScale can only be used with traffic routing",
                    $"remove it, or route the canary's traffic ({RolloutRefusal.CanaryPath}.trafficRouting: a mesh, an ingress or a plugin)",
                    dynamic);
            }
        }
        else if (delay is not null && dynamic is not null)
        {
            yield return RolloutRefusal.For(info, o, $"{RolloutRefusal.CanaryPath}.dynamicStableScale", "is set with scaleDownDelaySeconds, and the two exclude each other",
                "Canary dynamicStableScale cannot be used with scaleDownDelaySeconds",
                $"remove {RolloutRefusal.CanaryPath}.scaleDownDelaySeconds or dynamicStableScale",
                dynamic);
        }
    }
}
