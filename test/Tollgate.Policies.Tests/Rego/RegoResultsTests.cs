using System.Text.Json;
using Tollgate.Domain;
using Tollgate.Domain.Findings;
using Tollgate.Policies.Rego;
using Tollgate.Policies.Scanners;

namespace Tollgate.Policies.Tests.Rego;

public sealed class RegoResultsTests
{
    private static JsonElement Fixture(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "scans", name))).RootElement;

    [Fact]
    public void Conftest_FailuresAndWarnings_BecomeDenyAndWarnFindings()
    {
        var findings = RegoResults.Conftest(Fixture("conftest.json"));

        findings.Select(f => (f.Rule, f.Severity, f.Address)).ShouldBe([
            ("scanner/conftest/main/deny", Severity.High, "aws_db_instance.orders"),
            ("scanner/conftest/main/warn", Severity.Medium, "aws_s3_bucket.site"),
            ("scanner/conftest/terraform.limits/deny", Severity.High, "plan"),
        ]);
    }

    [Fact]
    public void Opa_EvalOutput_WalksPackagesForDenyAndWarn()
    {
        var findings = RegoResults.Opa(Fixture("opa.json"));

        findings.Select(f => (f.Rule, f.Severity, f.Address)).ShouldBe([
            ("scanner/opa/terraform.deletes/deny", Severity.High, "plan"),
            ("scanner/opa/terraform.tags/warn", Severity.Low, "aws_s3_bucket.site"),
        ]);
        findings[0].Message.ShouldContain("databases are never deleted");
    }

    [Fact]
    public void ScanImport_ConftestJson_IsRecognised()
    {
        var findings = ScanImport.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "scans", "conftest.json"));

        findings.Count.ShouldBe(3);
    }

    /// <summary>
    /// conftest and opa cannot be installed here, so a stand-in script takes their place on PATH: it records the
    /// arguments it was given and prints the tool's documented output (the fixture). What is under test is the
    /// runner's command line, tool choice and parsing, not the tools.
    /// </summary>
    [Theory]
    [InlineData("conftest", "conftest.json", "test --no-color --all-namespaces --output json --policy", 3)]
    [InlineData("opa", "opa.json", "eval --format json --data", 2)]
    public async Task RunAsync_ToolOnPath_RunsItOnThePlanAndParsesItsOutput(string tool, string fixture, string expectedArguments, int expectedFindings)
    {
        var bin = Directory.CreateTempSubdirectory("tollgate-path-").FullName;
        try
        {
            var fixturePath = Path.Combine(AppContext.BaseDirectory, "Fixtures", "scans", fixture);
            var script = Path.Combine(bin, tool);
            File.WriteAllText(script, $"#!/bin/sh\necho \"$@\" > \"{bin}/args\"\ncat \"{fixturePath}\"\nexit 1\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var findings = await new RegoRunner(bin).RunAsync(bin, "/plans/plan.json", CancellationToken.None);

            findings.Count.ShouldBe(expectedFindings);
            findings.ShouldAllBe(f => f.Rule.StartsWith($"scanner/{tool}/", StringComparison.Ordinal));
            var args = File.ReadAllText(Path.Combine(bin, "args"));
            args.ShouldStartWith(expectedArguments);
            args.ShouldContain(bin);
            args.ShouldContain("/plans/plan.json");
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }

    [Fact]
    public async Task RunAsync_NeitherBinaryOnPath_SaysWhatToInstall()
    {
        var empty = Directory.CreateTempSubdirectory("tollgate-path-").FullName;
        try
        {
            var runner = new RegoRunner(empty);

            var error = await Should.ThrowAsync<InvalidInputException>(() => runner.RunAsync(empty, "plan.json", CancellationToken.None));

            error.Message.ShouldContain("--rego needs conftest or opa on PATH");
            runner.Find("conftest").ShouldBeNull();
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}
