using Tollgate.Domain.Findings;
using static Tollgate.Kubernetes.Tests.Manifests.Manifests;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c> on a Rollout's strategy the API server takes and the Argo Rollouts controller refuses
/// (InvalidSpec, so the Rollout never rolls out): no strategy or both, a canary or blue-green whose two Services are
/// one, and a canary's scaleDownDelaySeconds or dynamicStableScale without traffic routing. Before, each passed.
/// </summary>
public sealed class RolloutStrategyTests
{
    private const string SafeBudget = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: all}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n";

    private const string Steps = "- setWeight: 50\n- pause: {}";

    private static List<Finding> Invalid(string rollout) =>
        [.. Lint.Text(All(rollout, SafeBudget)).Findings.Where(f => f.Rule == "k8s/invalid-manifest")];

    /// <summary>The test Rollout with <paramref name="strategy"/> (indented under <c>spec</c>) for its canary.</summary>
    private static string WithStrategy(string strategy)
    {
        var canary = Rollout("web", 4, Steps);
        return canary[..canary.IndexOf("  strategy:\n", StringComparison.Ordinal)] + strategy;
    }

    private static string BlueGreen(string services) => WithStrategy("  strategy:\n    blueGreen:\n" + services);

    [Fact]
    public void CanaryService_SameAsStableService_FoundAtStableService()
    {
        var finding = Invalid(Rollout("web", 4, Steps, "canaryService: web\n      stableService: web")).ShouldHaveSingleItem();

        finding.Severity.ShouldBe(Severity.Critical);
        finding.Message.ShouldBe("Rollout default/web: spec.strategy.canary.stableService names the same Service as canaryService (web): the Argo Rollouts controller refuses it (InvalidSpec: This rollout uses the same service for the stable and canary services, but two different services are required.) and never rolls it out");
        finding.Suggestion.ShouldBe("point spec.strategy.canary.canaryService at a second Service with the same selector, e.g. web-canary");
        finding.Location!.Line.ShouldBe(26);
        finding.Evidence["field"].ShouldBe("spec.strategy.canary.stableService");
    }

    [Theory]
    [InlineData("canaryService: web-canary\n      stableService: web")]
    [InlineData("stableService: web")]
    [InlineData("canaryService: web")]
    [InlineData("canaryService: \"\"\n      stableService: \"\"")]
    public void CanaryService_OtherThanStableOrNotBothSet_Passes(string services)
    {
        Invalid(Rollout("web", 4, Steps, services)).ShouldBeEmpty();
    }

    [Fact]
    public void ActiveService_SameAsPreviewService_FoundAtActiveService()
    {
        var finding = Invalid(BlueGreen("      activeService: web\n      previewService: web\n")).ShouldHaveSingleItem();

        finding.Message.ShouldBe("Rollout default/web: spec.strategy.blueGreen.activeService names the same Service as previewService (web): the Argo Rollouts controller refuses it (InvalidSpec: This rollout uses the same service for the active and preview services, but two different services are required.) and never rolls it out");
        finding.Suggestion.ShouldBe("point spec.strategy.blueGreen.previewService at a second Service with the same selector, e.g. web-preview, or remove it to promote without a preview");
        finding.Location!.Line.ShouldBe(25);
    }

    [Fact]
    public void ActiveService_EmptyWithNoPreview_FoundAsArgoComparesThemEmpty()
    {
        Invalid(BlueGreen("      activeService: \"\"\n")).ShouldHaveSingleItem().Message
            .ShouldStartWith("Rollout default/web: spec.strategy.blueGreen.activeService is empty, as previewService is when unset: the Argo Rollouts controller refuses it (InvalidSpec: This rollout uses the same service");
    }

    [Theory]
    [InlineData("      activeService: web\n      previewService: web-preview\n")]
    [InlineData("      activeService: web\n")]
    public void ActiveService_OtherThanPreviewOrNoPreview_Passes(string services)
    {
        Invalid(BlueGreen(services)).ShouldBeEmpty();
    }

    [Fact]
    public void ActiveService_Unset_FoundOnceAsTheRequiredField()
    {
        Invalid(BlueGreen("      previewService: web-preview\n")).ShouldHaveSingleItem().Message.ShouldContain("activeService");
    }

    [Theory]
    [InlineData("", "spec.strategy is unset", 6)]
    [InlineData("  strategy: {}\n", "spec.strategy sets neither canary nor blueGreen", 23)]
    [InlineData("  strategy:\n    canary:\n", "spec.strategy sets neither canary nor blueGreen", 24)]
    public void Strategy_NoneSet_Found(string strategy, string problem, int line)
    {
        var finding = Invalid(WithStrategy(strategy)).ShouldHaveSingleItem();

        finding.Message.ShouldBe($"Rollout default/web: {problem}: the Argo Rollouts controller refuses it (InvalidSpec: Rollout has missing field '.spec.strategy.canary or .spec.strategy.blueGreen') and never rolls it out");
        finding.Location!.Line.ShouldBe(line);
    }

    [Fact]
    public void Strategy_CanaryAndBlueGreen_FoundAtBlueGreen()
    {
        var finding = Invalid(Rollout("web", 4, Steps) + "    blueGreen: {activeService: web, previewService: web-preview}\n").ShouldHaveSingleItem();

        finding.Message.ShouldBe("Rollout default/web: spec.strategy sets both canary and blueGreen, and a Rollout has one strategy: the Argo Rollouts controller refuses it (InvalidSpec: Multiple Strategies can not be listed) and never rolls it out");
        finding.Suggestion.ShouldBe("keep spec.strategy.canary or spec.strategy.blueGreen, and remove the other");
        finding.Location!.Line.ShouldBe(29);
    }

    [Theory]
    [InlineData("scaleDownDelaySeconds: 30", "scaleDownDelaySeconds", "Canary scaleDownDelaySeconds can only be used with traffic routing")]
    [InlineData("scaleDownDelaySeconds: 0", "scaleDownDelaySeconds", "Canary scaleDownDelaySeconds can only be used with traffic routing")]
    [InlineData("dynamicStableScale: true", "dynamicStableScale", "Canary dynamicStableScale can only be used with traffic routing")]
    public void ScaleDown_WithoutTrafficRouting_Found(string extra, string field, string argoSays)
    {
        var finding = Invalid(Rollout("web", 4, Steps, extra)).ShouldHaveSingleItem();

        finding.Message.ShouldBe($"Rollout default/web: spec.strategy.canary.{field} needs spec.strategy.canary.trafficRouting, which is unset: the Argo Rollouts controller refuses it (InvalidSpec: {argoSays}) and never rolls it out");
        finding.Suggestion.ShouldBe("remove it, or route the canary's traffic (spec.strategy.canary.trafficRouting: a mesh, an ingress or a plugin)");
        finding.Location!.Line.ShouldBe(25);
    }

    [Fact]
    public void ScaleDown_BothWithoutTrafficRouting_FoundEach()
    {
        Invalid(Rollout("web", 4, Steps, "scaleDownDelaySeconds: 30\n      dynamicStableScale: true")).Select(f => f.Evidence["field"])
            .ShouldBe(["spec.strategy.canary.scaleDownDelaySeconds", "spec.strategy.canary.dynamicStableScale"]);
    }

    [Fact]
    public void ScaleDown_BothWithTrafficRouting_FoundAtDynamicStableScale()
    {
        var finding = Invalid(Rollout("web", 4, Steps, "canaryService: web-canary\n      stableService: web\n      trafficRouting: {nginx: {stableIngress: web}}\n      scaleDownDelaySeconds: 30\n      dynamicStableScale: true")).ShouldHaveSingleItem();

        finding.Message.ShouldContain("spec.strategy.canary.dynamicStableScale is set with scaleDownDelaySeconds, and the two exclude each other: the Argo Rollouts controller refuses it (InvalidSpec: Canary dynamicStableScale cannot be used with scaleDownDelaySeconds)");
        finding.Location!.Line.ShouldBe(29);
    }

    [Theory]
    [InlineData("dynamicStableScale: false")]
    [InlineData("abortScaleDownDelaySeconds: 30")]
    [InlineData("canaryService: web-canary\n      stableService: web\n      trafficRouting: {nginx: {stableIngress: web}}\n      scaleDownDelaySeconds: 30")]
    [InlineData("canaryService: web-canary\n      stableService: web\n      trafficRouting: {nginx: {stableIngress: web}}\n      dynamicStableScale: true")]
    public void ScaleDown_WithTrafficRoutingOrUnset_Passes(string extra)
    {
        Invalid(Rollout("web", 4, Steps, extra)).ShouldBeEmpty();
    }
}
