namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// The API versions Flagger's CRDs serve: <c>flagger.app/v1beta1</c> only since Flagger 1.6.0 (v1alpha3 until then,
/// v1alpha1 and v1alpha2 until 1.0.0). A Canary in an older version is one <c>kubectl apply</c> finds no kind for; it is
/// found with the version to write, and field-checked as that version, so what else the upgrade needs
/// (<c>canaryAnalysis</c> is <c>analysis</c> in v1beta1) is found in the same run, once.
/// </summary>
public sealed class FlaggerVersionTests
{
    private const string Fixture = "flagger-canary-v1alpha3.yaml";

    [Fact]
    public void V1alpha3Canary_AsKeptThroughAnUpgrade_FoundWithTheVersionToWriteAndCheckedAsIt()
    {
        var text = FixtureText.Read(Fixture);

        var lint = Lint.Text(text, Fixture);

        lint.Findings.Select(f => f.Rule).ShouldBe(["k8s/invalid-manifest", "k8s/invalid-manifest"]);
        var version = lint.Findings[0];
        version.Message.ShouldBe("Canary test/podinfo: flagger.app/v1alpha3 has no kind Canary (flagger.app serves Canary in v1beta1 only: Flagger 1.6.0 stopped serving v1alpha3, whose spec.canaryAnalysis is spec.analysis in v1beta1): kubectl apply finds no such kind (no matches for kind \"Canary\" in version \"flagger.app/v1alpha3\"); linted as flagger.app/v1beta1");
        version.Suggestion.ShouldBe("# Flagger's upgrade guide: write apiVersion flagger.app/v1beta1 and rename spec.canaryAnalysis to spec.analysis\napiVersion: flagger.app/v1beta1\nkind: Canary");
        version.Location!.Line.ShouldBe(FixtureText.LineOf(text, "apiVersion: flagger.app/v1alpha3"));
        var analysis = lint.Findings[1];
        analysis.Message.ShouldStartWith("Canary test/podinfo: spec.canaryAnalysis is not a field of a Canary: kubectl apply refuses it");
        analysis.Message.ShouldEndWith("beside it spec.analysis is unset (kubectl apply refuses it: Required value)");
        analysis.Suggestion.ShouldBe("rename spec.canaryAnalysis to spec.analysis if that is what it holds; else remove it and set spec.analysis");
        // Its analysis is still read: the canary steps 10, 20, … 50.
        lint.Set.Canaries.ShouldHaveSingleItem().Weights.ShouldBe([10, 20, 30, 40, 50]);
    }

    [Fact]
    public void V1alpha3Canary_Upgraded_NoFinding()
    {
        var text = FixtureText.Read(Fixture)
            .Replace("apiVersion: flagger.app/v1alpha3", "apiVersion: flagger.app/v1beta1", StringComparison.Ordinal)
            .Replace("  canaryAnalysis:", "  analysis:", StringComparison.Ordinal);

        Lint.Text(text, Fixture).Findings.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("v1alpha1", "1.0.0")]
    [InlineData("v1alpha2", "1.0.0")]
    public void OlderCanary_FoundWithTheReleaseThatStoppedServingIt(string version, string release)
    {
        var text = FixtureText.Read(Fixture).Replace("flagger.app/v1alpha3", $"flagger.app/{version}", StringComparison.Ordinal)
            .Replace("  canaryAnalysis:", "  analysis:", StringComparison.Ordinal);

        var finding = Lint.Text(text, Fixture).Findings.ShouldHaveSingleItem();

        finding.Message.ShouldStartWith($"Canary test/podinfo: flagger.app/{version} has no kind Canary (flagger.app serves Canary in v1beta1 only: Flagger {release} stopped serving {version}");
    }

    [Theory]
    [InlineData("flagger.app/v1beta", "Canary")]
    [InlineData("flagger.app/v1", "Canary")]
    [InlineData("flagger.app/v1alpha1", "MetricTemplate")]
    [InlineData("flagger.app/v1alpha1", "AlertProvider")]
    public void VersionFlaggerDoesNotServe_FoundWithTheOneItDoes(string apiVersion, string kind)
    {
        var finding = Lint.Text($"apiVersion: {apiVersion}\nkind: {kind}\nmetadata: {{name: x}}\nspec: {{}}\n").Findings
            .First(f => f.Message.Contains("has no kind", StringComparison.Ordinal));

        finding.Message.ShouldBe($"{kind} default/x: {apiVersion} has no kind {kind} (flagger.app serves {kind} in v1beta1 only); did you mean flagger.app/v1beta1?: kubectl apply finds no such kind (no matches for kind \"{kind}\" in version \"{apiVersion}\"); linted as flagger.app/v1beta1");
    }
}
