namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// A Rollout as teams write it (<c>Fixtures/argo-rollout-canary.yaml</c>, <c>argo-rollout-bluegreen.yaml</c>) checked
/// against Argo Rollouts' CRD from its top-level keys down, its <c>spec.template</c> against Kubernetes' pod template:
/// one misspelt key is one finding with the field meant, and the Rollout is linted as meant, so no other rule reports
/// what the misspelling dropped.
/// </summary>
public sealed class RolloutFieldTests
{
    private const string Refused = "kubectl apply refuses it (strict decoding error: unknown field";

    [Theory]
    [InlineData("argo-rollout-canary.yaml")]
    [InlineData("argo-rollout-bluegreen.yaml")]
    public void Fixture_AsWritten_NoFinding(string fixture)
    {
        Lint.Text(Read(fixture), fixture).Findings.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("        - setWeight: 10", "        - setWieght: 10", "spec.strategy.canary.steps[0].setWieght", "spec.strategy.canary.steps[0].setWeight")]
    [InlineData("      canaryService: checkout-canary", "      canarySerivce: checkout-canary", "spec.strategy.canary.canarySerivce", "spec.strategy.canary.canaryService")]
    [InlineData("      stableService: checkout-stable", "      stableSevice: checkout-stable", "spec.strategy.canary.stableSevice", "spec.strategy.canary.stableService")]
    [InlineData("      trafficRouting:", "      trafficRoutng:", "spec.strategy.canary.trafficRoutng", "spec.strategy.canary.trafficRouting")]
    [InlineData("        - pause: {duration: 5m}", "        - pause: {duraton: 5m}", "spec.strategy.canary.steps[1].pause.duraton", "spec.strategy.canary.steps[1].pause.duration")]
    [InlineData("          - templateName: success-rate", "          - templateNmae: success-rate", "spec.strategy.canary.analysis.templates[0].templateNmae", "spec.strategy.canary.analysis.templates[0].templateName")]
    [InlineData("  revisionHistoryLimit: 3", "  revisionHistoryLimt: 3", "spec.revisionHistoryLimt", "spec.revisionHistoryLimit")]
    [InlineData("  progressDeadlineSeconds: 600", "  progressDeadlineSecond: 600", "spec.progressDeadlineSecond", "spec.progressDeadlineSeconds")]
    [InlineData("  minReadySeconds: 15", "  minReadySecond: 15", "spec.minReadySecond", "spec.minReadySeconds")]
    [InlineData("spec:\n  replicas: 5", "sepc:\n  replicas: 5", "sepc", "spec")]
    [InlineData("metadata:\n  name: checkout\n  namespace: shop\n  labels", "metdata:\n  name: checkout\n  namespace: shop\n  labels", "metdata", "metadata")]
    [InlineData("          readinessProbe:", "          readinesProbe:", "spec.template.spec.containers[0].readinesProbe", "spec.template.spec.containers[0].readinessProbe")]
    [InlineData("            periodSeconds: 5", "            periodSecond: 5", "spec.template.spec.containers[0].readinessProbe.periodSecond", "spec.template.spec.containers[0].readinessProbe.periodSeconds")]
    public void Canary_OneKeyMisspelt_OneFindingWithTheFieldMeantAndLintedAsMeant(string written, string misspelt, string path, string meant)
    {
        FoundOnce("argo-rollout-canary.yaml", written, misspelt, path, meant);
    }

