using static Tollgate.Kubernetes.Tests.Manifests.Manifests;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>Flagger serves from <c>&lt;target&gt;-primary</c>, whose selector label it renames; the rules judge those pods.</summary>
public sealed class FlaggerTests
{
    private static string Canary(string target, string extra = "") => $"""
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata:
          name: {target}
        spec:
          targetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: {target}
          {extra}
          analysis:
            interval: 1m
            stepWeight: 10

        """;

    [Fact]
    public void PdbOnTheTargetsLabels_PrimaryUncovered()
    {
        var finding = Lint.Text(All(Deployment("podinfo"), Pdb("podinfo", "matchLabels: {app: podinfo}"), Canary("podinfo"))).Findings.Single();

        finding.Rule.ShouldBe("k8s/pdb-missing");
        finding.Address.ShouldBe("Deployment/default/podinfo-primary");
        finding.Message.ShouldContain("PodDisruptionBudget default/podinfo selects app=podinfo, the canary's pods");
        finding.Location!.Line.ShouldBe(35); // the Canary, which declares the primary
        finding.Suggestion!.ShouldContain("app: podinfo-primary");
    }

    [Fact]
    public void PdbOnThePrimaryLabel_Covered()
    {
        Lint.Text(All(Deployment("podinfo"), Pdb("podinfo-primary", "matchLabels: {app: podinfo-primary}"), Canary("podinfo"))).Findings.ShouldBeEmpty();
    }

    [Fact]
    public void PdbOnALabelBothShare_Covered()
    {
        Lint.Text(All(Deployment("podinfo", labels: "team: search"), Pdb("search", "matchLabels: {team: search}"), Canary("podinfo"))).Findings.ShouldBeEmpty();
    }

    [Fact]
    public void HpaOnTheTargetWithoutAutoscalerRef_Found()
    {
        var findings = Lint.Text(All(Deployment("podinfo"), Pdb("p", "matchLabels: {app: podinfo-primary}"), Hpa("podinfo", "Deployment", "podinfo", min: 2), Canary("podinfo"))).Findings;

        findings.Select(f => f.Rule).ShouldBe(["k8s/hpa-vs-rollout"]);
        findings[0].Message.ShouldContain("without spec.autoscalerRef");
    }

    [Fact]
    public void AutoscalerRefWithSlowScaleUp_Found()
    {
        var canary = Canary("podinfo", "autoscalerRef: {apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, name: podinfo}");
        var hpa = Hpa("podinfo", "Deployment", "podinfo", min: 2, "behavior: {scaleUp: {stabilizationWindowSeconds: 180}}");

        var findings = Lint.Text(All(Deployment("podinfo"), Pdb("p", "matchLabels: {app: podinfo-primary}"), hpa, canary)).Findings;

        findings.Select(f => f.Rule).ShouldBe(["k8s/hpa-vs-rollout"]);
        findings[0].Message.ShouldContain("longer than Canary default/podinfo's analysis interval of 1m");
    }

    [Fact]
    public void TargetNotInTheInputs_Noted()
    {
        var set = Lint.Text(Canary("elsewhere")).Set;

        set.Notes.Single().ShouldContain("targets Deployment default/elsewhere, which is not in the inputs");
    }

    [Fact]
    public void AutoscalerRefNotInTheInputs_Noted()
    {
        var canary = Canary("podinfo", "autoscalerRef: {apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, name: podinfo}");

        var set = Lint.Text(All(Deployment("podinfo"), Pdb("p", "matchLabels: {app: podinfo-primary}"), canary)).Set;

        set.Notes.ShouldHaveSingleItem().ShouldEndWith(": Canary default/podinfo names HorizontalPodAutoscaler default/podinfo in spec.autoscalerRef, which is not in the inputs: the primary's autoscaling is not checked");
    }
}
