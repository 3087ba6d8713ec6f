using Tollgate.Domain.Findings;
using static Tollgate.Kubernetes.Tests.Manifests.Manifests;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c> on route steps and step analysis arguments the Argo Rollouts controller refuses
/// (InvalidSpec): a header or mirror route without a router that serves it or a managed route of its name, a match of
/// none or several values, and an argument read from metadata the controller cannot read.
/// </summary>
public sealed class CanaryRouteTests
{
    private const string SafeBudget = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: all}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n";

    private const string Header = "- setHeaderRoute: {name: header, match: [{headerName: x-canary, headerValue: {exact: \"yes\"}}]}\n- setWeight: 50";

    private const string Mirror = "- setMirrorRoute: {name: mirror, percentage: 10}\n- setWeight: 50";

    private static string Istio(string routes = "[{name: header}, {name: mirror}]") => $"trafficRouting: {{istio: {{virtualService: {{name: web}}}}, managedRoutes: {routes}}}";

    // Istio and ALB route between two Services, which Argo needs named (CanaryTrafficRoutingTests).
    private const string Services = "canaryService: web-canary\n      stableService: web\n      ";

    private static List<Finding> Invalid(string steps, string canaryExtra = "") =>
        [.. Lint.Text(All(Rollout("web", 4, steps, Services + canaryExtra), SafeBudget)).Findings.Where(f => f.Rule == "k8s/invalid-manifest")];

    [Theory]
    [InlineData(Header, "")]
    [InlineData(Mirror, "")]
    [InlineData(Header, "trafficRouting: {alb: {ingress: web, servicePort: 80}, managedRoutes: [{name: header}]}")]
    [InlineData(Header, "trafficRouting: {apisix: {route: {name: web}}, managedRoutes: [{name: header}]}")]
    [InlineData(Mirror, "trafficRouting: {plugins: {argoproj-labs/gatewayAPI: {httpRoute: web}}, managedRoutes: [{name: mirror}]}")]
    public void Route_WithARouterThatServesIt_Passes(string steps, string routing)
    {
        Invalid(steps, routing.Length > 0 ? routing : Istio()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(Header, "", "setHeaderRoute needs traffic routed by Istio, ALB, APISIX or a plugin, and spec.strategy.canary.trafficRouting is unset", "SetHeaderRoute requires TrafficRouting, supports Istio and ALB and Apisix")]
    [InlineData(Mirror, "", "setMirrorRoute needs traffic routed by Istio or a plugin, and spec.strategy.canary.trafficRouting is unset", "SetMirrorRoute requires TrafficRouting, supports Istio and Plugins")]
    [InlineData(Mirror, "trafficRouting: {alb: {ingress: web, servicePort: 80}, managedRoutes: [{name: mirror}]}", "setMirrorRoute needs traffic routed by Istio or a plugin, not alb", "SetMirrorRoute requires TrafficRouting, supports Istio and Plugins")]
    public void Route_WithoutARouterThatServesIt_Found(string steps, string routing, string problem, string argoSays)
    {
        Invalid(steps, routing).ShouldHaveSingleItem().Message.ShouldBe(
            $"Rollout default/web: spec.strategy.canary.steps[0].{problem}: the Argo Rollouts controller refuses it (InvalidSpec: {argoSays}) and never rolls it out");
    }

    [Fact]
    public void Route_WithoutManagedRoutes_FoundWithTheListToWrite()
    {
        var finding = Invalid(Header, "trafficRouting: {istio: {virtualService: {name: web}}}").ShouldHaveSingleItem();

        finding.Message.ShouldBe("Rollout default/web: spec.strategy.canary.steps[0].setHeaderRoute names route 'header', and spec.strategy.canary.trafficRouting.managedRoutes is unset: the Argo Rollouts controller refuses it (InvalidSpec: Rollout has missing field 'spec.strategy.canary.trafficRouting.managedRoutes') and never rolls it out");
        finding.Suggestion.ShouldBe("list the route under spec.strategy.canary.trafficRouting.managedRoutes:\n- name: header");
    }

    [Fact]
    public void Route_NotAManagedRoute_FoundWithThoseListed()
    {
        Invalid(Mirror, Istio("[{name: header}]")).ShouldHaveSingleItem().Message.ShouldBe(
            "Rollout default/web: spec.strategy.canary.steps[0].setMirrorRoute.name 'mirror' is not a route spec.strategy.canary.trafficRouting.managedRoutes lists (header): the Argo Rollouts controller refuses it (InvalidSpec: Steps define a route that does not exist in spec.strategy.canary.trafficRouting.managedRoutes) and never rolls it out");
    }

    [Theory]
    [InlineData("headerValue: {exact: a, regex: b}", "", "setHeaderRoute.match[0].headerValue sets exact and regex, and a match is one of them", "StringMatch match value must have exactly one of the following: exact, regex, prefix")]
    [InlineData("headerValue: {exact: \"\"}", "", "setHeaderRoute.match[0].headerValue sets none of exact, regex and prefix", "StringMatch value missed, match value must have one of the following: exact, regex, prefix")]
    [InlineData("headerValue: {prefix: a}", "alb", "setHeaderRoute.match[0].headerValue sets prefix, and ALB matches a header by exact only", "SetHeaderRoute match value invalid. ALB supports 'exact' value only")]
    public void HeaderMatch_NotOneValue_Found(string match, string router, string problem, string argoSays)
    {
        var routing = router == "alb" ? "trafficRouting: {alb: {ingress: web, servicePort: 80}, managedRoutes: [{name: header}]}" : Istio();

        Invalid($"- setHeaderRoute: {{name: header, match: [{{headerName: x-canary, {match}}}]}}", routing).ShouldHaveSingleItem().Message.ShouldBe(
            $"Rollout default/web: spec.strategy.canary.steps[0].{problem}: the Argo Rollouts controller refuses it (InvalidSpec: {argoSays}) and never rolls it out");
    }

    [Fact]
    public void MirrorMatch_MethodAndPathEachOneValue_PassesOtherwiseFound()
    {
        const string steps = "- setMirrorRoute: {name: mirror, match: [{method: {exact: GET}, path: {prefix: /api}}, {method: {exact: GET, prefix: P}}]}";

        Invalid(steps, Istio()).ShouldHaveSingleItem().Evidence["field"].ShouldBe("spec.strategy.canary.steps[0].setMirrorRoute.match[1].method");
    }

    [Theory]
    [InlineData("metadata.labels.app", "'metadata.labels.app' is not a field the controller reads")]
    [InlineData("metadata.generation", "'metadata.generation' is not a field the controller reads")]
    [InlineData("metadata.labels['bad key']", "'metadata.labels['bad key']' subscripts metadata.labels with 'bad key', which is not a label or annotation key")]
    [InlineData("metadata.name['x']", "'metadata.name['x']' subscripts metadata.name, which takes no subscript")]
    public void AnalysisArg_MetadataTheControllerCannotRead_Found(string fieldPath, string problem)
    {
        var steps = $"- setWeight: 20\n- analysis: {{templates: [{{templateName: smoke}}], args: [{{name: svc, value: web}}, {{name: x, valueFrom: {{fieldRef: {{fieldPath: \"{fieldPath}\"}}}}}}]}}";

        var finding = Invalid(steps).ShouldHaveSingleItem();

        finding.Message.ShouldStartWith($"Rollout default/web: spec.strategy.canary.steps[1].analysis.args[1].valueFrom.fieldRef.fieldPath {problem}");
        finding.Message.ShouldEndWith("(InvalidSpec: Analyses arguments must refer to valid object metadata supported by downwardAPI) and never rolls it out");
    }

    [Theory]
    [InlineData("metadata.name")]
    [InlineData("metadata.uid")]
    [InlineData("metadata.labels")]
    [InlineData("metadata.labels['app.kubernetes.io/name']")]
    [InlineData("metadata.annotations['Example.COM/Owner']")]
    [InlineData("spec.replicas")]
    public void AnalysisArg_FieldTheControllerReadsOrDoesNotCheck_Passes(string fieldPath)
    {
        Invalid($"- setWeight: 20\n- analysis: {{templates: [{{templateName: smoke}}], args: [{{name: x, valueFrom: {{fieldRef: {{fieldPath: \"{fieldPath}\"}}}}}}]}}").ShouldBeEmpty();
    }

    [Fact]
    public void AnalysisArg_OfAnExperimentsAnalysis_Found()
    {
        var steps = "- experiment: {templates: [{name: canary, specRef: canary}], analyses: [{name: a, templateName: smoke, args: [{name: x, valueFrom: {fieldRef: {fieldPath: metadata.labels.app}}}]}]}";

        Invalid(steps).ShouldHaveSingleItem().Evidence["field"].ShouldBe("spec.strategy.canary.steps[0].experiment.analyses[0].args[0].valueFrom.fieldRef.fieldPath");
    }
}
