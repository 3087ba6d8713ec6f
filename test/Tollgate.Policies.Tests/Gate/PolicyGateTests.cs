using Tollgate.Domain.Findings;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Policies.Tests.Gate;

public sealed class PolicyGateTests(PolicyPlanFixture fixture) : IClassFixture<PolicyPlanFixture>
{
    [Fact]
    public async Task Judge_DefaultPolicy_DestroysNeedReview()
    {
        var report = await PolicyGateRun.JudgeAsync(fixture.Plan, "");

        report.Verdict.ShouldBe(Verdict.Review);
        report.Findings.Where(f => f.Rule == "destroy").Select(f => f.Address).ShouldBe(["terraform_data.db_main", "terraform_data.legacy_queue"], ignoreOrder: true);
        report.Findings.Single(f => f.Rule == "sensitive-change").Severity.ShouldBe(Severity.Low);
    }

    [Fact]
    public async Task Judge_SeverityOverrideAtFailOn_Fails()
    {
        const string raised = "rules:\n  sensitive-change: { severity: high }\n";

        var report = await PolicyGateRun.JudgeAsync(fixture.Plan, raised);

        report.Verdict.ShouldBe(Verdict.Fail);
        report.Findings.Single(f => f.Rule == "sensitive-change").Severity.ShouldBe(Severity.High);
        report.Reason.ShouldContain("sensitive-change on terraform_data.web");
    }

    [Fact]
    public async Task Judge_DestroyOutOfReviewAndLowered_PassesWhereDefaultSeverityFails()
    {
        const string strict = "reviewOn: [replace, forget]\n";
        const string lowered = "reviewOn: [replace, forget]\nrules:\n  destroy: { severity: medium }\n  rename-suspect: { enabled: false }\n";

        var failing = await PolicyGateRun.JudgeAsync(fixture.Plan, strict);
        var passing = await PolicyGateRun.JudgeAsync(fixture.Plan, lowered);

        failing.Verdict.ShouldBe(Verdict.Fail);
        passing.Verdict.ShouldBe(Verdict.Pass);
        passing.Findings.Where(f => f.Rule == "destroy").ShouldAllBe(f => f.Severity == Severity.Medium);
    }

    [Fact]
    public async Task Judge_ExceptionBeforeExpiry_SuppressesAndPasses()
    {
        var report = await PolicyGateRun.JudgeAsync(fixture.Plan, Exception("2027-01-31"));

        report.Verdict.ShouldBe(Verdict.Pass);
        var destroyed = report.Findings.Where(f => f.Rule == "destroy").ToList();
        destroyed.Count.ShouldBe(2);
        destroyed.ShouldAllBe(f => f.Suppression != null && f.Suppression.Owner == "platform-team");
        report.Notes.ShouldBeEmpty();
    }

    [Fact]
    public async Task Judge_ExceptionAfterExpiry_StopsApplyingAndSaysSo()
    {
        var report = await PolicyGateRun.JudgeAsync(fixture.Plan, Exception("2027-01-31"), now: new DateTimeOffset(2027, 2, 1, 0, 0, 1, TimeSpan.Zero));

        report.Verdict.ShouldBe(Verdict.Review);
        report.Findings.Where(f => f.Rule == "destroy").ShouldAllBe(f => f.Suppression == null);
        report.Notes.Count.ShouldBe(2);
        report.Notes[0].ShouldContain("expired on 2027-01-31 and no longer applies");
    }

    [Fact]
    public async Task Judge_ExceptionOnLastDay_StillApplies()
    {
        var report = await PolicyGateRun.JudgeAsync(fixture.Plan, Exception("2027-01-31"), now: new DateTimeOffset(2027, 1, 31, 23, 59, 0, TimeSpan.Zero));

        report.Verdict.ShouldBe(Verdict.Pass);
    }

    [Fact]
    public async Task Judge_CustomRuleOnDelete_FailsWithPolicyRule()
    {
        const string yaml = """
            custom:
              - name: no-db-delete
                severity: critical
                message: "databases are never deleted by a plan"
                when: 'change.type == "terraform_data" && change.name.startsWith("db") && "delete" in change.actions'
            """;

        var report = await PolicyGateRun.JudgeAsync(fixture.Plan, yaml);

        report.Verdict.ShouldBe(Verdict.Fail);
        var finding = report.Findings.Single(f => f.Rule == "policy/no-db-delete");
        finding.Address.ShouldBe("terraform_data.db_main");
        finding.Severity.ShouldBe(Severity.Critical);
        finding.Message.ShouldContain("databases are never deleted");
        report.Findings.ShouldNotContain(f => f.Rule == "policy/no-db-delete" && f.Address == "terraform_data.legacy_queue");
    }

