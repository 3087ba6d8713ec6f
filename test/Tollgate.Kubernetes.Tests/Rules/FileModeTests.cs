using Tollgate.Domain.Findings;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// A volume's file modes as the cluster reads them: <c>defaultMode</c> and an item's <c>mode</c> take 0 to 0777
/// octal. An unquoted <c>0644</c> is YAML 1.1's octal 420 and applies; <c>644</c>, an octal mode without its leading
/// 0, is the decimal 644, which the API server refuses (<c>must be a number between 0 and 0777 (octal), both
/// inclusive</c>).
/// </summary>
public sealed class FileModeTests
{
    private const string Mounts = "          readinessProbe:";

    private static string WithVolume(string volume) =>
        FixtureText.Replaced("web-deployment.yaml", "      tolerations:", $"      volumes:\n{volume}\n      tolerations:")
            .Replace(Mounts, "          volumeMounts:\n            - name: config\n              mountPath: /etc/storefront\n" + Mounts, StringComparison.Ordinal);

    [Theory]
    [InlineData("0644")]
    [InlineData("0o755")]
    [InlineData("420")]
    [InlineData("0777")]
    [InlineData("0")]
    public void DefaultMode_ATakenMode_NoFinding(string mode)
    {
        var text = WithVolume($"        - name: config\n          configMap:\n            name: storefront\n            defaultMode: {mode}");

        Lint.Text(text).Findings.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("configMap:\n            name: storefront\n            defaultMode: 644", "spec.template.spec.volumes[0].configMap.defaultMode", "644", "644", "0644")]
    [InlineData("secret:\n            secretName: storefront\n            defaultMode: 600", "spec.template.spec.volumes[0].secret.defaultMode", "600", "600", "0600")]
    [InlineData("secret:\n            secretName: storefront\n            items:\n              - key: tls.key\n                path: tls.key\n                mode: 0x1FF0", "spec.template.spec.volumes[0].secret.items[0].mode", "0x1FF0", "8176", null)]
    [InlineData("projected:\n            sources:\n              - configMap:\n                  name: storefront\n                  items:\n                    - key: app.yaml\n                      path: app.yaml\n                      mode: 0o1000", "spec.template.spec.volumes[0].projected.sources[0].configMap.items[0].mode", "0o1000", "512", null)]
    public void Mode_AboveOctal777_CriticalWithTheModeMeant(string source, string field, string written, string read, string? near)
    {
        var text = WithVolume($"        - name: config\n          {source}");

        var finding = Lint.Text(text).Findings.ShouldHaveSingleItem();

        finding.Rule.ShouldBe("k8s/invalid-manifest");
        finding.Severity.ShouldBe(Severity.Critical);
        finding.Evidence["field"].ShouldBe(field);
        finding.Evidence["value"].ShouldBe(written);
        finding.Evidence["read"].ShouldBe(read);
        finding.Evidence["near"].ShouldBe(near);
        finding.Message.ShouldEndWith($"the API server refuses it ({field}: Invalid value: {read}: must be a number between 0 and 0777 (octal), both inclusive)");
        finding.Message.ShouldContain(written == read ? $"{field} is {written}, outside" : $"{field} is {written} (kubectl reads it as the number {read}), outside");
        finding.Location!.Line.ShouldBe(FixtureText.LineOf(text, "ode: " + written));
        if (near is not null)
        {
            finding.Suggestion.ShouldBe($"set {field} to {near}: YAML 1.1 reads an octal mode with its leading 0 (in JSON, write {Convert.ToInt32(near, 8)})");
        }
    }

    [Fact]
    public void DefaultMode_QuotedOctal_MeantAsKubectlReadsItUnquoted()
    {
        var text = WithVolume("        - name: config\n          configMap:\n            name: storefront\n            defaultMode: \"0644\"");

        var finding = Lint.Text(text).Findings.ShouldHaveSingleItem();

        finding.Evidence["near"].ShouldBe("420");
        finding.Suggestion.ShouldBe("set spec.template.spec.volumes[0].configMap.defaultMode to 420, unquoted");
    }
}
