using System.Text.Json;
using Tollgate.Cli.Hosting;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Reports;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Reports;

/// <summary>
/// GitHub code scanning requires each rule's <c>shortDescription</c>, <c>fullDescription</c> and <c>help</c> text (never
/// empty; descriptions at most 1,024 characters), and treats every result of a rule with a <c>security-severity</c> as
/// a security alert: only security scanners' results carry one (and the tag <c>security</c>), a destroy or a missing
/// probe does not. An imported check is described by its name and links the scanner's guideline when it gave one.
/// </summary>
public sealed class SarifRulesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-sarif-rules-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Scan(string name) => Repository.File("test", "Tollgate.Policies.Tests", "Fixtures", "scans", name);

    private static Dictionary<string, JsonElement> Rules(JsonElement run) =>
        run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r);

    private static string Text(JsonElement rule, string property) => rule.GetProperty(property).GetProperty("text").GetString()!;

    private static string[] Tags(JsonElement rule) => [.. rule.GetProperty("properties").GetProperty("tags").EnumerateArray().Select(t => t.GetString()!)];

    [Fact]
    public async Task Plan_WithScans_EveryRuleDescribedAndOnlySecurityScannersAreSecurity()
    {
        var plan = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json");

        var sarif = await CliRun.RunAsync(_directory, "plan", plan, "--scan", Scan("checkov.json"), "--scan", Scan("tfsec.sarif"), "--scan", Scan("conftest.json"),
            "--format", "sarif", "--ledger", "l.db");

        var run = JsonDocument.Parse(sarif.Out).RootElement.GetProperty("runs")[0];
        var rules = Rules(run);
        foreach (var (id, rule) in rules)
        {
            foreach (var text in new[] { "shortDescription", "fullDescription" })
            {
                Text(rule, text).Trim().ShouldNotBeEmpty(id);
                Text(rule, text).Length.ShouldBeLessThanOrEqualTo(1024, id);
            }

            Text(rule, "help").Trim().ShouldNotBeEmpty(id);
        }

        var destroy = rules["destroy"];
        Text(destroy, "fullDescription").ShouldStartWith("The plan destroys an object. Terraform plan rule; default severity high");
        Text(destroy, "help").ShouldContain("https://github.com/tollgate-dev/tollgate/blob/main/docs/rules.md#destroy");
        destroy.GetProperty("properties").TryGetProperty("security-severity", out _).ShouldBeFalse();
        Tags(destroy).ShouldBe(["terraform-plan", "high"]);
        var conftest = rules["scanner/conftest/main/deny"];
        conftest.GetProperty("properties").TryGetProperty("security-severity", out _).ShouldBeFalse();
        Tags(conftest).ShouldNotContain("security");
        conftest.TryGetProperty("helpUri", out _).ShouldBeFalse();

        var checkov = rules["scanner/checkov/CKV_AWS_18"];
        checkov.GetProperty("helpUri").GetString().ShouldBe("https://docs.prismacloud.io/en/enterprise-edition/policy-reference/aws-policies/s3-policies/s3-13-enable-logging");
        Text(checkov, "shortDescription").ShouldBe("Ensure the S3 bucket has access logging enabled");
        Text(checkov, "fullDescription").ShouldBe("Ensure the S3 bucket has access logging enabled (Checkov's check CKV_AWS_18, a result Tollgate imported).");
        Text(checkov, "help").ShouldContain("Checkov's guideline: https://docs.prismacloud.io/");
        checkov.GetProperty("properties").GetProperty("security-severity").GetString().ShouldBe("8.0");
        Tags(checkov).ShouldContain("security");
        rules["scanner/tfsec/aws-s3-enable-versioning"].GetProperty("helpUri").GetString().ShouldBe("https://aquasecurity.github.io/tfsec/latest/checks/aws/s3/enable-versioning/");
        rules["scanner/tfsec/aws-s3-enable-versioning"].GetProperty("properties").GetProperty("security-severity").GetString().ShouldBe("5.5");

        foreach (var result in run.GetProperty("results").EnumerateArray())
        {
            var security = result.GetProperty("ruleId").GetString()!.StartsWith("scanner/checkov/", StringComparison.Ordinal)
                || result.GetProperty("ruleId").GetString()!.StartsWith("scanner/tfsec/", StringComparison.Ordinal);
            result.GetProperty("properties").TryGetProperty("security-severity", out _).ShouldBe(security, result.GetProperty("ruleId").GetString());
        }
    }

    [Fact]
    public void Render_RuleDescribedAtLength_DescriptionsClippedTo1024AndHelpHasItAll()
    {
        var described = Pillars.Rules.Find("k8s/invalid-manifest")!.Description;
        described.Length.ShouldBeGreaterThan(1024);
        var report = new Report("k8s-lint", "-", "sha256:x", Verdict.Fail, [], [new Finding("k8s/invalid-manifest", Severity.Critical, "Deployment/shop/web", "no name")]);

        var rule = Rules(JsonDocument.Parse(SarifReport.Render(report, Pillars.Rules, _directory)).RootElement.GetProperty("runs")[0])["k8s/invalid-manifest"];

        Text(rule, "shortDescription").Length.ShouldBeLessThanOrEqualTo(1024);
        Text(rule, "shortDescription").ShouldEndWith("…");
        described.ShouldStartWith(Text(rule, "shortDescription")[..^1]);
        Text(rule, "fullDescription").Length.ShouldBeLessThanOrEqualTo(1024);
        Text(rule, "help").ShouldContain(described);
    }

    [Fact]
    public void Render_ScannerCheckWithoutNameOrGuideline_DescribedByItsIdWithoutHelpUri()
    {
        var finding = new Finding("scanner/checkov/CKV_AWS_999", Severity.High, "aws_s3_bucket.a", "aws_s3_bucket.a: CKV_AWS_999")
        {
            Evidence = new Dictionary<string, object?> { ["tool"] = "checkov", ["toolRule"] = "CKV_AWS_999", ["severityFrom"] = "severity", ["guideline"] = "see the docs" },
        };
        var report = new Report("terraform-plan", "-", "sha256:x", Verdict.Fail, [], [finding]);

        var rule = Rules(JsonDocument.Parse(SarifReport.Render(report, Pillars.Rules, _directory)).RootElement.GetProperty("runs")[0])["scanner/checkov/CKV_AWS_999"];

        rule.TryGetProperty("helpUri", out _).ShouldBeFalse();
        Text(rule, "fullDescription").ShouldBe("Imported scanner result checkov/CKV_AWS_999 (Checkov's check CKV_AWS_999, a result Tollgate imported).");
        Text(rule, "help").ShouldStartWith(Text(rule, "fullDescription"));
        Tags(rule).ShouldBe(["security", "terraform-plan", "high"]);
    }

    [Fact]
    public void Render_UnknownToolWithASecuritySeverity_IsSecurityAndWithoutOneIsNot()
    {
        Finding Imported(string id, string from) => new(id, Severity.Medium, "main.tf:3", "m")
        {
            Evidence = new Dictionary<string, object?> { ["tool"] = "semgrep", ["toolRule"] = id, ["severityFrom"] = from },
        };
        var report = new Report("terraform-plan", "-", "sha256:x", Verdict.Fail, [], [Imported("scanner/semgrep/a", "security-severity"), Imported("scanner/semgrep/b", "level")]);

        var rules = Rules(JsonDocument.Parse(SarifReport.Render(report, Pillars.Rules, _directory)).RootElement.GetProperty("runs")[0]);

        rules["scanner/semgrep/a"].GetProperty("properties").GetProperty("security-severity").GetString().ShouldBe("5.5");
        rules["scanner/semgrep/b"].GetProperty("properties").TryGetProperty("security-severity", out _).ShouldBeFalse();
        Tags(rules["scanner/semgrep/b"]).ShouldNotContain("security");
    }
}
