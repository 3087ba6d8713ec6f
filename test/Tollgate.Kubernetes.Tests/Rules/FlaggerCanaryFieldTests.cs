using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// A Flagger Canary as teams write it (<c>Fixtures/flagger-canary.yaml</c>) checked against Flagger's CRD: a misspelt
/// key is one finding with the field meant and the Canary is linted as meant (a misspelt <c>autoscalerRef</c> is not
/// also "the HPA scales the idle canary"); a webhook <c>type</c> or <c>provider</c> outside the values the CRD lists
/// is found with the value meant; a field the CRD requires that is unset is found, once, with the key beside it that
/// was probably meant as it.
/// </summary>
public sealed class FlaggerCanaryFieldTests
{
    private const string Fixture = "flagger-canary.yaml";
    private const string Refused = "kubectl apply refuses it (strict decoding error: unknown field";
    private const string WebhookTypes = "\"\", \"confirm-rollout\", \"pre-rollout\", \"rollout\", \"confirm-promotion\", \"post-rollout\", \"event\", \"rollback\", \"confirm-traffic-increase\"";

    [Fact]
    public void Canary_AsWritten_NoFinding()
    {
        var lint = Lint.Text(Read(), Fixture);

        lint.Findings.ShouldBeEmpty();
        lint.Set.Canaries.ShouldHaveSingleItem().Weights.ShouldBe([10, 20, 30, 40, 50]);
    }

    [Theory]
    [InlineData("    stepWeight: 10", "    stepWieght: 10", "spec.analysis.stepWieght", "spec.analysis.stepWeight")]
    [InlineData("    maxWeight: 50", "    maxWieght: 50", "spec.analysis.maxWieght", "spec.analysis.maxWeight")]
    [InlineData("    interval: 1m\n    threshold: 5", "    intreval: 1m\n    threshold: 5", "spec.analysis.intreval", "spec.analysis.interval")]
    [InlineData("        thresholdRange:\n          min: 99", "        tresholdRange:\n          min: 99", "spec.analysis.metrics[0].tresholdRange", "spec.analysis.metrics[0].thresholdRange")]
    [InlineData("        templateRef:", "        templateRf:", "spec.analysis.metrics[2].templateRf", "spec.analysis.metrics[2].templateRef")]
    [InlineData("        timeout: 30s", "        timout: 30s", "spec.analysis.webhooks[0].timout", "spec.analysis.webhooks[0].timeout")]
    [InlineData("    targetPort: 9898", "    targetPrt: 9898", "spec.service.targetPrt", "spec.service.targetPort")]
    [InlineData("    gateways:", "    gatways:", "spec.service.gatways", "spec.service.gateways")]
    [InlineData("  service:\n    port: 9898", "  service:\n    prot: 9898", "spec.service.prot", "spec.service.port")]
    [InlineData("  progressDeadlineSeconds: 60\n  skipAnalysis", "  progressDeadlineSecond: 60\n  skipAnalysis", "spec.progressDeadlineSecond", "spec.progressDeadlineSeconds")]
    [InlineData("  skipAnalysis: false", "  skipAnalysys: false", "spec.skipAnalysys", "spec.skipAnalysis")]
    [InlineData("  autoscalerRef:", "  autoscalerRf:", "spec.autoscalerRf", "spec.autoscalerRef")]
    [InlineData("  targetRef:", "  targetRf:", "spec.targetRf", "spec.targetRef")]
    public void Field_Misspelt_OneFindingWithTheFieldMeantAndLintedAsMeant(string written, string misspelt, string path, string meant)
    {
        var text = Replaced(written, misspelt);
        var key = path[(path.LastIndexOf('.') + 1)..];

        // A misspelt targetRef or autoscalerRef is read as meant: the primary is still derived, and the HPA still
        // named for it, so neither k8s/pdb-missing nor k8s/hpa-vs-rollout reports what the misspelling dropped.
        var lint = Lint.Text(text, Fixture);

        var finding = lint.Findings.ShouldHaveSingleItem();
        finding.Rule.ShouldBe("k8s/invalid-manifest");
        finding.Message.ShouldBe($"Canary test/podinfo: {path} is not a field of a Canary; did you mean {meant[(meant.LastIndexOf('.') + 1)..]}?: {Refused} \"{path}\"), and applied without validation the API server drops it; linted as {meant}");
        finding.Suggestion.ShouldBe($"rename {path} to {meant}");
        finding.Location!.Line.ShouldBeInRange(LineOf(text, key + ":"), LineOf(text, key + ":") + 1);
        lint.Set.Canaries.ShouldHaveSingleItem().Weights.ShouldBe([10, 20, 30, 40, 50]);
    }

    [Theory]
    [InlineData("        type: pre-rollout", "        type: pre-rolout", "spec.analysis.webhooks[0].type", "pre-rolout", "pre-rollout", "")]
    [InlineData("        type: confirm-promotion", "        type: Confirm-Promotion", "spec.analysis.webhooks[2].type", "Confirm-Promotion", "confirm-promotion", " (values are case-sensitive)")]
    [InlineData("        type: rollout", "        type: smoke-test", "spec.analysis.webhooks[1].type", "smoke-test", null, "")]
    public void WebhookType_NotOneFlaggerTakes_FoundWithTheValuesItTakes(string written, string wrong, string path, string value, string? meant, string caseNote)
    {
        var text = Replaced(written, wrong);

        var finding = Lint.Text(text, Fixture).Findings.ShouldHaveSingleItem();

        // A value a typo or a case away is read as meant, as a misspelt key is.
        finding.Rule.ShouldBe("k8s/invalid-manifest");
        finding.Message.ShouldBe($"Canary test/podinfo: {path} is \"{value}\", which a Canary does not take there{(meant is null ? "" : $"; did you mean {meant}?{caseNote}")}: kubectl apply refuses it ({path}: Unsupported value: \"{value}\": supported values: {WebhookTypes}){(meant is null ? "" : $"; linted as {meant}")}");
        finding.Suggestion.ShouldBe(meant is null ? $"set {path} to one of {WebhookTypes}" : $"set {path} to {meant}");
        finding.Evidence["value"].ShouldBe(value);
        finding.Location!.Line.ShouldBe(LineOf(text, wrong.Trim()));
    }

