using Tollgate.Domain;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// Booleans written as strings or numbers in manifests as teams write them (<c>automountServiceAccountToken</c> and a
/// container's <c>securityContext</c> in <c>Fixtures/web-deployment.yaml</c>, a volume mount's <c>readOnly</c> in
/// <c>stateful.yaml</c>, a Rollout's <c>paused</c>, a Canary's <c>skipAnalysis</c>): the API server's decoder takes
/// only <c>true</c> and <c>false</c> there, so <c>"true"</c>, <c>"yes"</c> and <c>1</c> are each one
/// <c>k8s/invalid-manifest</c> finding with the flag meant, and the object is linted as meant. An unquoted
/// <c>yes</c>/<c>on</c>/<c>off</c> is a boolean to kubectl (YAML 1.1, go-yaml v2) and is no finding there; where a
/// string belongs (a label) it is one (<see cref="StringTests"/>).
/// </summary>
public sealed class BooleanTests
{
    [Theory]
    [InlineData("web-deployment.yaml", "automountServiceAccountToken: false", "automountServiceAccountToken: \"false\"", "\"false\"", "a string", "Deployment shop/storefront", "spec.template.spec.automountServiceAccountToken", "false")]
    [InlineData("web-deployment.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: \"true\"", "\"true\"", "a string", "Deployment shop/storefront", "spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem", "true")]
    [InlineData("web-deployment.yaml", "allowPrivilegeEscalation: false", "allowPrivilegeEscalation: 'no'", "\"no\"", "a string", "Deployment shop/storefront", "spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation", "false")]
    [InlineData("web-deployment.yaml", "runAsNonRoot: true", "runAsNonRoot: 1", "1", "a number", "Deployment shop/storefront", "spec.template.spec.containers[0].securityContext.runAsNonRoot", "true")]
    [InlineData("web-deployment.yaml", "automountServiceAccountToken: false", "automountServiceAccountToken: 0", "0", "a number", "Deployment shop/storefront", "spec.template.spec.automountServiceAccountToken", "false")]
    [InlineData("web-deployment.yaml", "runAsNonRoot: true", "runAsNonRoot: 0x1", "0x1 (kubectl reads it as the number 1)", "a number", "Deployment shop/storefront", "spec.template.spec.containers[0].securityContext.runAsNonRoot", "true")]
    [InlineData("stateful.yaml", "readOnly: true", "readOnly: \"True\"", "\"True\"", "a string", "DaemonSet shop/log-shipper", "spec.template.spec.containers[0].volumeMounts[0].readOnly", "true")]
    [InlineData("argo-rollout-canary.yaml", "  minReadySeconds: 15", "  minReadySeconds: 15\n  paused: \"yes\"", "\"yes\"", "a string", "Rollout shop/checkout", "spec.paused", "true")]
    [InlineData("flagger-canary.yaml", "  skipAnalysis: false", "  skipAnalysis: \"false\"", "\"false\"", "a string", "Canary test/podinfo", "spec.skipAnalysis", "false")]
    public void Boolean_WrittenAsAStringOrANumber_OneFindingAndLintedAsTheFlag(string fixture, string written, string wrong, string quoted, string what, string address, string path, string meant)
    {
        var text = FixtureText.Replaced(fixture, written, wrong);

        var lint = Lint.Text(text, fixture);

        // One finding: before, a Deployment's typed read stopped the lint at the string (exit 3); now it is linted as meant.
        var finding = lint.Findings.ShouldHaveSingleItem();
        finding.Rule.ShouldBe("k8s/invalid-manifest");
        // A value kubectl reads otherwise than written names what it reads, and so what it is (0x1 is the number 1).
        finding.Message.ShouldBe($"{address}: {path} is {quoted}{(quoted.Contains("kubectl reads", StringComparison.Ordinal) ? "" : $", {what}")} where a {address.Split(' ')[0]} takes a boolean (true or false); did you mean {meant}?: kubectl apply refuses it ({path} must be of type boolean, not {what}); linted as {meant}");
        finding.Suggestion.ShouldBe($"set {path} to {meant}, unquoted");
        finding.Evidence["expected"].ShouldBe("boolean");
        finding.Evidence["near"].ShouldBe(meant);
        finding.Location!.Line.ShouldBe(FixtureText.LineOf(text, wrong.Split('\n')[^1].Trim()));
    }

    [Fact]
    public void Boolean_QuotedPausedOnARollout_ReadAsTheFlag()
    {
        // The object the rules read holds the flag meant; the written tree, which findings locate, keeps the string.
        var text = FixtureText.Replaced("argo-rollout-canary.yaml", "  minReadySeconds: 15", "  minReadySeconds: 15\n  paused: \"false\"");

        var lint = Lint.Text(text);

        lint.Findings.ShouldHaveSingleItem().Evidence["field"].ShouldBe("spec.paused");
        var rollout = lint.Set.Objects.Single(o => o.Kind == "Rollout");
        rollout.Node["spec"]!["paused"]!.GetValueKind().ShouldBe(System.Text.Json.JsonValueKind.False);
    }

    [Theory]
    [InlineData("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: yes")]
    [InlineData("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: On")]
    [InlineData("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: Y")]
    [InlineData("allowPrivilegeEscalation: false", "allowPrivilegeEscalation: off")]
    [InlineData("allowPrivilegeEscalation: false", "allowPrivilegeEscalation: NO")]
    [InlineData("allowPrivilegeEscalation: false", "allowPrivilegeEscalation: !!bool false")]
    public void Boolean_UnquotedYaml11Flag_NoFindingAsKubectlReadsItAsABoolean(string written, string flag)
    {
        var text = FixtureText.Replaced("web-deployment.yaml", written, flag);

        Lint.Text(text).Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Boolean_NothingItSpells_FoundAndLintedWithoutIt()
    {
        var text = FixtureText.Replaced("web-deployment.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: \"sure\"");

        var finding = Lint.Text(text).Findings.ShouldHaveSingleItem();

        finding.Message.ShouldBe("Deployment shop/storefront: spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem is \"sure\", a string where a Deployment takes a boolean (true or false): kubectl apply refuses it (spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem must be of type boolean, not a string); linted without it");
        finding.Suggestion.ShouldBe("set spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem to true or false, unquoted");
    }

    [Fact]
    public void Boolean_UnquotedYesWhereAStringBelongs_FoundAndLintedAsTheText()
    {
        // kubectl turns an unquoted yes into true wherever it is written, and a label takes only a string: kubectl
        // refuses it (cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string). The
        // author meant the text, so the object is linted with "yes" there.
        var text = FixtureText.Replaced("web-deployment.yaml", "    app.kubernetes.io/name: storefront\nspec:", "    app.kubernetes.io/name: storefront\n    canary: yes\nspec:");

        var lint = Lint.Text(text);

        var finding = lint.Findings.ShouldHaveSingleItem();
        finding.Rule.ShouldBe("k8s/invalid-manifest");
        finding.Message.ShouldBe("Deployment shop/storefront: metadata.labels.canary is yes (kubectl reads it as the boolean true) where a Deployment takes a string; did you mean \"yes\"?: kubectl apply refuses it (metadata.labels.canary must be of type string, not a boolean); linted as \"yes\"");
        finding.Suggestion.ShouldBe("set metadata.labels.canary to \"yes\", quoted");
        lint.Set.Objects[0].Node["metadata"]!["labels"]!["canary"]!.GetValue<string>().ShouldBe("yes");
    }
}
