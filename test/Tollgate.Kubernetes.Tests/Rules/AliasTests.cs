namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// A value reached through a YAML alias (<c>*version</c>) or a <c>&lt;&lt;</c> merge key is the value its anchor holds,
/// and a finding on it reads as it would on the same value written inline: the text as written (<c>1.0</c>, <c>yes</c>,
/// <c>0x1F</c>), not its JSON form (<c>1</c>, <c>true</c>, <c>31</c>), located at the line that uses it.
/// </summary>
public sealed class AliasTests
{
    private const string Labels = "  labels:\n    app.kubernetes.io/name: storefront\nspec:";
    private const string TemplateLabels = "      labels:\n        app.kubernetes.io/name: storefront\n    spec:";

    [Theory]
    [InlineData("1.0", "(kubectl reads it as the number 1)")]
    [InlineData("yes", "(kubectl reads it as the boolean true)")]
    [InlineData("0x1F", "(kubectl reads it as the number 31)")]
    public void Alias_ToANumberOrBooleanWhereAStringIsTaken_ShownAsTheAnchorWroteIt(string written, string what)
    {
        var text = FixtureText.Replaced("web-deployment.yaml", Labels, $"  labels:\n    app.kubernetes.io/name: storefront\n    version: &version {written}\nspec:")
            .Replace(TemplateLabels, "      labels:\n        app.kubernetes.io/name: storefront\n        version: *version\n    spec:", StringComparison.Ordinal);

        var findings = Lint.Text(text).Findings.OrderBy(f => (string?)f.Evidence["field"], StringComparer.Ordinal).ToList();

        findings.Select(f => f.Evidence["field"]).ShouldBe(["metadata.labels.version", "spec.template.metadata.labels.version"]);
        findings.ShouldAllBe(f => (string?)f.Evidence["value"] == written && (string?)f.Evidence["near"] == written);
        findings.ShouldAllBe(f => f.Message.Contains($" is {written} {what} where a Deployment takes a string; did you mean \"{written}\"?", StringComparison.Ordinal));
        findings.ShouldAllBe(f => f.Suggestion == $"set {f.Evidence["field"]} to \"{written}\", quoted");
        findings.Select(f => f.Location!.Line).ShouldBe([FixtureText.LineOf(text, "&version"), FixtureText.LineOf(text, "*version")]);
    }

    [Fact]
    public void MergeKey_ANumberWhereAStringIsTaken_ShownAsTheAnchorWroteIt()
    {
        var text = FixtureText.Replaced("web-deployment.yaml", TemplateLabels, "      labels:\n        <<: &common {app.kubernetes.io/name: storefront, version: 2.10}\n    spec:");

        var finding = Lint.Text(text).Findings.ShouldHaveSingleItem();

        finding.Evidence["field"].ShouldBe("spec.template.metadata.labels.version");
        finding.Evidence["value"].ShouldBe("2.10");
        finding.Suggestion.ShouldBe("set spec.template.metadata.labels.version to \"2.10\", quoted");
    }
}
