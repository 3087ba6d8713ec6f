using Tollgate.Domain.Findings;
using static Tollgate.Kubernetes.Tests.Manifests.Manifests;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c> on a canary's trafficRouting the Argo Rollouts controller refuses (InvalidSpec): a
/// router that splits traffic between two Services without canaryService and stableService, and a maxTrafficWeight
/// with a router other than NGINX or a plugin. Before, each passed.
/// </summary>
public sealed class CanaryTrafficRoutingTests
{
    private const string SafeBudget = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: all}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n";

    private const string Steps = "- setWeight: 50\n- pause: {}";

    private const string Services = "canaryService: web-canary\n      stableService: web\n      ";

    private const string ArgoSays = "(InvalidSpec: Canary service and Stable service must to be set to use Traffic Routing)";

    private static List<Finding> Invalid(string canaryExtra) =>
        [.. Lint.Text(All(Rollout("web", 4, Steps, canaryExtra), SafeBudget)).Findings.Where(f => f.Rule == "k8s/invalid-manifest")];

    [Theory]
    [InlineData("nginx: {stableIngress: web}", "nginx")]
    [InlineData("smi: {}", "smi")]
    [InlineData("alb: {ingress: web, servicePort: 80}", "alb")]
    [InlineData("istio: {virtualService: {name: web}}", "istio")]
    [InlineData("apisix: {route: {name: web}}", "apisix")]
    [InlineData("ambassador: {mappings: [web]}", "ambassador")]
    [InlineData("appMesh: {virtualService: {name: web}, virtualNodeGroup: {canaryVirtualNodeRef: {name: c}, stableVirtualNodeRef: {name: s}}}", "appMesh")]
    [InlineData("traefik: {weightedTraefikServiceName: web}", "traefik")]
    public void TwoServiceRouter_WithoutEitherService_FoundAtTheRouter(string router, string name)
    {
        var finding = Invalid($"trafficRouting: {{{router}}}").ShouldHaveSingleItem();

        finding.Severity.ShouldBe(Severity.Critical);
        finding.Message.ShouldBe($"Rollout default/web: spec.strategy.canary.trafficRouting routes the traffic by {name}, which needs canaryService and stableService, and neither is set: the Argo Rollouts controller refuses it {ArgoSays} and never rolls it out");
        finding.Suggestion.ShouldStartWith("set spec.strategy.canary.canaryService and stableService to two Services that select the Rollout's pods (e.g. web-canary and web-stable)");
        finding.Location!.Line.ShouldBe(25);
        finding.Evidence["field"].ShouldBe("spec.strategy.canary.trafficRouting");
    }

    [Fact]
    public void Istio_WithoutEitherService_SuggestsSubsetsToo()
    {
        Invalid("trafficRouting: {istio: {virtualService: {name: web}}}").ShouldHaveSingleItem().Suggestion
            .ShouldEndWith(", or route Istio by subsets of one Service (spec.strategy.canary.trafficRouting.istio.destinationRule)");
    }

    [Theory]
    [InlineData("canaryService: web-canary\n      trafficRouting: {nginx: {stableIngress: web}}", "stableService is unset, and traffic routed by nginx needs it as well as canaryService", 26)]
    [InlineData("canaryService: web-canary\n      stableService: \"\"\n      trafficRouting: {nginx: {stableIngress: web}}", "stableService is empty, and traffic routed by nginx needs it as well as canaryService", 26)]
    [InlineData("stableService: web\n      trafficRouting: {smi: {}}", "canaryService is unset, and traffic routed by smi needs it as well as stableService", 26)]
    public void TwoServiceRouter_WithOneService_FoundAtTheOther(string extra, string problem, int line)
    {
        var finding = Invalid(extra).ShouldHaveSingleItem();

        finding.Message.ShouldBe($"Rollout default/web: spec.strategy.canary.{problem}: the Argo Rollouts controller refuses it {ArgoSays} and never rolls it out");
        finding.Location!.Line.ShouldBe(line);
    }

    [Theory]
    [InlineData(Services + "trafficRouting: {nginx: {stableIngress: web}}")]
    [InlineData(Services + "trafficRouting: {alb: {ingress: web, servicePort: 80}}")]
    [InlineData("trafficRouting: {plugins: {argoproj-labs/gatewayAPI: {httpRoute: web}}}")]
    [InlineData("trafficRouting: {istio: {virtualService: {name: web}, destinationRule: {name: web, canarySubsetName: canary, stableSubsetName: stable}}}")]
    [InlineData("pingPong: {pingService: web-ping, pongService: web-pong}\n      trafficRouting: {istio: {virtualService: {name: web}}}")]
    [InlineData("pingPong: {pingService: web-ping, pongService: web-pong}\n      trafficRouting: {alb: {ingress: web, servicePort: 80, rootService: web}}")]
    [InlineData("scaleDownDelayRevisionLimit: 2")]
    public void Services_NamedOrNotNeeded_Passes(string extra)
    {
        Invalid(extra).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("istio: {virtualService: {name: web}}", "with traffic routed by istio")]
    [InlineData("smi: {}", "with traffic routed by smi")]
    [InlineData("plugins: {}", "")]
    public void MaxTrafficWeight_WithoutNginxOrAPlugin_FoundAtIt(string router, string routedBy)
    {
        var finding = Invalid(Services + $"trafficRouting:\n        maxTrafficWeight: 1000\n        {router}").ShouldHaveSingleItem();

        finding.Message.ShouldBe($"Rollout default/web: spec.strategy.canary.trafficRouting.maxTrafficWeight is set{(routedBy.Length > 0 ? " " + routedBy : "")}, and only NGINX and plugins take it: the Argo Rollouts controller refuses it (InvalidSpec: Canary maxTrafficWeight in traffic routing only supported in Nginx and Plugins) and never rolls it out");
        finding.Suggestion.ShouldBe("remove it (setWeight is then a percentage, out of 100), or route the canary's traffic with NGINX or a plugin");
        finding.Location!.Line.ShouldBe(28);
    }

    [Theory]
    [InlineData("nginx: {stableIngress: web}")]
    [InlineData("plugins: {argoproj-labs/gatewayAPI: {httpRoute: web}}")]
    public void MaxTrafficWeight_WithNginxOrAPlugin_Passes(string router)
    {
        Invalid(Services + $"trafficRouting:\n        maxTrafficWeight: 1000\n        {router}").ShouldBeEmpty();
    }
}