    [Fact]
    public async Task Judge_CustomRuleThatCannotEvaluate_FailsClosed()
    {
        const string yaml = """
            custom:
              - name: big-input
                severity: high
                when: 'change.after.input.size > 1'
            """;

        var report = await PolicyGateRun.JudgeAsync(fixture.Plan, yaml);

        var findings = report.Findings.Where(f => f.Rule == "policy/big-input").ToList();
        findings.Select(f => f.Address).ShouldBe(["terraform_data.app", "terraform_data.db_main", "terraform_data.legacy_queue", "terraform_data.web"], ignoreOrder: true);
        findings.Where(f => f.Address is "terraform_data.db_main" or "terraform_data.legacy_queue")
            .ShouldAllBe(f => f.Message.Contains("could not be evaluated") && f.Evidence.ContainsKey("error"));
        report.Verdict.ShouldBe(Verdict.Fail);
    }

    [Fact]
    public async Task Judge_ApproversPerAddress_CountOnlyAllowedPeople()
    {
        const string yaml = """
            requireApprovals: 1
            approvers:
              - address: "terraform_data.db_*"
                allowed: [alice, bob]
                requireApprovals: 2
            """;
        var plan = fixture.Plan;

        var aliceAndCarol = await PolicyGateRun.JudgeAsync(plan, yaml, [PolicyGateRun.By("alice", plan), PolicyGateRun.By("carol", plan)]);
        var carolOnly = await PolicyGateRun.JudgeAsync(plan, yaml, [PolicyGateRun.By("carol", plan), PolicyGateRun.By("carol", plan)]);
        var aliceAndBob = await PolicyGateRun.JudgeAsync(plan, yaml, [PolicyGateRun.By("alice", plan), PolicyGateRun.By("bob", plan)]);

        aliceAndCarol.Verdict.ShouldBe(Verdict.Review);
        aliceAndCarol.Reason.ShouldContain("needs 1 more approval");
        aliceAndCarol.Reason.ShouldContain("terraform_data.db_main by alice or bob");
        carolOnly.Verdict.ShouldBe(Verdict.Review);
        carolOnly.Reason.ShouldContain("needs 2 more approvals");
        aliceAndBob.Verdict.ShouldBe(Verdict.Pass);
    }

    [Fact]
    public async Task Judge_ScannerHighAtFailOn_FailsUnlessExcepted()
    {
        var trivy = Path.Combine(AppContext.BaseDirectory, "Fixtures", "scans", "trivy.json");
        const string excepted = """
            exceptions:
              - rule: "scanner/trivy/*"
                address: "aws_s3_bucket.*"
                reason: "public website bucket, ticket WEB-7"
                owner: web-team
                expires: 2027-06-30
            """;

        var failing = await PolicyGateRun.JudgeAsync(fixture.Plan, "", scans: [trivy]);
        var passing = await PolicyGateRun.JudgeAsync(fixture.Plan, excepted, scans: [trivy]);

        failing.Verdict.ShouldBe(Verdict.Fail);
        failing.Reason.ShouldContain("scanner/trivy/AVD-AWS-0086");
        passing.Verdict.ShouldBe(Verdict.Review, "the destroys still need a review once the scanner result is excepted");
        passing.Findings.Where(f => f.Rule.StartsWith("scanner/trivy/", StringComparison.Ordinal)).ShouldAllBe(f => f.Suppression != null);
    }

    [Fact]
    public async Task Judge_GlobRuleSettingsOnScanner_LowersCheckovWithoutSeverity()
    {
        var checkov = Path.Combine(AppContext.BaseDirectory, "Fixtures", "scans", "checkov.json");
        const string lowered = "rules:\n  \"scanner/checkov/*\": { severity: medium }\n";
        const string disabled = "rules:\n  \"scanner/checkov/*\": { enabled: false }\n";

        var asIs = await PolicyGateRun.JudgeAsync(fixture.Plan, "", scans: [checkov]);
        var lower = await PolicyGateRun.JudgeAsync(fixture.Plan, lowered, scans: [checkov]);
        var off = await PolicyGateRun.JudgeAsync(fixture.Plan, disabled, scans: [checkov]);

        asIs.Verdict.ShouldBe(Verdict.Fail);
        lower.Verdict.ShouldBe(Verdict.Review);
        lower.Findings.Where(f => f.Rule.StartsWith("scanner/checkov/", StringComparison.Ordinal)).ShouldAllBe(f => f.Severity == Severity.Medium);
        off.Findings.ShouldNotContain(f => f.Rule.StartsWith("scanner/", StringComparison.Ordinal));
    }

    private static string Exception(string expires) => $"""
        exceptions:
          - rule: destroy
            address: "terraform_data.*"
            reason: "decommissioning, ticket OPS-12"
            owner: platform-team
            expires: {expires}
          - rule: rename-suspect
            address: "*"
            reason: "no renames in this plan"
            owner: platform-team
            expires: {expires}
        """;
}
