using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Cli;

namespace Tollgate.Policies.Tests.Cli;

public sealed class PolicyCliTests(PolicyPlanFixture fixture) : IClassFixture<PolicyPlanFixture>, IDisposable
{
    /// <summary>One approval anywhere, two from alice or bob for the databases.</summary>
    private const string DatabaseApprovers = """
        requireApprovals: 1
        approvers:
          - address: "terraform_data.db_*"
            allowed: [alice, bob]
            requireApprovals: 2
        """;

    private readonly string _work = Directory.CreateTempSubdirectory("tollgate-policy-cli-").FullName;

    private static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "Examples", name);

    [Fact]
    public async Task Plan_MalformedPolicy_Exits3WithTheLine()
    {
        var policy = fixture.WritePolicy("failOn: high\nrequireApprovals: two\n");

        var (code, _, error) = await RunAsync("plan", fixture.PlanJsonPath, "--policy", policy);

        code.ShouldBe(3);
        error.ShouldContain("tollgate.yaml:2:19: requireApprovals must be a whole number");
        error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(1);
    }

    [Fact]
    public async Task Plan_PolicyInWorkingDirectory_IsFoundWithoutOption()
    {
        File.WriteAllText(Path.Combine(_work, "tollgate.yaml"), File.ReadAllText(Example("no-db-delete.yaml")).Replace("endsWith(\"_db_instance\")", "startsWith(\"terraform_data\") && change.name.startsWith(\"db\")", StringComparison.Ordinal));

        var (code, output, _) = await RunAsync("plan", fixture.PlanJsonPath, "--format", "json");

        code.ShouldBe(1);
        using var report = JsonDocument.Parse(output);
        report.RootElement.GetProperty("verdict").GetString().ShouldBe("fail");
        report.RootElement.GetProperty("findings").EnumerateArray().ShouldContain(f => f.GetProperty("rule").GetString() == "policy/no-db-delete");
    }

    [Fact]
    public async Task Approve_ThenPlan_CountsOnlyAllowedApprovers()
    {
        var policy = fixture.WritePolicy(DatabaseApprovers);

        var carol = await RunAsync("approve", fixture.PlanJsonPath, "--by", "carol", "--reason", "looked", "--policy", policy);
        var afterCarol = await RunAsync("plan", fixture.PlanJsonPath, "--policy", policy, "--format", "json");
        await RunAsync("approve", fixture.PlanJsonPath, "--by", "alice", "--reason", "db is gone", "--policy", policy);
        var afterAlice = await RunAsync("plan", fixture.PlanJsonPath, "--policy", policy, "--format", "json");
        await RunAsync("approve", fixture.PlanJsonPath, "--by", "bob", "--reason", "agreed", "--policy", policy);
        var afterBob = await RunAsync("plan", fixture.PlanJsonPath, "--policy", policy, "--format", "json");

        carol.Code.ShouldBe(0);
        carol.Error.ShouldContain("carol is not an allowed approver for terraform_data.db_main (allowed: alice, bob)");
        afterCarol.Code.ShouldBe(2);
        afterCarol.Output.ShouldContain("needs 2 more approvals");
        afterAlice.Code.ShouldBe(2);
        afterAlice.Output.ShouldContain("needs 1 more approval");
        afterBob.Code.ShouldBe(0);
        using var final = JsonDocument.Parse(afterBob.Output);
        final.RootElement.GetProperty("verdict").GetString().ShouldBe("pass");
        final.RootElement.GetProperty("reason").GetString()!.ShouldContain("approved by");
    }

    [Fact]
    public async Task Approve_CountsLine_CountsAsTheGateDoes()
    {
        var policy = fixture.WritePolicy(DatabaseApprovers);

        var carol = await RunAsync("approve", fixture.PlanJsonPath, "--by", "carol", "--reason", "r", "--policy", policy);
        var alice = await RunAsync("approve", fixture.PlanJsonPath, "--by", "alice", "--reason", "r", "--policy", policy);
        var again = await RunAsync("approve", fixture.PlanJsonPath, "--by", "alice", "--reason", "again", "--policy", policy);
        var gate = await RunAsync("plan", fixture.PlanJsonPath, "--policy", policy);
        var bob = await RunAsync("approve", fixture.PlanJsonPath, "--by", "bob", "--reason", "r", "--policy", policy);

        carol.Output.ShouldContain("counts for 1 of 2; terraform_data.db_main still needs 2 more approvals, by alice or bob");
        alice.Output.ShouldContain("counts for 1 of 2; terraform_data.db_main still needs 1 more approval, by alice or bob");
        alice.Error.ShouldNotContain("already");
        again.Output.ShouldContain("counts for 1 of 2; terraform_data.db_main still needs 1 more approval, by alice or bob");
        again.Error.ShouldContain("tollgate: note: alice approved this digest already; counted once");
        gate.Code.ShouldBe(2);
        gate.Output.ShouldContain("needs 1 more approval");
        bob.Output.ShouldContain("counts for 2 of 2: every resource has the approvals policy");
        bob.Error.ShouldBeEmpty();
    }

    [Fact]
    public async Task Plan_ExceptionApplied_AppearsAsSarifSuppressionAndInText()
    {
        var policy = fixture.WritePolicy("""
            exceptions:
              - rule: destroy
                address: "terraform_data.legacy_*"
                reason: "decommissioning, ticket OPS-12"
                owner: platform-team
                expires: 2027-01-31
            """);

        var sarif = await RunAsync("plan", fixture.PlanJsonPath, "--policy", policy, "--format", "sarif");
        var text = await RunAsync("plan", fixture.PlanJsonPath, "--policy", policy);
        var markdown = await RunAsync("plan", fixture.PlanJsonPath, "--policy", policy, "--format", "markdown");
        var junit = await RunAsync("plan", fixture.PlanJsonPath, "--policy", policy, "--format", "junit");

        using var document = JsonDocument.Parse(sarif.Output);
        var results = document.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        var legacy = results.Single(r => r.GetProperty("ruleId").GetString() == "destroy" && r.GetProperty("message").GetProperty("text").GetString()!.Contains("legacy_queue", StringComparison.Ordinal));
        var suppression = legacy.GetProperty("suppressions")[0];
        suppression.GetProperty("kind").GetString().ShouldBe("external");
        suppression.GetProperty("justification").GetString().ShouldBe("decommissioning, ticket OPS-12");
        suppression.GetProperty("properties").GetProperty("expires").GetString().ShouldBe("2027-01-31");
        results.Single(r => r.GetProperty("ruleId").GetString() == "destroy" && r.GetProperty("message").GetProperty("text").GetString()!.Contains("db_main", StringComparison.Ordinal))
            .TryGetProperty("suppressions", out _).ShouldBeFalse();
        text.Output.ShouldContain("excepted: decommissioning, ticket OPS-12; owner platform-team; until 2027-01-31");
        markdown.Output.ShouldContain("_excepted_: decommissioning, ticket OPS-12; owner platform-team; until 2027-01-31");
        junit.Output.ShouldContain("<skipped message=\"excepted: decommissioning, ticket OPS-12; owner platform-team; until 2027-01-31\"");
    }

    [Fact]
    public async Task Plan_ExampleDemoDirectory_FailsOnOwnerTagWithLegacyExcepted()
    {
        var demo = Path.Combine(_work, "demo");
        Directory.CreateDirectory(demo);
        foreach (var file in new[] { "main.tf", "terraform.tfstate" })
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, "Examples", "demo", file), Path.Combine(demo, file));
        }

        var (code, output, _) = await RunAsync("plan", demo, "--policy", Example("tollgate.yaml"), "--format", "json");

        code.ShouldBe(1);
        using var report = JsonDocument.Parse(output);
        var findings = report.RootElement.GetProperty("findings").EnumerateArray().ToList();
        findings.Single(f => f.GetProperty("rule").GetString() == "policy/owner-tag").GetProperty("address").GetString().ShouldBe("terraform_data.web");
        findings.Single(f => f.GetProperty("address").GetString() == "terraform_data.legacy_queue").GetProperty("suppression").GetProperty("owner").GetString().ShouldBe("platform-team");
        findings.Single(f => f.GetProperty("address").GetString() == "terraform_data.db_orders").TryGetProperty("suppression", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Plan_RegoWithoutConftestOrOpa_Exits3WithClearMessage()
    {
        var (code, _, error) = await RunAsync("plan", fixture.PlanJsonPath, "--rego", _work);

        code.ShouldBe(3);
        error.ShouldContain("--rego needs conftest or opa on PATH, and neither was found");
    }

    [Fact]
    public async Task Plan_ScanOption_ImportsAndFails()
    {
        var (code, output, _) = await RunAsync("plan", fixture.PlanJsonPath, "--scan", Path.Combine(AppContext.BaseDirectory, "Fixtures", "scans", "tfsec.json"), "--format", "json");

        code.ShouldBe(1);
        output.ShouldContain("scanner/tfsec/aws-s3-enable-bucket-encryption");
    }

    [Fact]
    public async Task PolicyCheck_ExpiredException_SaysSo()
    {
        var policy = fixture.WritePolicy("exceptions:\n  - rule: destroy\n    address: \"*\"\n    reason: old\n    owner: ops\n    expires: 2026-12-31\n");

        var (code, output, _) = await RunAsync("policy", "check", policy);

        code.ShouldBe(0);
        output.ShouldContain("until 2026-12-31 (EXPIRED, no longer applies");
    }

    [Fact]
    public async Task PolicyCheck_OwnerAndReasonWithEscapesAndNewlines_ShownEscapedOnTheirLine()
    {
        // The file's text: printed raw, an escape recoloured the terminal and a newline forged a line of the summary.
        var policy = fixture.WritePolicy("""
            approvers:
              - address: "aws_db_*\e[2J"
                allowed: ["alice\nPASS forged approver"]
            exceptions:
              - rule: destroy
                address: "terraform_data.legacy_*"
                reason: "ticket OPS-12\nPASS forged reason"
                owner: "platform\e[31m-team"
                expires: 2027-01-31
            """);

        var (code, output, _) = await RunAsync("policy", "check", policy);

        code.ShouldBe(0);
        output.ShouldNotContain('\u001b');
        output.Split('\n').ShouldNotContain(line => line.StartsWith("PASS", StringComparison.Ordinal));
        output.ShouldContain("approvers for address aws_db_*\\u001b[2J: alice\\nPASS forged approver (1 needed)");
        output.ShouldContain("(applies; owner platform\\u001b[31m-team: ticket OPS-12\\nPASS forged reason)");
    }

    [Fact]
    public async Task PolicyInit_PrintsDefaultsThatCheckAccepts()
    {
        var (code, output, _) = await RunAsync("policy", "init");
        File.WriteAllText(Path.Combine(_work, "tollgate.yaml"), output);
        var check = await RunAsync("policy", "check");

        code.ShouldBe(0);
        output.ShouldContain("failOn: high");
        output.ShouldContain("reviewOn: [destroy, replace, forget]");
        check.Code.ShouldBe(0);
        check.Output.ShouldContain("tollgate.yaml: valid");
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var host = new CliHost(output, error, new FakeTimeProvider(new DateTimeOffset(2027, 1, 15, 9, 0, 0, TimeSpan.Zero)), _work);
        var withLedger = args[0] is "plan" or "approve" ? [.. args, "--ledger", Path.Combine(_work, "ledger.db")] : args;
        var code = await TollgateCli.RunAsync(withLedger, host);
        return (code, output.ToString(), error.ToString());
    }
}
