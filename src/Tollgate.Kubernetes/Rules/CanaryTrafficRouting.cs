using System.Text.Json.Nodes;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c>'s findings on an Argo Rollout canary's <c>trafficRouting</c> that the Argo Rollouts
/// controller refuses (<see cref="RolloutRefusal"/>; <c>requireCanaryStableServices</c> and
/// <c>ValidateRolloutStrategyCanary</c> in
/// <see href="https://github.com/argoproj/argo-rollouts/blob/9f8d111d8f8e3e88b6d7f8bbdf62fd3cd863ef9d/pkg/apis/rollouts/validation/validation.go"/>):
/// <list type="bullet">
/// <item>traffic routed by a router that splits it between two Services, without both <c>canaryService</c> and
/// <c>stableService</c> (empty is unset): SMI, APISIX, Ambassador, NGINX, App Mesh and Traefik always, ALB unless the
/// canary sets <c>pingPong</c>, Istio unless it sets <c>pingPong</c> or routes by subsets
/// (<c>istio.destinationRule</c>). Plugins alone need neither, and a canary without <c>trafficRouting</c> neither;</item>
/// <item>a <c>maxTrafficWeight</c> (0 too: set is set) without NGINX or a plugin routing the traffic.</item>
/// </list>
/// </summary>
internal static class CanaryTrafficRouting
{
    private const string RoutingPath = RolloutRefusal.CanaryPath + ".trafficRouting";

    // requireCanaryStableServices: the routers that route to the canary and stable Services, in the order Argo lists them.
    private static readonly string[] TwoServiceRouters = ["alb", "istio", "smi", "apisix", "ambassador", "nginx", "appMesh", "traefik"];

    private static readonly string[] Services = ["canaryService", "stableService"];

    public static IEnumerable<Finding> Of(RuleInfo info, KubeObject o)
    {
        if (RolloutRefusal.CanaryOf(o) is not { } canary || canary["trafficRouting"] is not JsonObject routing)
        {
            return [];
        }

        return new[] { ServicesNeeded(info, o, canary, routing), MaxWeight(info, o, routing) }.OfType<Finding>();
    }

    private static Finding? ServicesNeeded(RuleInfo info, KubeObject o, JsonObject canary, JsonObject routing)
    {
        var pingPong = RolloutRefusal.Has(canary, "pingPong");
        var routers = TwoServiceRouters.Where(r => RolloutRefusal.Has(routing, r)
                && !(pingPong && r is "alb" or "istio")
                && !(r == "istio" && RolloutRefusal.Has(routing["istio"], "destinationRule")))
            .ToList();
        var missing = Services.Where(s => RolloutRefusal.Unnamed(canary, s)).ToList();
        if (routers.Count == 0 || missing.Count == 0)
        {
            return null;
        }

        var by = string.Join(", ", routers);
        var subsets = routers.Contains("istio") ? $", or route Istio by subsets of one Service ({RoutingPath}.istio.destinationRule)" : "";
        var evidence = new Dictionary<string, object?> { ["routers"] = routers, ["unset"] = missing };
        const string ArgoSays = "Canary service and Stable service must to be set to use Traffic Routing";
        if (missing.Count == 2)
        {
            return RolloutRefusal.For(info, o, RoutingPath, $"routes the traffic by {by}, which needs canaryService and stableService, and neither is set", ArgoSays,
                $"set {RolloutRefusal.CanaryPath}.canaryService and stableService to two Services that select the Rollout's pods (e.g. {o.Name}-canary and {o.Name}-stable){subsets}",
                routing[routers[0]], evidence);
        }

        var service = missing[0];
        var other = service == "canaryService" ? "stableService" : "canaryService";
        return RolloutRefusal.For(info, o, $"{RolloutRefusal.CanaryPath}.{service}",
            $"is {(canary[service] is null ? "unset" : "empty")}, and traffic routed by {by} needs it as well as {other}", ArgoSays,
            $"set {RolloutRefusal.CanaryPath}.{service} to a second Service that selects the Rollout's pods, other than {other} (e.g. {o.Name}-{(service == "canaryService" ? "canary" : "stable")}){subsets}",
            canary[service] ?? routing[routers[0]], evidence);
    }

    private static Finding? MaxWeight(RuleInfo info, KubeObject o, JsonObject routing)
    {
        if (routing["maxTrafficWeight"] is not { } max || RolloutRefusal.Uses(routing, "nginx", "plugins"))
        {
            return null;
        }

        var routers = RolloutRefusal.Routers(routing);
        return RolloutRefusal.For(info, o, $"{RoutingPath}.maxTrafficWeight",
            $"is set{(routers.Length > 0 ? $" with traffic routed by {routers}" : "")}, and only NGINX and plugins take it",
            "Canary maxTrafficWeight in traffic routing only supported in Nginx and Plugins",
            "remove it (setWeight is then a percentage, out of 100), or route the canary's traffic with NGINX or a plugin",
            max);
    }
}