    [Fact]
    public void WebhookTypes_FromFlaggersCrd_TheHookTypesFlaggerRuns()
    {
        ApiFields.Known.ValuesOf("Canary.spec.analysis.webhooks", "type")!.ShouldBe(
            ["", "confirm-rollout", "pre-rollout", "rollout", "confirm-promotion", "post-rollout", "event", "rollback", "confirm-traffic-increase"]);
    }

    [Fact]
    public void Provider_NotOneFlaggerTakes_FoundWithTheProviderMeant()
    {
        var finding = Lint.Text(Replaced("  provider: istio", "  provider: istoi"), Fixture).Findings.ShouldHaveSingleItem();

        finding.Message.ShouldStartWith("Canary test/podinfo: spec.provider is \"istoi\", which a Canary does not take there; did you mean istio?: kubectl apply refuses it (spec.provider: Unsupported value: \"istoi\": supported values: \"apisix\", ");
        finding.Suggestion.ShouldBe("set spec.provider to istio");
    }

    [Fact]
    public void Analysis_UnderItsOldName_OneFindingNamingTheRequiredAnalysisUnset()
    {
        // canaryAnalysis is Flagger's v1alpha3 name; its v1beta1 CRD does not declare it and requires analysis. Flagger
        // itself still reads it, and so does the lint (the weights below), but kubectl apply refuses the Canary.
        var text = Replaced("  analysis:\n    interval: 1m", "  canaryAnalysis:\n    interval: 1m");

        var lint = Lint.Text(text, Fixture);

        var finding = lint.Findings.ShouldHaveSingleItem();
        finding.Message.ShouldBe($"Canary test/podinfo: spec.canaryAnalysis is not a field of a Canary: {Refused} \"spec.canaryAnalysis\"), and applied without validation the API server drops it; beside it spec.analysis is unset (kubectl apply refuses it: Required value)");
        finding.Suggestion.ShouldBe("rename spec.canaryAnalysis to spec.analysis if that is what it holds; else remove it and set spec.analysis");
        finding.Evidence["unset"].ShouldBe(new[] { "spec.analysis" });
        lint.Set.Canaries.ShouldHaveSingleItem().Weights.ShouldBe([10, 20, 30, 40, 50]);
    }

    [Fact]
    public void TargetRef_UnderAKeyFarFromIt_OneFindingInsteadOfABadInputError()
    {
        // Before, a Canary without spec.targetRef was exit 3 ("needs a kind and a name"); now it is what the API server
        // says of it, with the key written instead. The Deployment is then no Flagger target: linted as a plain one.
        var lint = Lint.Text(Replaced("  targetRef:", "  target:"), Fixture);

        var finding = lint.Findings.Where(f => f.Rule == "k8s/invalid-manifest").ShouldHaveSingleItem();
        finding.Message.ShouldEndWith("; beside it spec.targetRef is unset (kubectl apply refuses it: Required value)");
        finding.Evidence["field"].ShouldBe("spec.target");
        lint.Set.Workloads.ShouldHaveSingleItem().Flagger.ShouldBeNull();
    }

    [Fact]
    public void MetricName_Unset_FoundAsTheCrdRequiresIt()
    {
        var text = Replaced("      - name: request-success-rate\n        thresholdRange:", "      - thresholdRange:");

        var finding = Lint.Text(text, Fixture).Findings.ShouldHaveSingleItem();

        finding.Message.ShouldBe("Canary test/podinfo: spec.analysis.metrics[0].name is unset, and a Canary requires it: kubectl apply refuses it (spec.analysis.metrics[0].name: Required value)");
        finding.Location!.Line.ShouldBe(LineOf(text, "- thresholdRange:"));
    }

    [Fact]
    public void Field_FarFromEveryField_FoundWithTheFieldsTaken()
    {
        var finding = Lint.Text(Replaced("        timeout: 30s", "        command: run-tests"), Fixture).Findings.ShouldHaveSingleItem();

        finding.Message.ShouldStartWith($"Canary test/podinfo: spec.analysis.webhooks[0].command is not a field of a Canary: {Refused}");
        finding.Suggestion.ShouldBe("remove spec.analysis.webhooks[0].command: spec.analysis.webhooks[0] takes disableTLS, metadata, muteAlert, name, retries, timeout, type, url");
    }

    private static string Read() => File.ReadAllText(Lint.Fixture(Fixture)).ReplaceLineEndings("\n");

    private static string Replaced(string written, string replacement)
    {
        var text = Read();
        text.Split(written).Length.ShouldBe(2, $"'{written}' is written once in {Fixture}");
        return text.Replace(written, replacement, StringComparison.Ordinal);
    }

    private static int LineOf(string text, string what) => text.Split('\n').ToList().FindIndex(l => l.Contains(what, StringComparison.Ordinal)) + 1;
}