    [Theory]
    [InlineData("      activeService: search", "      activeSevice: search", "spec.strategy.blueGreen.activeSevice", "spec.strategy.blueGreen.activeService")]
    [InlineData("      previewService: search-preview", "      previewServce: search-preview", "spec.strategy.blueGreen.previewServce", "spec.strategy.blueGreen.previewService")]
    [InlineData("      autoPromotionEnabled: false", "      autoPromotionEnable: false", "spec.strategy.blueGreen.autoPromotionEnable", "spec.strategy.blueGreen.autoPromotionEnabled")]
    [InlineData("      scaleDownDelaySeconds: 60", "      scaleDownDelaySecond: 60", "spec.strategy.blueGreen.scaleDownDelaySecond", "spec.strategy.blueGreen.scaleDownDelaySeconds")]
    [InlineData("  workloadRef:", "  workloadRf:", "spec.workloadRf", "spec.workloadRef")]
    [InlineData("    name: search\n    scaleDown", "    nmae: search\n    scaleDown", "spec.workloadRef.nmae", "spec.workloadRef.name")]
    public void BlueGreen_OneKeyMisspelt_OneFindingWithTheFieldMeantAndLintedAsMeant(string written, string misspelt, string path, string meant)
    {
        FoundOnce("argo-rollout-bluegreen.yaml", written, misspelt, path, meant);
    }

    [Fact]
    public void BlueGreen_RequiredActiveServiceUnset_FoundAsTheCrdRequiresIt()
    {
        var finding = Lint.Text(Read("argo-rollout-bluegreen.yaml").Replace("      activeService: search\n", "", StringComparison.Ordinal)).Findings.ShouldHaveSingleItem();

        finding.Message.ShouldBe("Rollout shop/search: spec.strategy.blueGreen.activeService is unset, and a Rollout requires it: kubectl apply refuses it (spec.strategy.blueGreen.activeService: Required value)");
        finding.Suggestion.ShouldBe("set spec.strategy.blueGreen.activeService");
        finding.Evidence["unset"].ShouldBe("spec.strategy.blueGreen.activeService");
    }

    [Fact]
    public void BlueGreen_ActiveServiceUnderAKeyFarFromIt_OneFindingNamingBoth()
    {
        // "activeSvc" is no typo of a field (four edits from activeService): it is not read as meant, and the field the
        // CRD requires is unset beside it. One mistake, one line.
        var text = Read("argo-rollout-bluegreen.yaml").Replace("      activeService: search", "      activeSvc: search", StringComparison.Ordinal);

        var finding = Lint.Text(text).Findings.ShouldHaveSingleItem();

        finding.Message.ShouldBe($"Rollout shop/search: spec.strategy.blueGreen.activeSvc is not a field of a Rollout: {Refused} \"spec.strategy.blueGreen.activeSvc\"), and applied without validation the API server drops it; beside it spec.strategy.blueGreen.activeService is unset (kubectl apply refuses it: Required value)");
        finding.Suggestion.ShouldBe("rename spec.strategy.blueGreen.activeSvc to spec.strategy.blueGreen.activeService if that is what it holds; else remove it and set spec.strategy.blueGreen.activeService");
        finding.Location!.Line.ShouldBe(LineOf(text, "activeSvc:"));
    }

    private static void FoundOnce(string fixture, string written, string misspelt, string path, string meant)
    {
        var text = Read(fixture);
        text.Split(written).Length.ShouldBe(2, $"'{written}' is written once in {fixture}");
        text = text.Replace(written, misspelt, StringComparison.Ordinal);
        var key = path[(path.LastIndexOf('.') + 1)..];

        var finding = Lint.Text(text, fixture).Findings.ShouldHaveSingleItem();

        finding.Rule.ShouldBe("k8s/invalid-manifest");
        finding.Message.ShouldBe($"Rollout shop/{(fixture.Contains("canary", StringComparison.Ordinal) ? "checkout" : "search")}: {path} is not a field of a Rollout; did you mean {meant[(meant.LastIndexOf('.') + 1)..]}?: {Refused} \"{path}\"), and applied without validation the API server drops it; linted as {meant}");
        finding.Suggestion.ShouldBe($"rename {path} to {meant}");
        finding.Evidence["field"].ShouldBe(path);
        // The value's line: the key's, or the next for a block value.
        finding.Location!.Line.ShouldBeInRange(LineOf(text, key + ":"), LineOf(text, key + ":") + 1);
    }

    private static string Read(string fixture) => File.ReadAllText(Lint.Fixture(fixture)).ReplaceLineEndings("\n");

    private static int LineOf(string text, string what) => text.Split('\n').ToList().FindIndex(l => l.Contains(what, StringComparison.Ordinal)) + 1;
}
