using Tollgate.Domain.Findings;
using static Tollgate.Kubernetes.Tests.Manifests.Manifests;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c> on canary steps the API server takes and the Argo Rollouts controller refuses
/// (InvalidSpec, so the Rollout never rolls out): a weight outside 0..100, a pause below 0 seconds or that is no
/// duration, a step of two kinds or of none, a setCanaryScale or an experiment weight without the routing it needs.
/// Before, each passed with no finding.
/// </summary>
public sealed class CanaryStepTests
{
    private const string SafeBudget = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: all}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n";

    // Istio and NGINX route between two Services, which Argo needs named (CanaryTrafficRoutingTests).
    private const string Services = "canaryService: web-canary\n      stableService: web\n      ";

    private const string Istio = Services + "trafficRouting: {istio: {virtualService: {name: web}}}";

    private static List<Finding> Invalid(string steps, string canaryExtra = "") =>
        [.. Lint.Text(All(Rollout("web", 4, steps, canaryExtra), SafeBudget)).Findings.Where(f => f.Rule == "k8s/invalid-manifest")];

    [Fact]
    public void SetWeight_Above100_FoundNamingTheStepAtItsLine()
    {
        var finding = Invalid("- setWeight: 150\n- pause: {}").ShouldHaveSingleItem();

        finding.Severity.ShouldBe(Severity.Critical);
        finding.Message.ShouldBe("Rollout default/web: spec.strategy.canary.steps[0].setWeight 150 is not between 0 and 100: the Argo Rollouts controller refuses it (InvalidSpec: SetWeight needs to be between 0 and 100) and never rolls it out");
        finding.Suggestion.ShouldBe("set spec.strategy.canary.steps[0].setWeight between 0 and 100: the canary's share of the traffic in percent (100 sends it all)");
        finding.Location!.Line.ShouldBe(27);
        finding.Evidence["field"].ShouldBe("spec.strategy.canary.steps[0].setWeight");
        finding.Evidence["setWeight"].ShouldBe(150d);
    }

    [Theory]
    [InlineData(-5)]
    [InlineData(101)]
    public void SetWeight_OutsideZeroTo100_Found(int weight)
    {
        Invalid($"- setWeight: 20\n- pause: {{}}\n- setWeight: {weight}").ShouldHaveSingleItem().Message
            .ShouldStartWith($"Rollout default/web: spec.strategy.canary.steps[2].setWeight {weight} is not between 0 and 100: the Argo Rollouts controller refuses it");
    }

    [Theory]
    [InlineData("- setWeight: 0\n- pause: {}\n- setWeight: 100")]
    [InlineData("- setWeight: 25\n- pause: {duration: 0}")]
    public void SetWeight_ZeroTo100_Passes(string steps)
    {
        Invalid(steps).ShouldBeEmpty();
    }

    [Fact]
    public void SetWeight_AgainstMaxTrafficWeight_RefusedAboveItNotAbove100()
    {
        const string routing = Services + "trafficRouting: {maxTrafficWeight: 1000, nginx: {stableIngress: web}}";

        Invalid("- setWeight: 500\n- pause: {}", routing).ShouldBeEmpty();
        Invalid("- setWeight: 1500\n- pause: {}", routing).ShouldHaveSingleItem().Message
            .ShouldContain("setWeight 1500 is not between 0 and 1000 (its trafficRouting.maxTrafficWeight): the Argo Rollouts controller refuses it (InvalidSpec: SetWeight needs to be between 0 and 1000)");
    }

    [Theory]
    [InlineData("-5", "-5 is below 0 seconds")]
    [InlineData("\"-5\"", "'-5' is below 0 seconds")]
    [InlineData("-5s", "'-5s' is below 0 seconds")]
    [InlineData("-1h30m", "'-1h30m' is below 0 seconds")]
    [InlineData("abc", "'abc' is not a duration Argo Rollouts reads, which it takes as -1 second (it reads a whole number of seconds, or a Go duration like 30s, 5m or 1h30m)")]
    [InlineData("\"1.5\"", "'1.5' is not a duration Argo Rollouts reads")]
    [InlineData("5 min", "'5 min' is not a duration Argo Rollouts reads")]
    [InlineData("1d", "'1d' is not a duration Argo Rollouts reads")]
    [InlineData("\"\"", "'' is not a duration Argo Rollouts reads")]
    public void PauseDuration_BelowZeroOrUnreadable_Found(string duration, string problem)
    {
        var finding = Invalid($"- setWeight: 50\n- pause: {{duration: {duration}}}").ShouldHaveSingleItem();

        finding.Message.ShouldStartWith($"Rollout default/web: spec.strategy.canary.steps[1].pause.duration {problem}");
        finding.Message.ShouldEndWith(": the Argo Rollouts controller refuses it (InvalidSpec: Duration needs to be greater than 0) and never rolls it out");
        finding.Suggestion.ShouldBe("write spec.strategy.canary.steps[1].pause.duration as a duration like 30s, 5m or 1h (or a whole number of seconds), or pause: {} to wait until the rollout is promoted");
        finding.Location!.Line.ShouldBe(28);
    }

    [Theory]
    [InlineData("30s")]
    [InlineData("5m")]
    [InlineData("1h")]
    [InlineData("1h30m")]
    [InlineData("1.5h")]
    [InlineData("500ms")]
    [InlineData("90")]
    [InlineData("\"90\"")]
    [InlineData("0")]
    public void PauseDuration_ArgoReads_Passes(string duration)
    {
        Invalid($"- setWeight: 50\n- pause: {{duration: {duration}}}").ShouldBeEmpty();
    }

    [Fact]
    public void Step_BothSetWeightAndPause_FoundWithOneStepEach()
    {
        var finding = Invalid("- setWeight: 50\n  pause: {duration: 1m}\n- setWeight: 100").ShouldHaveSingleItem();

        finding.Message.ShouldBe("Rollout default/web: spec.strategy.canary.steps[0] sets both setWeight and pause, and a step is one of them: the Argo Rollouts controller refuses it (InvalidSpec: Step must have one of the following set: experiment, setWeight, setCanaryScale, plugin or pause) and never rolls it out");
        finding.Suggestion.ShouldBe("split it into one step each, in the order they should run:\n- setWeight: 50\n- pause: {\"duration\":\"1m\"}");
        finding.Evidence["kinds"].ShouldBe(new List<string> { "setWeight", "pause" });
    }

    [Fact]
    public void Step_ThreeKinds_FoundNamingEach()
    {
        Invalid("- setWeight: 50\n  pause: {}\n  analysis: {templates: [{templateName: smoke}]}").ShouldHaveSingleItem().Message
            .ShouldContain("steps[0] sets setWeight, pause and analysis, and a step is one of them");
    }

    [Fact]
    public void Step_SetCanaryScaleBesideSetWeight_PassesAsArgoTakesIt()
    {
        // Argo's one-kind rule covers setWeight, pause, experiment and analysis only.
        Invalid("- setWeight: 20\n  setCanaryScale: {weight: 20}\n- pause: {}", Istio).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("- {}", "sets no step", "give it one of setWeight, pause, setCanaryScale, experiment, analysis, plugin, setHeaderRoute or setMirrorRoute, or remove it")]
    [InlineData("- pause:", "sets no step (pause: with no value is null, which is no pause)", "write pause: {} to wait until the rollout is promoted, or pause: {duration: 1m} to wait a while")]
    public void Step_SettingNoKind_Found(string step, string problem, string suggestion)
    {
        var finding = Invalid($"- setWeight: 50\n{step}").ShouldHaveSingleItem();

        finding.Message.ShouldBe($"Rollout default/web: spec.strategy.canary.steps[1] {problem}: the Argo Rollouts controller refuses it (InvalidSpec: Step must have one of the following set: experiment, setWeight, setCanaryScale, plugin or pause) and never rolls it out");
        finding.Suggestion.ShouldBe(suggestion);
        finding.Location!.Line.ShouldBe(28);
    }

    [Fact]
    public void SetCanaryScale_WithoutTrafficRouting_Found()
    {
        var finding = Invalid("- setCanaryScale: {replicas: 1}\n- setWeight: 50").ShouldHaveSingleItem();

        finding.Message.ShouldBe("Rollout default/web: spec.strategy.canary.steps[0].setCanaryScale needs spec.strategy.canary.trafficRouting, which is unset: the Argo Rollouts controller refuses it (InvalidSpec: SetCanaryScale requires TrafficRouting to be set) and never rolls it out");
        Invalid("- setCanaryScale: {replicas: 1}\n- setWeight: 50", Istio).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("", "needs spec.strategy.canary.trafficRouting, which is unset", "Experiment template weight cannot be set unless TrafficRouting is enabled")]
    [InlineData(Services + "trafficRouting: {nginx: {stableIngress: web}}", "needs traffic routed by SMI, ALB, Istio or a plugin, not nginx", "Experiment template weight is only available for TrafficRouting with SMI, ALB, Istio and Plugins at this time")]
    public void ExperimentWeight_WithoutTheRoutingItNeeds_Found(string routing, string problem, string argoSays)
    {
        const string steps = "- experiment: {templates: [{name: canary, specRef: canary}, {name: baseline, specRef: stable, weight: 5}]}\n- setWeight: 50";

        Invalid(steps, routing).ShouldHaveSingleItem().Message.ShouldBe(
            $"Rollout default/web: spec.strategy.canary.steps[0].experiment.templates[1].weight {problem}: the Argo Rollouts controller refuses it (InvalidSpec: {argoSays}) and never rolls it out");
        Invalid(steps, Istio).ShouldBeEmpty();
        Invalid(steps.Replace(", weight: 5", "", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public void Steps_SeveralRefused_EachFoundInTheOrderWritten()
    {
        var fields = Invalid("- setWeight: 150\n- pause: {duration: -5}\n- setWeight: 50\n- pause: {}").Select(f => f.Evidence["field"]);

        fields.ShouldBe(["spec.strategy.canary.steps[0].setWeight", "spec.strategy.canary.steps[1].pause.duration"]);
    }
}
