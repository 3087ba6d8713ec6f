using Tollgate.Domain;
using Tollgate.Domain.Findings;
using Tollgate.Policies.Scanners;

namespace Tollgate.Policies.Tests.Scanners;

public sealed class ScanImportTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "scans", name);

    [Fact]
    public void Load_TrivySarif_UsesSecuritySeverityAndToolRuleIds()
    {
        var findings = ScanImport.Load(Fixture("trivy.sarif"));

        findings.Select(f => (f.Rule, f.Severity)).ShouldBe([("scanner/trivy/AVD-AWS-0086", Severity.High), ("scanner/trivy/AVD-AWS-0089", Severity.Low)]);
        findings[0].Address.ShouldBe("main.tf:12");
        findings[0].Evidence["severityFrom"].ShouldBe("security-severity");
    }

    [Fact]
    public void Load_CheckovSarif_FallsBackToLevelAndKeepsInSourceSuppression()
    {
        var findings = ScanImport.Load(Fixture("checkov.sarif"));

        var logging = findings.Single(f => f.Rule == "scanner/checkov/CKV_AWS_18");
        logging.Severity.ShouldBe(Severity.High);
        logging.Evidence["severityFrom"].ShouldBe("level");
        var replication = findings.Single(f => f.Rule == "scanner/checkov/CKV_AWS_144");
        replication.Suppression.ShouldNotBeNull().Kind.ShouldBe("inSource");
        replication.Suppression.Reason.ShouldBe("single-region static site");
    }

    [Fact]
    public void Load_TfsecSarif_MapsLevelsWhenNoSeverityGiven()
    {
        var findings = ScanImport.Load(Fixture("tfsec.sarif"));

        findings.Select(f => (f.Rule, f.Severity)).ShouldBe([
            ("scanner/tfsec/aws-s3-enable-bucket-encryption", Severity.High),
            ("scanner/tfsec/aws-s3-enable-versioning", Severity.Medium),
        ]);
    }

    [Fact]
    public void Load_TfsecJson_GivesResourceAddressesAndSeverities()
    {
        var findings = ScanImport.Load(Fixture("tfsec.json"));

        findings.Select(f => (f.Rule, f.Severity, f.Address)).ShouldBe([
            ("scanner/tfsec/aws-s3-enable-bucket-encryption", Severity.High, "aws_s3_bucket.site"),
            ("scanner/tfsec/aws-s3-enable-versioning", Severity.Medium, "aws_s3_bucket.site"),
        ]);
        findings[0].Suggestion.ShouldBe("Configure bucket encryption");
    }

    [Fact]
    public void Load_TrivyJson_SkipsPassesAndKeepsResource()
    {
        var findings = ScanImport.Load(Fixture("trivy.json"));

        findings.Count.ShouldBe(2);
        findings.ShouldAllBe(f => f.Address == "aws_s3_bucket.site");
        findings.ShouldNotContain(f => f.Rule == "scanner/trivy/AVD-AWS-0132");
    }

    [Fact]
    public void Load_CheckovJson_NullSeverityCountsHighAndSkippedIsSuppressed()
    {
        var findings = ScanImport.Load(Fixture("checkov.json"));

        findings.Single(f => f.Rule == "scanner/checkov/CKV_AWS_18").Severity.ShouldBe(Severity.High);
        findings.Single(f => f.Rule == "scanner/checkov/CKV_AWS_145").Severity.ShouldBe(Severity.Low);
        findings.Single(f => f.Rule == "scanner/checkov/CKV_AWS_145").Address.ShouldBe("module.logs.aws_s3_bucket.this[0]");
        findings.Single(f => f.Rule == "scanner/checkov/CKV_AWS_144").Suppression.ShouldNotBeNull();
        findings.ShouldNotContain(f => f.Rule == "scanner/checkov/CKV_AWS_20");
    }

    [Theory]
    [InlineData("checkov.json", "scanner/checkov/CKV_AWS_18", "Ensure the S3 bucket has access logging enabled", "https://docs.prismacloud.io/en/enterprise-edition/policy-reference/aws-policies/s3-policies/s3-13-enable-logging")]
    [InlineData("checkov.sarif", "scanner/checkov/CKV_AWS_18", "Ensure the S3 bucket has access logging enabled", "https://docs.prismacloud.io/en/enterprise-edition/policy-reference/aws-policies/s3-policies/s3-13-enable-logging")]
    [InlineData("tfsec.json", "scanner/tfsec/aws-s3-enable-bucket-encryption", "Unencrypted S3 bucket.", "https://aquasecurity.github.io/tfsec/v1.28.11/checks/aws/s3/enable-bucket-encryption/")]
    [InlineData("tfsec.sarif", "scanner/tfsec/aws-s3-enable-bucket-encryption", "Unencrypted S3 bucket.", "https://aquasecurity.github.io/tfsec/latest/checks/aws/s3/enable-bucket-encryption/")]
    [InlineData("trivy.json", "scanner/trivy/AVD-AWS-0086", "S3 Access block should block public ACL", "https://avd.aquasec.com/misconfig/avd-aws-0086")]
    [InlineData("trivy.sarif", "scanner/trivy/AVD-AWS-0086", "S3 Access block should block public ACL", "https://avd.aquasec.com/misconfig/avd-aws-0086")]
    public void Load_EveryScanner_NamesTheCheckAndItsGuideline(string fixture, string rule, string name, string guideline)
    {
        var finding = ScanImport.Load(Fixture(fixture)).First(f => f.Rule == rule);

        finding.Evidence["checkName"].ShouldBe(name);
        finding.Evidence["guideline"].ShouldBe(guideline);
    }

    [Fact]
    public void Load_GuidelineThatIsNoUrl_IsLeftOut()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tollgate-guideline-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"results": {"failed_checks": [{"check_id": "CKV_X_1", "check_name": " Ensure X ", "resource": "aws_s3_bucket.a", "guideline": "ask the platform team"}]}}""");
        try
        {
            var finding = ScanImport.Load(path).Single();

            finding.Evidence["checkName"].ShouldBe("Ensure X");
            finding.Evidence.ContainsKey("guideline").ShouldBeFalse();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_Unreadable_SaysSoInOneLine()
    {
        var dir = Testing.TestScratch.CreateSubdirectory("tollgate-scan-").FullName;
        var path = Testing.UnreadableFile.At(Path.Combine(dir, "checkov.json"));

        Should.Throw<InvalidInputException>(() => ScanImport.Load(path, "checkov.json")).Message.ShouldBe("cannot read checkov.json: permission denied");
    }

    [Fact]
    public void Load_DirectoryOrMissing_InTheWordsOfEveryInputFile()
    {
        var dir = Testing.TestScratch.CreateSubdirectory("tollgate-scan-").FullName;

        Should.Throw<InvalidInputException>(() => ScanImport.Load(dir, "scans")).Message.ShouldBe("scans is a directory, not a regular file");
        Should.Throw<InvalidInputException>(() => ScanImport.Load(Path.Combine(dir, "out", "trivy.json"), "out/trivy.json"))
            .Message.ShouldBe($"out/trivy.json does not exist: there is no directory {Path.Combine(dir, "out")}");
    }

    [Fact]
    public void Load_UnknownJson_IsInvalidInput()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tollgate-scan-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{\"hello\": 1}");
        try
        {
            Should.Throw<InvalidInputException>(() => ScanImport.Load(path)).Message.ShouldContain("neither SARIF nor");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_SourceAndShownAs_FindingsNameTheFileErrorsNameWhereItCameFrom()
    {
        using var scan = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Fixture("tfsec.json")));
        using var odd = System.Text.Json.JsonDocument.Parse("""{"runs": [{"tool": null}]}""");
        using var unknown = System.Text.Json.JsonDocument.Parse("""{"hello": 1}""");

        var findings = ScanImport.Read(scan.RootElement, "scan-1.json", "scans[0]");

        findings.ShouldNotBeEmpty();
        findings.ShouldAllBe(f => (string?)f.Evidence["file"] == "scan-1.json");
        findings.Select(f => (f.Rule, f.Address)).ShouldBe(ScanImport.Load(Fixture("tfsec.json")).Select(f => (f.Rule, f.Address)));
        Should.Throw<InvalidInputException>(() => ScanImport.Read(odd.RootElement, "scan-1.json", "scans[0]")).Message.ShouldBe("scan result scans[0]: runs[0].tool: expected an object, found null");
        Should.Throw<InvalidInputException>(() => ScanImport.Read(unknown.RootElement, "scan-1.json", "scans[0]")).Message
            .ShouldBe("scan result scans[0] is neither SARIF nor a Checkov, tfsec, Trivy or Conftest JSON report");
        Should.Throw<InvalidInputException>(() => ScanImport.Read(unknown.RootElement, "scan-1.json")).Message.ShouldStartWith("scan result scan-1.json is neither");
    }

    [Theory]
    [InlineData(9.5, Severity.Critical)]
    [InlineData(8.9, Severity.High)]
    [InlineData(7.0, Severity.High)]
    [InlineData(6.9, Severity.Medium)]
    [InlineData(3.9, Severity.Low)]
    public void FromScore_GitHubBands_MapToSeverities(double score, Severity expected) =>
        ScannerSeverity.FromScore(score).ShouldBe(expected);
}
