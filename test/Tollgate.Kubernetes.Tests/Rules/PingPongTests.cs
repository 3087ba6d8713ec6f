using Tollgate.Domain.Findings;
using static Tollgate.Kubernetes.Tests.Manifests.Manifests;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c> on a canary's pingPong the Argo Rollouts controller refuses (InvalidSpec): with a router
/// other than ALB, Istio or a plugin, with an empty or shared ping or pong Service, and with ALB but no rootService.
/// Before, each passed.
/// </summary>
public sealed class PingPongTests
{
    private const string SafeBudget = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: all}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n";

    private const string Steps = "- setWeight: 50\n- pause: {}";

    private const string Istio = "\n      trafficRouting: {istio: {virtualService: {name: web}}}";

    private static List<Finding> Invalid(string canaryExtra) =>
        [.. Lint.Text(All(Rollout("web", 4, Steps, canaryExtra), SafeBudget)).Findings.Where(f => f.Rule == "k8s/invalid-manifest")];

    [Fact]
    public void PingPong_WithARouterOtherThanAlbIstioOrAPlugin_FoundAtPingPong()
    {
        var findings = Invalid("canaryService: web-canary\n      stableService: web\n      pingPong: {pingService: web-ping, pongService: web-pong}\n      trafficRouting: {nginx: {stableIngress: web}}");

        var finding = findings.ShouldHaveSingleItem();
        finding.Message.ShouldBe("Rollout default/web: spec.strategy.canary.pingPong needs traffic routed by ALB, Istio or a plugin, not nginx: the Argo Rollouts controller refuses it (InvalidSpec: Ping-pong feature works with the ALB, Istio, and plugin-based traffic routers only) and never rolls it out");
        finding.Suggestion.ShouldBe("route the canary's traffic with ALB, Istio or a plugin, or remove pingPong and name canaryService and stableService instead");
        finding.Location!.Line.ShouldBe(27);
    }

    [Theory]
    [InlineData("pingPong: {pingService: \"\", pongService: web-pong}", "pingService")]
    [InlineData("pingPong: {pingService: web-ping, pongService: \"\"}", "pongService")]
    public void PingPong_EmptyService_FoundAtIt(string pingPong, string service)
    {
        var finding = Invalid(pingPong + Istio).ShouldHaveSingleItem();

        finding.Message.ShouldBe($"Rollout default/web: spec.strategy.canary.pingPong.{service} is empty: the Argo Rollouts controller refuses it (InvalidSpec: Ping service and Pong service must to be set to use Ping-Pong feature) and never rolls it out");
        finding.Location!.Line.ShouldBe(25);
    }

    [Fact]
    public void PingPong_PingAndPongOneService_FoundAtPingService()
    {
        var finding = Invalid("pingPong:\n        pingService: web\n        pongService: web" + Istio).ShouldHaveSingleItem();

        finding.Message.ShouldBe("Rollout default/web: spec.strategy.canary.pingPong.pingService names the same Service as pongService (web): the Argo Rollouts controller refuses it (InvalidSpec: This rollout uses the same service for the ping and pong services, but two different services are required.) and never rolls it out");
        finding.Suggestion.ShouldBe("point spec.strategy.canary.pingPong.pongService at a second Service with the same selector, e.g. web-pong");
        finding.Location!.Line.ShouldBe(26);
    }

    [Fact]
    public void PingPong_UnsetService_FoundOnceAsTheRequiredField()
    {
        var finding = Invalid("pingPong: {pongService: web-pong}" + Istio).ShouldHaveSingleItem();

        finding.Message.ShouldContain("pingService");
        finding.Message.ShouldNotContain("InvalidSpec");
    }

    [Fact]
    public void PingPong_AlbWithoutRootService_FoundAtAlb()
    {
        var finding = Invalid("pingPong: {pingService: web-ping, pongService: web-pong}\n      trafficRouting:\n        alb: {ingress: web, servicePort: 80}").ShouldHaveSingleItem();

        finding.Message.ShouldBe("Rollout default/web: spec.strategy.canary.trafficRouting.alb.rootService is unset, and ALB routing with pingPong needs it: the Argo Rollouts controller refuses it (InvalidSpec: Root service field is required for the configuration with ALB and ping-pong feature enabled) and never rolls it out");
        finding.Suggestion.ShouldBe("set spec.strategy.canary.trafficRouting.alb.rootService to the Service the ingress sends the traffic to (e.g. web)");
        finding.Location!.Line.ShouldBe(27);
    }

    [Theory]
    [InlineData("pingPong: {pingService: web-ping, pongService: web-pong}\n      trafficRouting: {alb: {ingress: web, servicePort: 80, rootService: web}}")]
    [InlineData("pingPong: {pingService: web-ping, pongService: web-pong}" + Istio)]
    [InlineData("pingPong: {pingService: web-ping, pongService: web-pong}\n      trafficRouting: {plugins: {argoproj-labs/gatewayAPI: {httpRoute: web}}}")]
    [InlineData("canaryService: web-canary\n      stableService: web\n      pingPong: {pingService: web-ping, pongService: web-pong}" + Istio)]
    [InlineData("pingPong: {pingService: web-ping, pongService: web-pong}")]
    public void PingPong_AsArgoTakesIt_Passes(string extra)
    {
        Invalid(extra).ShouldBeEmpty();
    }
}
