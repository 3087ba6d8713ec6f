using Tollgate.Domain.Findings;
using static Tollgate.Kubernetes.Tests.Manifests.Manifests;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// One misspelt field, one finding. Before, a misspelling was reported once as the field <c>kubectl apply</c> refuses
/// (<c>k8s/invalid-manifest</c>) and again by every rule that missed the dropped value: a misspelt
/// <c>readinessProbe</c> was also "no readiness probe", a misspelt <c>minReadySeconds</c> also "minReadySeconds unset",
/// a misspelt <c>selector</c> also "has no spec.selector" (a second <c>k8s/invalid-manifest</c> finding), a budget's
/// misspelt selector also <c>k8s/pdb-missing</c> on the workload it was written for. Now the object is read as meant
/// (<see cref="Objects.MeantFields"/>): the misspelling is the one finding, at its line, with the rename, and the
/// other rules judge what was meant. Each test lists every finding of the lint.
/// </summary>
public sealed class MisspeltFieldTests
{
    private const string Refused = "kubectl apply refuses it (strict decoding error: unknown field";

    private static readonly string Budget = Pdb("web", "matchLabels: {app: web}");

    private static List<string> Findings(params string[] documents) =>
        [.. Lint.Text(All(documents)).Findings.Select(Described)];

    private static string Described(Finding f) => $"{f.Rule} {f.Address} line {f.Location!.Line}: {f.Message} => {f.Suggestion}";

    private static string Unknown(string address, int line, string object_, string path, string meant) =>
        $"k8s/invalid-manifest {address} line {line}: {object_}: {path} is not a field of a {object_[..object_.IndexOf(' ')]}; did you mean {meant[(meant.LastIndexOf('.') + 1)..]}?: {Refused} \"{path}\"), and applied without validation the API server drops it; linted as {meant} => rename {path} to {meant}";

    [Fact]
    public void ReadinessProbe_Misspelt_OnlyTheFieldFound()
    {
        var deployment = Deployment("web", probes: Probes.Replace("readinessProbe:", "readinessProbes:", StringComparison.Ordinal));

        Findings(deployment, Budget).ShouldBe([
            Unknown("Deployment/default/web", 22, "Deployment default/web", "spec.template.spec.containers[0].readinessProbes", "spec.template.spec.containers[0].readinessProbe"),
        ]);
    }

    [Fact]
    public void ReadinessProbe_MisspeltAndTheSameCheckAsLiveness_BothMistakesFoundOnce()
    {
        // Read as meant, the probe is judged for what it checks: a second, different mistake.
        var deployment = Deployment("web", probes: Probes.Replace("readinessProbe:", "readinesProbe:", StringComparison.Ordinal).Replace("/ready", "/live", StringComparison.Ordinal));

        var findings = Lint.Text(All(deployment, Budget)).Findings;

        findings.Select(f => f.Rule).ShouldBe(["k8s/readiness-probe", "k8s/invalid-manifest"]);
        findings[0].Message.ShouldBe("container app of Deployment default/web: the readiness and liveness probes make the same check (httpGet /live on port 8080): when a dependency slows down every pod fails both and is restarted instead of taken out of rotation");
        findings[1].Message.ShouldContain("spec.template.spec.containers[0].readinesProbe is not a field of a Deployment; did you mean readinessProbe?");
    }

    [Fact]
    public void ReadinessProbe_MisspeltInside_BothKeysFoundAtTheirPathsMeant()
    {
        var deployment = Deployment("web", probes: Probes.Replace("readinessProbe:\n", "readinessProbes:\n", StringComparison.Ordinal).Replace("httpGet: {path: /ready", "httpGt: {path: /ready", StringComparison.Ordinal));

        Findings(deployment, Budget).ShouldBe([
            Unknown("Deployment/default/web", 22, "Deployment default/web", "spec.template.spec.containers[0].readinessProbes", "spec.template.spec.containers[0].readinessProbe"),
            Unknown("Deployment/default/web", 22, "Deployment default/web", "spec.template.spec.containers[0].readinessProbes.httpGt", "spec.template.spec.containers[0].readinessProbe.httpGet"),
        ]);
    }

