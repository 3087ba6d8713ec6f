using System.Text.Json;
using Tollgate.Domain.Findings;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// Numbers and booleans written where Kubernetes takes a string, in manifests as teams write them: an env var's
/// <c>value: 8080</c>, a label <c>version: 1.0</c> or <c>canary: yes</c> (YAML 1.1, as kubectl reads it), an
/// annotation <c>prometheus.io/scrape: true</c>, <c>args</c> and <c>command</c> items, a nodeSelector value, a
/// Service's selector, a Rollout's analysis argument and a Flagger webhook's metadata. The API server's decoder
/// refuses each (<c>cannot unmarshal number into Go struct field EnvVar...value of type string</c>), so each is one
/// <c>k8s/invalid-manifest</c> finding naming the text as written, quoted, and the object is linted with that text.
/// An int-or-string (<c>maxSurge</c>, <c>targetPort</c>, a probe's <c>port</c>) takes a number and is no finding.
/// </summary>
public sealed class StringTests
{
    private const string Container = "          imagePullPolicy: IfNotPresent";

    [Theory]
    [InlineData("web-deployment.yaml", Container, Container + "\n          env:\n            - name: PORT\n              value: 8080", "spec.template.spec.containers[0].env[0].value", "8080", ", a number")]
    [InlineData("web-deployment.yaml", Container, Container + "\n          env:\n            - name: MASK\n              value: 0x1F", "spec.template.spec.containers[0].env[0].value", "0x1F", " (kubectl reads it as the number 31)")]
    [InlineData("web-deployment.yaml", Container, Container + "\n          env:\n            - name: UMASK\n              value: 0022", "spec.template.spec.containers[0].env[0].value", "0022", " (kubectl reads it as the number 18)")]
    [InlineData("web-deployment.yaml", Container, Container + "\n          env:\n            - name: ZIP\n              value: 0689", "spec.template.spec.containers[0].env[0].value", "0689", " (kubectl reads it as the number 689)")]
    [InlineData("web-deployment.yaml", Container, Container + "\n          env:\n            - name: API_VERSION\n              value: 1.50", "spec.template.spec.containers[0].env[0].value", "1.50", " (kubectl reads it as the number 1.5)")]
    [InlineData("web-deployment.yaml", Container, Container + "\n          env:\n            - name: DEBUG\n              value: true", "spec.template.spec.containers[0].env[0].value", "true", ", a boolean")]
    [InlineData("web-deployment.yaml", Container, Container + "\n          args: [--port, 8080]", "spec.template.spec.containers[0].args[1]", "8080", ", a number")]
    [InlineData("web-deployment.yaml", Container, Container + "\n          command:\n            - /bin/sleep\n            - 3600", "spec.template.spec.containers[0].command[1]", "3600", ", a number")]
    [InlineData("web-deployment.yaml", "image: registry.example.com/shop/storefront:3.8.1", "image: 1.2", "spec.template.spec.containers[0].image", "1.2", ", a number")]
    [InlineData("web-deployment.yaml", "      labels:\n        app.kubernetes.io/name: storefront\n    spec:", "      labels:\n        app.kubernetes.io/name: storefront\n        version: 1.0\n    spec:", "spec.template.metadata.labels.version", "1.0", " (kubectl reads it as the number 1)")]
    [InlineData("web-deployment.yaml", "      labels:\n        app.kubernetes.io/name: storefront\n    spec:", "      labels:\n        app.kubernetes.io/name: storefront\n      annotations:\n        prometheus.io/scrape: true\n    spec:", "spec.template.metadata.annotations.prometheus.io/scrape", "true", ", a boolean")]
    [InlineData("web-deployment.yaml", "      dnsPolicy: ClusterFirst", "      dnsPolicy: ClusterFirst\n      nodeSelector:\n        gpu: off", "spec.template.spec.nodeSelector.gpu", "off", " (kubectl reads it as the boolean false)")]
    [InlineData("argo-rollout-canary.yaml", "            value: checkout-canary.shop.svc.cluster.local", "            value: checkout-canary.shop.svc.cluster.local\n          - name: error-threshold\n            value: 0.5", "spec.strategy.canary.analysis.args[1].value", "0.5", ", a number")]
    [InlineData("flagger-canary.yaml", "          type: bash", "          type: bash\n          logCmdOutput: Yes", "spec.analysis.webhooks[0].metadata.logCmdOutput", "Yes", " (kubectl reads it as the boolean true)")]
    public void String_WrittenAsANumberOrABoolean_OneFindingNamingTheTextQuoted(string fixture, string written, string wrong, string path, string value, string what)
    {
        var text = FixtureText.Replaced(fixture, written, wrong);

        var lint = Lint.Text(text, fixture);

        var finding = lint.Findings.ShouldHaveSingleItem();
        finding.Rule.ShouldBe("k8s/invalid-manifest");
        finding.Severity.ShouldBe(Severity.Critical);
        var kind = finding.Address.Split('/')[0];
        finding.Message.ShouldEndWith($": {path} is {value}{what} where a {kind} takes a string; did you mean \"{value}\"?: kubectl apply refuses it ({path} must be of type string, not {(what.Contains("boolean", StringComparison.Ordinal) ? "a boolean" : "a number")}); linted as \"{value}\"");
        finding.Suggestion.ShouldBe($"set {path} to \"{value}\", quoted");
        finding.Evidence["expected"].ShouldBe("string");
        finding.Evidence["value"].ShouldBe(value);
        finding.Location!.Line.ShouldBe(FixtureText.LineOf(text, wrong.Split('\n').Last(l => !written.Contains(l, StringComparison.Ordinal)).Trim().TrimStart('-', ' ')));
    }

