using System.Text.Json.Nodes;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c>'s findings on an Argo Rollout canary's <c>pingPong</c> that the Argo Rollouts controller
/// refuses (<see cref="RolloutRefusal"/>; <c>ValidateRolloutStrategyCanary</c> in
/// <see href="https://github.com/argoproj/argo-rollouts/blob/9f8d111d8f8e3e88b6d7f8bbdf62fd3cd863ef9d/pkg/apis/rollouts/validation/validation.go"/>):
/// <list type="bullet">
/// <item>a <c>trafficRouting</c> without ALB, Istio or a plugin;</item>
/// <item>a <c>pingService</c> or <c>pongService</c> written empty (an unset one is the CRD's required field, found once
/// by <see cref="SchemaFindings"/>), and the two naming one Service;</item>
/// <item>ALB routing without <c>trafficRouting.alb.rootService</c>.</item>
/// </list>
/// Argo checks the router only when <c>trafficRouting</c> is set, and does not refuse <c>pingPong</c> beside
/// <c>canaryService</c> and <c>stableService</c>, so neither is a finding.
/// </summary>
internal static class PingPong
{
    private const string Path = RolloutRefusal.CanaryPath + ".pingPong";

    private const string BothNeeded = "Ping service and Pong service must to be set to use Ping-Pong feature";

    public static IEnumerable<Finding> Of(RuleInfo info, KubeObject o)
    {
        if (RolloutRefusal.CanaryOf(o) is not { } canary || canary["pingPong"] is not JsonObject pingPong)
        {
            yield break;
        }

        var routing = canary["trafficRouting"] as JsonObject;
        if (routing is not null && !RolloutRefusal.Uses(routing, "alb", "istio", "plugins"))
        {
            var routers = RolloutRefusal.Routers(routing);
            yield return RolloutRefusal.For(info, o, Path,
                $"needs traffic routed by ALB, Istio or a plugin, {(routers.Length > 0 ? $"not {routers}" : "and trafficRouting names none")}",
                "Ping-pong feature works with the ALB, Istio, and plugin-based traffic routers only",
                "route the canary's traffic with ALB, Istio or a plugin, or remove pingPong and name canaryService and stableService instead",
                pingPong);
        }

        foreach (var service in new[] { "pingService", "pongService" })
        {
            if (pingPong[service] is { } written && RolloutRefusal.Unnamed(pingPong, service))
            {
                yield return RolloutRefusal.For(info, o, $"{Path}.{service}", "is empty", BothNeeded,
                    $"name a Service that selects the Rollout's pods in {Path}.{service}, other than the {(service == "pingService" ? "pong" : "ping")} one (e.g. {o.Name}-{service[..4]})",
                    written);
            }
        }

        var ping = RolloutRefusal.Text(pingPong, "pingService");
        if (ping.Length > 0 && ping == RolloutRefusal.Text(pingPong, "pongService"))
        {
            yield return RolloutRefusal.For(info, o, $"{Path}.pingService", $"names the same Service as pongService ({ping})",
                "This rollout uses the same service for the ping and pong services, but two different services are required.",
                $"point {Path}.pongService at a second Service with the same selector, e.g. {ping}-pong",
                pingPong["pingService"], new() { ["service"] = ping });
        }

        if (routing?["alb"] is JsonObject alb && RolloutRefusal.Unnamed(alb, "rootService"))
        {
            yield return RolloutRefusal.For(info, o, $"{RolloutRefusal.CanaryPath}.trafficRouting.alb.rootService",
                $"is {(alb["rootService"] is null ? "unset" : "empty")}, and ALB routing with pingPong needs it",
                "Root service field is required for the configuration with ALB and ping-pong feature enabled",
                $"set {RolloutRefusal.CanaryPath}.trafficRouting.alb.rootService to the Service the ingress sends the traffic to (e.g. {o.Name})",
                alb["rootService"] ?? alb);
        }
    }
}
