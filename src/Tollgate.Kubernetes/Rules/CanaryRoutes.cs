using System.Text.Json.Nodes;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c>'s findings on an Argo Rollout's route steps that the Argo Rollouts controller refuses
/// (<see cref="RolloutRefusal"/>): a <c>setHeaderRoute</c> without traffic routed by Istio, ALB, APISIX or a plugin, a
/// <c>setMirrorRoute</c> without Istio or a plugin, either without <c>trafficRouting.managedRoutes</c> or with a route
/// name it does not list, and a header, method or path match that sets none or more than one of <c>exact</c>,
/// <c>regex</c> and <c>prefix</c> (with ALB, a header match takes <c>exact</c> only).
/// </summary>
internal static class CanaryRoutes
{
    private const string Routes = RolloutRefusal.CanaryPath + ".trafficRouting.managedRoutes";

    public static IEnumerable<Finding> Of(RuleInfo info, KubeObject o)
    {
        if (RolloutRefusal.Canary(o) is not var (_, steps, routing))
        {
            yield break;
        }

        for (var i = 0; i < steps.Count; i++)
        {
            var path = $"{RolloutRefusal.CanaryPath}.steps[{i}]";
            var findings = Header(info, o, steps[i]?["setHeaderRoute"], $"{path}.setHeaderRoute", routing)
                .Concat(Mirror(info, o, steps[i]?["setMirrorRoute"], $"{path}.setMirrorRoute", routing));
            foreach (var finding in findings)
            {
                yield return finding;
            }
        }
    }

    private static IEnumerable<Finding> Header(RuleInfo info, KubeObject o, JsonNode? route, string path, JsonObject? routing)
    {
        if (route is null)
        {
            yield break;
        }

        if (!RolloutRefusal.Uses(routing, "istio", "alb", "apisix", "plugins"))
        {
            yield return Unrouted(info, o, route, path, routing, "Istio, ALB, APISIX or a plugin", "SetHeaderRoute requires TrafficRouting, supports Istio and ALB and Apisix");
        }
        else if (route["match"] is JsonArray matches)
        {
            for (var j = 0; j < matches.Count; j++)
            {
                if (matches[j]?["headerValue"] is JsonObject value && Match(info, o, value, $"{path}.match[{j}].headerValue", exactOnly: routing!["alb"] is not null) is { } finding)
                {
                    yield return finding;
                }
            }
        }

        if (Managed(info, o, route, path, routing) is { } unmanaged)
        {
            yield return unmanaged;
        }
    }

    private static IEnumerable<Finding> Mirror(RuleInfo info, KubeObject o, JsonNode? route, string path, JsonObject? routing)
    {
        if (route is null)
        {
            yield break;
        }

        if (!RolloutRefusal.Uses(routing, "istio", "plugins"))
        {
            yield return Unrouted(info, o, route, path, routing, "Istio or a plugin", "SetMirrorRoute requires TrafficRouting, supports Istio and Plugins");
        }

        var matches = route["match"] as JsonArray ?? [];
        for (var j = 0; j < matches.Count; j++)
        {
            foreach (var part in new[] { "method", "path" })
            {
                if (matches[j]?[part] is JsonObject value && Match(info, o, value, $"{path}.match[{j}].{part}", exactOnly: false) is { } finding)
                {
                    yield return finding;
                }
            }
        }

        if (Managed(info, o, route, path, routing) is { } unmanaged)
        {
            yield return unmanaged;
        }
    }

    private static Finding Unrouted(RuleInfo info, KubeObject o, JsonNode route, string path, JsonObject? routing, string routers, string argoSays) =>
        RolloutRefusal.For(info, o, path, routing is null
                ? $"needs traffic routed by {routers}, and {RolloutRefusal.CanaryPath}.trafficRouting is unset"
                : $"needs traffic routed by {routers}, not {RolloutRefusal.Routers(routing)}",
            argoSays, $"route the canary's traffic with {routers} ({RolloutRefusal.CanaryPath}.trafficRouting), or remove the step", route);

    /// <summary>A route a step names must be one <c>managedRoutes</c> lists, and with traffic routing that list must be written.</summary>
    private static Finding? Managed(RuleInfo info, KubeObject o, JsonNode route, string path, JsonObject? routing)
    {
        if (routing is null)
        {
            return null;
        }

        var name = RolloutRefusal.Text(route, "name");
        if (routing["managedRoutes"] is not JsonArray managed)
        {
            return RolloutRefusal.For(info, o, path, $"names route '{name}', and {Routes} is unset", $"Rollout has missing field '{Routes}'",
                $"list the route under {Routes}:\n- name: {name}", route);
        }

        var names = managed.Select(r => RolloutRefusal.Text(r, "name")).ToList();
        return names.Contains(name)
            ? null
            : RolloutRefusal.For(info, o, $"{path}.name", $"'{name}' is not a route {Routes} lists ({(names.Count == 0 ? "none" : string.Join(", ", names))})",
                $"Steps define a route that does not exist in {Routes}",
                $"add - name: {name} to {Routes}, or name a route it lists", route["name"] ?? route);
    }

    /// <summary>
    /// A string match sets exactly one of <c>exact</c>, <c>regex</c> and <c>prefix</c> (an empty one is unset); ALB
    /// matches a header by <c>exact</c> only.
    /// </summary>
    private static Finding? Match(RuleInfo info, KubeObject o, JsonObject value, string path, bool exactOnly)
    {
        var set = new[] { "exact", "regex", "prefix" }.Where(k => RolloutRefusal.Text(value, k).Length > 0).ToList();
        var (problem, argoSays) = set switch
        {
            _ when exactOnly && set is not ["exact"] => ($"sets {(set.Count == 0 ? "no value" : string.Join(" and ", set))}, and ALB matches a header by exact only", "SetHeaderRoute match value invalid. ALB supports 'exact' value only"),
            [] => ("sets none of exact, regex and prefix", "StringMatch value missed, match value must have one of the following: exact, regex, prefix"),
            [_] => (null, null),
            _ => ($"sets {string.Join(" and ", set)}, and a match is one of them", "StringMatch match value must have exactly one of the following: exact, regex, prefix"),
        };
        return problem is null
            ? null
            : RolloutRefusal.For(info, o, path, problem, argoSays!, exactOnly ? "match the header by exact alone" : "keep one of exact, regex and prefix", value);
    }
}