    [Fact]
    public void ReadinessProbe_MisspeltTwice_TheFirstReadAsMeantTheSecondOnlyFound()
    {
        var deployment = Deployment("web", probes: Probes.Replace("readinessProbe:", "readinesProbe:", StringComparison.Ordinal) + "\n          readinessProbes: {tcpSocket: {port: 8080}}");

        var findings = Lint.Text(All(deployment, Budget)).Findings;

        findings.Select(f => (f.Rule, f.Evidence["field"])).ShouldBe([
            ("k8s/invalid-manifest", "spec.template.spec.containers[0].readinesProbe"),
            ("k8s/invalid-manifest", "spec.template.spec.containers[0].readinessProbes"),
        ]);
        findings[0].Message.ShouldEndWith("; linted as spec.template.spec.containers[0].readinessProbe");
        findings[1].Message.ShouldEndWith("applied without validation the API server drops it");
    }

    [Fact]
    public void ReadinessProbe_WrittenBesideItsMisspelling_OnlyTheMisspellingFound()
    {
        var deployment = Deployment("web", probes: Probes + "\n          readinessProbes: {tcpSocket: {port: 8080}}");

        var finding = Lint.Text(All(deployment, Budget)).Findings.ShouldHaveSingleItem();

        finding.Message.ShouldBe($"Deployment default/web: spec.template.spec.containers[0].readinessProbes is not a field of a Deployment; did you mean readinessProbe?: {Refused} \"spec.template.spec.containers[0].readinessProbes\"), and applied without validation the API server drops it");
        finding.Suggestion.ShouldBe("rename spec.template.spec.containers[0].readinessProbes to spec.template.spec.containers[0].readinessProbe");
    }

    [Fact]
    public void ReadinessProbe_UnderAKeyFarFromEveryField_OneFindingSaysTheKeyIsUnknownAndTheProbeUnset()
    {
        // "probe" is no typo of a container field: nothing is read as meant, and the container has no readiness probe.
        // One mistake, one line: the unknown key's finding names the probe unset beside it.
        var deployment = Deployment("web", probes: Probes.Replace("readinessProbe:", "probe:", StringComparison.Ordinal));

        var finding = Lint.Text(All(deployment, Budget)).Findings.ShouldHaveSingleItem();

        finding.Rule.ShouldBe("k8s/invalid-manifest");
        finding.Message.ShouldBe($"Deployment default/web: spec.template.spec.containers[0].probe is not a field of a Deployment: {Refused} \"spec.template.spec.containers[0].probe\"), and applied without validation the API server drops it; beside it spec.template.spec.containers[0].readinessProbe is unset (k8s/readiness-probe: no readiness probe: the container gets traffic as soon as it starts)");
        finding.Suggestion.ShouldBe("rename spec.template.spec.containers[0].probe to spec.template.spec.containers[0].readinessProbe if that is what it holds; else remove it and set spec.template.spec.containers[0].readinessProbe");
        finding.Evidence["unset"].ShouldBe(new[] { "spec.template.spec.containers[0].readinessProbe" });
        finding.Evidence["folded"].ShouldBe(new[] { "k8s/readiness-probe: container app of Deployment default/web has no readiness probe: it gets traffic, and the rollout counts it available, as soon as it starts" });
        finding.Location!.Line.ShouldBe(deployment.Split('\n').ToList().FindIndex(l => l.Contains("probe:", StringComparison.Ordinal)) + 2);
    }

