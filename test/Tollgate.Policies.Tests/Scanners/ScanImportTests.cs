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

    [Fact]
    public void Load_Unreadable_SaysSoInOneLine()
    {
        var dir = Directory.CreateTempSubdirectory("tollgate-scan-").FullName;
        var path = Testing.UnreadableFile.At(Path.Combine(dir, "checkov.json"));

        Should.Throw<InvalidInputException>(() => ScanImport.Load(path, "checkov.json")).Message.ShouldBe("cannot read checkov.json: permission denied");
    }

    [Fact]
    public void Load_DirectoryOrMissing_InTheWordsOfEveryInputFile()
    {
        var dir = Directory.CreateTempSubdirectory("tollgate-scan-").FullName;

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
