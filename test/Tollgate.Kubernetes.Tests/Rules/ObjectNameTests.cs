using static Tollgate.Kubernetes.Tests.Manifests.Manifests;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c> on a <c>metadata.name</c> or <c>metadata.namespace</c> the API server refuses (most
/// often a Helm value rendered into it), by the rule of the object's kind. Before, each passed.
/// </summary>
public sealed class ObjectNameTests
{
    private static List<Tollgate.Domain.Findings.Finding> Invalid(params string[] documents) =>
        [.. Lint.Text(All(documents)).Findings.Where(f => f.Rule == "k8s/invalid-manifest")];

    [Fact]
    public void InvalidManifest_NameWithCapitalsAndUnderscore_FoundAtIt()
    {
        var finding = Invalid(Deployment("Web_App"), Pdb("web", "matchLabels: {app: Web_App}")).ShouldHaveSingleItem();

        finding.Message.ShouldBe("Deployment default/Web_App: metadata.name 'Web_App' is not a Deployment's name Kubernetes takes: the API server refuses it (metadata.name: Invalid value: \"Web_App\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*'))");
        finding.Suggestion.ShouldBe("set metadata.name to at most 253 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit (each part between dots too): web-app");
        finding.Location!.Line.ShouldBe(4);
    }

    [Fact]
    public void InvalidManifest_NamespaceWithCapitals_FoundAtIt()
    {
        var findings = Invalid(Deployment("web", ns: "Shop_1"), Pdb("web", "matchLabels: {app: web}").Replace("  name: web\n", "  name: web\n  namespace: Shop_1\n", StringComparison.Ordinal))
;

        findings.Select(f => (f.Address, f.Evidence["field"], f.Location!.Line)).ShouldBe([("Deployment/Shop_1/web", (object?)"metadata.namespace", 5), ("PodDisruptionBudget/Shop_1/web", "metadata.namespace", 30)]);
        findings[0].Message.ShouldContain("metadata.namespace 'Shop_1' is not a namespace Kubernetes takes: the API server refuses it (metadata.namespace: Invalid value: \"Shop_1\": a lowercase RFC 1123 label must consist of");
    }

    [Theory]
    [InlineData("v1", "Service", "1web", true)] // a Service's name is a DNS-1035 label: it starts with a letter
    [InlineData("v1", "Service", "web.a", true)]
    [InlineData("v1", "ConfigMap", "web.a", false)]
    [InlineData("v1", "ConfigMap", "1web", false)]
    [InlineData("rbac.authorization.k8s.io/v1", "ClusterRole", "system:controller:Web", false)]
    [InlineData("rbac.authorization.k8s.io/v1", "ClusterRole", "a/b", true)]
    public void InvalidManifest_NameByItsKindsRule(string apiVersion, string kind, string name, bool refused)
    {
        Invalid($"apiVersion: {apiVersion}\nkind: {kind}\nmetadata: {{name: '{name}'}}\n").Any(f => Equals(f.Evidence["field"], "metadata.name")).ShouldBe(refused);
    }

    [Theory]
    [InlineData("v1", "Service", "1web", "set metadata.name to at most 63 lower-case letters, digits and '-', starting with a letter and ending with a letter or digit")]
    [InlineData("v1", "Service", "web.a", "set metadata.name to at most 63 lower-case letters, digits and '-', starting with a letter and ending with a letter or digit: web-a")]
    [InlineData("v1", "Namespace", "shop.eu", "set metadata.name to at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit: shop-eu")]
    [InlineData("v1", "ConfigMap", "Web__App.", "set metadata.name to at most 253 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit (each part between dots too): web-app")]
    [InlineData("rbac.authorization.k8s.io/v1", "ClusterRole", "a/b", "set metadata.name to a name without '/' or '%' (and not '.' or '..'): a-b")]
    public void InvalidManifest_NameRefused_SuggestsOnlyANameItsKindTakes(string apiVersion, string kind, string name, string suggestion)
    {
        Invalid($"apiVersion: {apiVersion}\nkind: {kind}\nmetadata: {{name: '{name}'}}\n").Single(f => Equals(f.Evidence["field"], "metadata.name")).Suggestion.ShouldBe(suggestion);
    }

    [Theory]
    [InlineData("ConfigMap", "Web_", "web-")]
    [InlineData("ConfigMap", "web.", "web-")]
    [InlineData("Service", "1-", null)] // a Service's name starts with a letter: no rewrite of the prefix is taken
    public void InvalidManifest_GenerateNameRefused_Found(string kind, string prefix, string? suggested)
    {
        var finding = Invalid($"apiVersion: v1\nkind: {kind}\nmetadata: {{generateName: '{prefix}'}}\n").ShouldHaveSingleItem();

        finding.Evidence["field"].ShouldBe("metadata.generateName");
        finding.Message.ShouldContain($"metadata.generateName '{prefix}' is not a prefix of a {kind}'s name Kubernetes takes");
        if (suggested is null)
        {
            finding.Suggestion!.ShouldNotContain("': ");
            finding.Suggestion!.ShouldEndWith("letter or digit");
        }
        else
        {
            finding.Suggestion!.ShouldEndWith(": " + suggested);
        }
    }

    [Theory]
    [InlineData("ConfigMap", 253, false)] // masked as apimachinery does, 253 characters: taken (the name is cut to 58 + 5)
    [InlineData("ConfigMap", 254, true)]
    [InlineData("Namespace", 63, false)]
    [InlineData("Namespace", 64, true)]
    public void InvalidManifest_LongGenerateNameEndingInADash_RefusedOnlyPastItsRulesLength(string kind, int letters, bool refused)
    {
        var prefix = new string('a', letters) + "-";

        Invalid($"apiVersion: v1\nkind: {kind}\nmetadata: {{generateName: '{prefix}'}}\n").Any(f => Equals(f.Evidence["field"], "metadata.generateName")).ShouldBe(refused);
    }

    [Theory]
    [InlineData("a_-")] // the mask takes it ("aa"), the name generated from it ("a_-x7k2p") is refused
    [InlineData("a-.-")] // mask "a-a", name "a-.-x7k2p": a part ends in '-'
    public void InvalidManifest_GenerateNameWhoseGeneratedNameIsRefused_Found(string prefix)
    {
        Invalid($"apiVersion: v1\nkind: ConfigMap\nmetadata: {{generateName: '{prefix}'}}\n").ShouldHaveSingleItem().Evidence["field"].ShouldBe("metadata.generateName");
    }

    [Fact]
    public void InvalidManifest_GenerateNameEndingInADash_TakenAndNotedAsRefusedByApply()
    {
        var result = Lint.Text("apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: web-}\n");

        result.Findings.Where(f => f.Rule == "k8s/invalid-manifest").ShouldBeEmpty();
        result.Set.Notes.ShouldHaveSingleItem().ShouldBe("test.yaml:1: ConfigMap default/web-* has metadata.generateName and no name: kubectl create names it, kubectl apply refuses it (cannot use generate name with apply); give it a metadata.name to apply it");
    }

    [Fact]
    public void InvalidManifest_NameEndingInANewline_Found()
    {
        // "web\n" ends in a line break the API server refuses; a pattern ending in $ (which also matches before a
        // final newline) took it.
        Invalid("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: \"web\\n\"}\n").Any(f => Equals(f.Evidence["field"], "metadata.name")).ShouldBeTrue();
    }
}