    [Fact]
    public void ReadinessProbe_BesideAFarKeyWithoutAProbesShape_TwoFindings()
    {
        // A key that holds no probe (a scalar) was not the probe: the missing probe stays k8s/readiness-probe's own
        // finding, so an exception for the unknown key hides nothing else.
        var deployment = Deployment("web", probes: Probes.Replace("readinessProbe:\n            httpGet: {path: /ready, port: 8080}", "healthCheck: /ready", StringComparison.Ordinal));

        Lint.Text(All(deployment, Budget)).Findings.Select(f => (f.Rule, f.Evidence.GetValueOrDefault("field") ?? f.Evidence.GetValueOrDefault("unset"))).ShouldBe([
            ("k8s/readiness-probe", "spec.template.spec.containers[0].readinessProbe"),
            ("k8s/invalid-manifest", "spec.template.spec.containers[0].healthCheck"),
        ]);
    }

    [Fact]
    public void MinReadySeconds_Misspelt_OnlyTheFieldFound()
    {
        Findings(Deployment("web", extraSpec: "minReadySecond: 10"), Budget).ShouldBe([
            Unknown("Deployment/default/web", 8, "Deployment default/web", "spec.minReadySecond", "spec.minReadySeconds"),
        ]);
    }

    [Fact]
    public void Selector_MisspeltInAWorkload_OnlyTheFieldFound()
    {
        // Before, also: "Deployment default/web has no spec.selector, which apps/v1 requires".
        Findings(Deployment("web").Replace("  selector:", "  selectr:", StringComparison.Ordinal), Budget).ShouldBe([
            Unknown("Deployment/default/web", 10, "Deployment default/web", "spec.selectr", "spec.selector"),
        ]);
    }

    [Fact]
    public void MatchLabels_MisspeltInAWorkload_OnlyTheFieldFound()
    {
        // Before, also: "Deployment default/web has an empty spec.selector".
        Findings(Deployment("web").Replace("matchLabels:", "matchLabel:", StringComparison.Ordinal), Budget).ShouldBe([
            Unknown("Deployment/default/web", 11, "Deployment default/web", "spec.selector.matchLabel", "spec.selector.matchLabels"),
        ]);
    }

    [Fact]
    public void TemplateLabels_Misspelt_OnlyTheFieldFound()
    {
        // Before, also: the selector does not select its pod template (k8s/invalid-manifest), and k8s/pdb-missing.
        Findings(Deployment("web").Replace("      labels:", "      label:", StringComparison.Ordinal), Budget).ShouldBe([
            Unknown("Deployment/default/web", 15, "Deployment default/web", "spec.template.metadata.label", "spec.template.metadata.labels"),
        ]);
    }

    [Fact]
    public void BudgetMaxUnavailable_Misspelt_OnlyTheFieldFound()
    {
        Findings(Deployment("web"), Pdb("web", "matchLabels: {app: web}", "maxUnavailabe: 1")).ShouldBe([
            Unknown("PodDisruptionBudget/default/web", 31, "PodDisruptionBudget default/web", "spec.maxUnavailabe", "spec.maxUnavailable"),
        ]);
    }

    [Fact]
    public void BudgetMaxUnavailable_MisspeltAndZero_TheFieldAndTheBlockedEvictionFound()
    {
        // Read as meant, maxUnavailable 0 blocks every drain: a second mistake, found in the same run.
        Findings(Deployment("web"), Pdb("web", "matchLabels: {app: web}", "maxUnavailabe: 0")).ShouldBe([
            "k8s/pdb-blocks-eviction PodDisruptionBudget/default/web line 26: PodDisruptionBudget default/web (app=web): maxUnavailable 0 lets no pod it selects be evicted: kubectl drain and node upgrades wait on it forever => spec:\n  maxUnavailable: 1",
            Unknown("PodDisruptionBudget/default/web", 31, "PodDisruptionBudget default/web", "spec.maxUnavailabe", "spec.maxUnavailable"),
        ]);
    }

    [Fact]
    public void BudgetSelector_Misspelt_OnlyTheBudgetsFieldFound()
    {
        // Before, also k8s/pdb-missing on Deployment/default/web: the budget, read without its selector, selected nothing.
        Findings(Deployment("web"), Budget.Replace("  selector:", "  selecter:", StringComparison.Ordinal)).ShouldBe([
            Unknown("PodDisruptionBudget/default/web", 33, "PodDisruptionBudget default/web", "spec.selecter", "spec.selector"),
        ]);
    }