    [Fact]
    public void String_FloatLabel_LintedAsTheTextWritten()
    {
        // 1.0 is the number 1 to JSON; the author meant the text "1.0", and the object the rules read holds it.
        var text = FixtureText.Replaced("web-deployment.yaml", "      labels:\n        app.kubernetes.io/name: storefront\n    spec:", "      labels:\n        app.kubernetes.io/name: storefront\n        version: 1.0\n    spec:");

        var lint = Lint.Text(text);

        lint.Findings.ShouldHaveSingleItem().Evidence["near"].ShouldBe("1.0");
        var labels = lint.Set.Objects[0].Node["spec"]!["template"]!["metadata"]!["labels"]!;
        labels["version"]!.GetValueKind().ShouldBe(JsonValueKind.String);
        labels["version"]!.GetValue<string>().ShouldBe("1.0");
    }

    [Fact]
    public void String_NumbersInEveryStringOfAService_OneFindingEach()
    {
        var text = FixtureText.Replaced("web-deployment.yaml", "  selector:\n    app.kubernetes.io/name: storefront\n  ports:", "  selector:\n    app.kubernetes.io/name: storefront\n    tier: 1\n  ports:\n    - name: 8443\n      port: 443\n      targetPort: 8443");

        var findings = Lint.Text(text).Findings;

        findings.Select(f => f.Evidence["field"]).ShouldBe(["spec.selector.tier", "spec.ports[0].name"]);
        findings.ShouldAllBe(f => f.Address == "Service/shop/storefront");
    }

    [Theory]
    [InlineData("web-deployment.yaml", "maxSurge: 25%", "maxSurge: 1")]
    [InlineData("web-deployment.yaml", "      targetPort: http", "      targetPort: 8080")]
    [InlineData("web-deployment.yaml", "              path: /ready\n              port: http", "              path: /ready\n              port: 8080")]
    [InlineData("web-deployment.yaml", Container, Container + "\n          env:\n            - name: PORT\n              value: \"8080\"")]
    [InlineData("web-deployment.yaml", Container, Container + "\n          args: [\"--port\", \"8080\", '1.0']")]
    [InlineData("web-deployment.yaml", "      labels:\n        app.kubernetes.io/name: storefront\n    spec:", "      labels:\n        app.kubernetes.io/name: storefront\n        version: \"1.0\"\n        canary: \"yes\"\n    spec:")]
    [InlineData("web-deployment.yaml", Container, Container + "\n          env:\n            - name: EMPTY\n              value:")]
    [InlineData("argo-rollout-canary.yaml", "      maxUnavailable: 0", "      maxUnavailable: 1")]
    [InlineData("argo-rollout-canary.yaml", "      maxSurge: \"25%\"", "      maxSurge: 2")]
    public void String_IntOrStringNumbersAndQuotedStrings_NoFinding(string fixture, string written, string replacement)
    {
        var text = FixtureText.Replaced(fixture, written, replacement);

        Lint.Text(text, fixture).Findings.ShouldBeEmpty();
    }
}