    [Fact]
    public void AutoscalerMinReplicas_Misspelt_OnlyTheFieldFound()
    {
        // Read without it, the HPA's minReplicas is 1: the unrouted 25% step would be under one pod (k8s/hpa-vs-rollout).
        var rollout = Rollout("web", 4, "- setWeight: 25\n- pause: {duration: 10m}");
        var hpa = Hpa("web", "Rollout", "web", 4).Replace("minReplicas:", "minReplica:", StringComparison.Ordinal);

        Findings(rollout, Budget, hpa).ShouldBe([
            Unknown("HorizontalPodAutoscaler/default/web", 48, "HorizontalPodAutoscaler default/web", "spec.minReplica", "spec.minReplicas"),
        ]);
        // A key no typo away is not guessed: that HPA is read with minReplicas 1, and the step is found too small.
        Lint.Text(All(rollout, Budget, hpa.Replace("minReplica:", "floor:", StringComparison.Ordinal))).Findings.Select(f => f.Rule)
            .ShouldBe(["k8s/invalid-manifest", "k8s/hpa-vs-rollout"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("  minReadySeconds: 10", "  minReadySecond: 10", 7, "spec.minReadySecond", "spec.minReadySeconds")]
    [InlineData("  selector:", "  selectr:", 9, "spec.selectr", "spec.selector")]
    [InlineData("readinessProbe:", "readinesProbe:", 20, "spec.template.spec.containers[0].readinesProbe", "spec.template.spec.containers[0].readinessProbe")]
    [InlineData("  template:", "  templat:", 12, "spec.templat", "spec.template")]
    [InlineData("- setWeight: 50", "- setWieght: 50", 27, "spec.strategy.canary.steps[0].setWieght", "spec.strategy.canary.steps[0].setWeight")]
    [InlineData("      steps:\n", "      maxUnavailble: 1\n      steps:\n", 26, "spec.strategy.canary.maxUnavailble", "spec.strategy.canary.maxUnavailable")]
    public void RolloutField_Misspelt_OnlyTheFieldFound(string written, string misspelt, int line, string path, string meant)
    {
        var rollout = Rollout("web", 4, "- setWeight: 50\n- pause: {}");
        rollout.ShouldContain(written);

        Findings(rollout.Replace(written, misspelt, StringComparison.Ordinal), Budget).ShouldBe([
            Unknown("Rollout/default/web", line, "Rollout default/web", path, meant),
        ]);
    }

    [Fact]
    public void RolloutTemplate_MisspeltWithAMisspeltFieldInside_BothFoundAtTheirPathsMeant()
    {
        var rollout = Rollout("web", 4, "- setWeight: 50\n- pause: {}").Replace("  template:", "  templat:", StringComparison.Ordinal).Replace("      containers:", "      container:", StringComparison.Ordinal);

        Findings(rollout, Budget).ShouldBe([
            Unknown("Rollout/default/web", 12, "Rollout default/web", "spec.templat", "spec.template"),
            Unknown("Rollout/default/web", 17, "Rollout default/web", "spec.templat.spec.container", "spec.template.spec.containers"),
        ]);
    }

    [Fact]
    public void RolloutMetadata_Misspelt_FoundAndLintedInTheNamespaceMeant()
    {
        var rollout = Rollout("web", 4, "- setWeight: 50\n- pause: {}").Replace("  name: web\n", "  name: web\n  namepsace: shop\n", StringComparison.Ordinal);

        Findings(rollout, Budget.Replace("  name: web\n", "  name: web\n  namespace: shop\n", StringComparison.Ordinal)).ShouldBe([
            Unknown("Rollout/shop/web", 5, "Rollout shop/web", "metadata.namepsace", "metadata.namespace"),
        ]);
    }
}
