using System.Text.Json;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>tollgate approve PLAN</c> records a review of exactly what the reviewer saw: with real terraform 1.11 plans, an
/// approval of one plan never clears another whose changes are the same but whose failing checks or blast radius
/// (from the configuration's references) are not.
/// </summary>
public sealed class PlanReviewBindingTests : IDisposable
{
    private readonly TerraformWorkspace _ws = new("review-binding");

    private static string CheckExpecting(string expected) => $$"""
        resource "terraform_data" "a" { input = "x" }

        check "health" {
          assert {
            condition     = terraform_data.a.input == "{{expected}}"
            error_message = "a runs x, expected {{expected}}"
          }
        }
        """;

    /// <summary>A hub whose input changes, and the dependents that name it in depends_on (they themselves stay unchanged).</summary>
    private static string Hub(int input, params string[] dependents) =>
        $"resource \"terraform_data\" \"hub\" {{ input = {input} }}\n" + string.Join('\n', new[] { "d1", "d2", "d3" }.Select(d =>
            $"resource \"terraform_data\" \"{d}\" {{\n  input = \"x\"\n{(dependents.Contains(d) ? "  depends_on = [terraform_data.hub]\n" : "")}}}"));

    [Fact]
    public async Task Approve_NoChangePlanWithAFailingCheck_DoesNotClearAnotherWhoseCheckFailsDifferently()
    {
        _ws.Write("review.yaml", "reviewOn: [destroy, replace, forget, check-failed]\n");
        _ws.Write("main.tf", """resource "terraform_data" "a" { input = "x" }""").Apply();
        _ws.Write("main.tf", CheckExpecting("z"));
        var expectsZ = _ws.PlanJson("z.json");
        _ws.Write("main.tf", CheckExpecting("y"));
        var expectsY = _ws.PlanJson("y.json");

        var before = await CliRun.RunAsync(_ws.Directory, "plan", expectsZ, "--policy", "review.yaml", "--format", "json");
        var approve = await CliRun.RunAsync(_ws.Directory, "approve", expectsZ, "--by", "alice", "--reason", "health check is known to flap", "--policy", "review.yaml");
        var approved = await CliRun.RunAsync(_ws.Directory, "plan", expectsZ, "--policy", "review.yaml", "--format", "json");
        var other = await CliRun.RunAsync(_ws.Directory, "plan", expectsY, "--policy", "review.yaml", "--format", "json");

        before.ExitCode.ShouldBe(2, before.Error);
        Report(before).GetProperty("summary").GetProperty("noop").GetInt32().ShouldBe(1);
        approve.ExitCode.ShouldBe(0, approve.Error);
        approve.Out.ShouldContain("covers 1 resource that the policy asks a review for: check.health");
        approved.ExitCode.ShouldBe(0, approved.Error);
        other.ExitCode.ShouldBe(2, other.Error);
        Report(other).GetProperty("approvals").GetArrayLength().ShouldBe(0);
        Report(other).GetProperty("digest").GetString().ShouldNotBe(Report(approved).GetProperty("digest").GetString());
    }

    [Fact]
    public async Task Approve_PlanThatAlsoFails_RecordedAndSaysTheGateStillFails()
    {
        // A destroy to review beside a failing check: the approval covers the destroy and was recorded without a word
        // about the failure, as if it had cleared it.
        _ws.Write("main.tf", """resource "terraform_data" "a" { input = "x" }""" + "\n" + """resource "terraform_data" "old" { input = "x" }""").Apply();
        _ws.Write("main.tf", CheckExpecting("z"));
        var plan = _ws.PlanJson("both.json");
        var first = await CliRun.RunAsync(_ws.Directory, "plan", plan, "--format", "json");
        var digest = Report(first).GetProperty("digest").GetString()!;

        var byPlan = await CliRun.RunAsync(_ws.Directory, "approve", plan, "--by", "alice", "--reason", "old is retired");
        var byDigest = await CliRun.RunAsync(_ws.Directory, "approve", "--digest", digest, "--by", "bob", "--reason", "old is retired");
        var after = await CliRun.RunAsync(_ws.Directory, "plan", plan, "--format", "json");

        first.ExitCode.ShouldBe(1, first.Error);
        foreach (var approve in new[] { byPlan, byDigest })
        {
            approve.ExitCode.ShouldBe(0, approve.Error);
            approve.Out.ShouldContain("terraform_data.old");
            approve.Error.ShouldBe("tollgate: note: the gate still fails on 1 finding no approval clears (check-failed check.health): fix them, or add a policy exception\n");
        }

        after.ExitCode.ShouldBe(1, after.Error);
        Report(after).GetProperty("approvals").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task Approve_PlanThatOnlyAsksForReview_NoNote()
    {
        _ws.Write("main.tf", """resource "terraform_data" "a" { input = "x" }""" + "\n" + """resource "terraform_data" "old" { input = "x" }""").Apply();
        _ws.Write("main.tf", """resource "terraform_data" "a" { input = "x" }""");
        var plan = _ws.PlanJson("destroy.json");

        var approve = await CliRun.RunAsync(_ws.Directory, "approve", plan, "--by", "alice", "--reason", "old is retired");

        approve.ExitCode.ShouldBe(0, approve.Error);
        approve.Error.ShouldBeEmpty();
    }

    [Fact]
    public async Task Approve_BlastRadiusOverTheLimit_DoesNotClearTheSameChangeWithMoreDependents()
    {
        _ws.Write("limit.yaml", "rules:\n  blast-radius: { maxDependents: 1 }\n");
        _ws.Write("main.tf", Hub(1)).Apply();
        _ws.Write("main.tf", Hub(2, "d1", "d2"));
        var two = _ws.PlanJson("two.json");
        _ws.Write("main.tf", Hub(2, "d1", "d2", "d3"));
        var three = _ws.PlanJson("three.json");

        var defaultsTwo = await CliRun.RunAsync(_ws.Directory, "plan", two, "--format", "json");
        var defaultsThree = await CliRun.RunAsync(_ws.Directory, "plan", three, "--format", "json");
        var before = await CliRun.RunAsync(_ws.Directory, "plan", two, "--policy", "limit.yaml", "--format", "json");
        var approve = await CliRun.RunAsync(_ws.Directory, "approve", two, "--by", "alice", "--reason", "hub rolls out behind a flag", "--policy", "limit.yaml");
        var approved = await CliRun.RunAsync(_ws.Directory, "plan", two, "--policy", "limit.yaml", "--format", "json");
        var wider = await CliRun.RunAsync(_ws.Directory, "plan", three, "--policy", "limit.yaml", "--format", "json");

        // The same planned change: where nothing but the changes asks for a review, the digests are the changes' own.
        Report(defaultsTwo).GetProperty("summary").GetProperty("update").GetInt32().ShouldBe(1);
        Report(defaultsTwo).GetProperty("digest").GetString().ShouldBe(Report(defaultsThree).GetProperty("digest").GetString());
        before.ExitCode.ShouldBe(2, before.Error);
        Report(before).GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("rule").GetString() == "blast-radius" && f.GetProperty("severity").GetString() == "high")
            .Select(f => f.GetProperty("address").GetString()).ShouldBe(["terraform_data.hub"]);
        Report(before).GetProperty("digest").GetString().ShouldNotBe(Report(defaultsTwo).GetProperty("digest").GetString());
        approve.ExitCode.ShouldBe(0, approve.Error);
        approve.Out.ShouldContain("approved " + Report(before).GetProperty("digest").GetString());
        approve.Out.ShouldContain(": terraform_data.hub");
        approved.ExitCode.ShouldBe(0, approved.Error);
        wider.ExitCode.ShouldBe(2, wider.Error);
        Report(wider).GetProperty("approvals").GetArrayLength().ShouldBe(0);
    }

    /// <summary>A tfsec JSON report of the given (long id, description) results on terraform_data.a.</summary>
    private static string Tfsec(params (string Id, string Says)[] results) =>
        "{\"results\": [" + string.Join(", ", results.Select(r =>
            $"{{\"long_id\": \"{r.Id}\", \"description\": \"{r.Says}\", \"severity\": \"MEDIUM\", \"resource\": \"terraform_data.a\"}}")) + "]}";

    [Fact]
    public async Task Approve_PlanWithOneScanFindingUnderReview_DoesNotClearTheSamePlanWithAnotherScanFinding()
    {
        // Was: the digest was the plan's own whatever --scan said, so an approval of finding A cleared A and B.
        _ws.Write("scans.yaml", "reviewOn: [destroy, replace, forget, \"scanner/*\"]\n");
        _ws.Write("a.json", Tfsec(("custom-input-pinned", "input is not pinned")));
        _ws.Write("ab.json", Tfsec(("custom-input-pinned", "input is not pinned"), ("custom-owner-tag", "no owner tag")));
        _ws.Write("a-reworded.json", Tfsec(("custom-input-pinned", "input is pinned to a branch")));
        _ws.Write("main.tf", """resource "terraform_data" "a" { input = "x" }""");
        var plan = _ws.PlanJson();

        var plain = await CliRun.RunAsync(_ws.Directory, "plan", plan, "--policy", "scans.yaml", "--format", "json");
        var unreviewed = await CliRun.RunAsync(_ws.Directory, "plan", plan, "--scan", "a.json", "--format", "json");
        var before = await CliRun.RunAsync(_ws.Directory, "plan", plan, "--scan", "a.json", "--policy", "scans.yaml", "--format", "json");
        var approve = await CliRun.RunAsync(_ws.Directory, "approve", plan, "--scan", "a.json", "--by", "alice", "--reason", "pinned in OPS-40", "--policy", "scans.yaml");
        var approved = await CliRun.RunAsync(_ws.Directory, "plan", plan, "--scan", "a.json", "--policy", "scans.yaml", "--format", "json");
        var more = await CliRun.RunAsync(_ws.Directory, "plan", plan, "--scan", "ab.json", "--policy", "scans.yaml", "--format", "json");
        var reworded = await CliRun.RunAsync(_ws.Directory, "plan", plan, "--scan", "a-reworded.json", "--policy", "scans.yaml", "--format", "json");
        var byDigest = await CliRun.RunAsync(_ws.Directory, "approve", "--digest", Report(before).GetProperty("digest").GetString()!, "--scan", "a.json", "--by", "alice", "--reason", "x");

        // Without a scan finding under review the digest stays the plan's own.
        plain.ExitCode.ShouldBe(0, plain.Error);
        Report(unreviewed).GetProperty("digest").GetString().ShouldBe(Report(plain).GetProperty("digest").GetString());
        before.ExitCode.ShouldBe(2, before.Error);
        Report(before).GetProperty("digest").GetString().ShouldNotBe(Report(plain).GetProperty("digest").GetString());
        approve.ExitCode.ShouldBe(0, approve.Error);
        approve.Out.ShouldContain("approved " + Report(before).GetProperty("digest").GetString());
        approve.Out.ShouldContain("covers 1 resource that the policy asks a review for: terraform_data.a");
        approved.ExitCode.ShouldBe(0, approved.Error);
        Report(approved).GetProperty("approvals").GetArrayLength().ShouldBe(1);
        more.ExitCode.ShouldBe(2, more.Error);
        Report(more).GetProperty("approvals").GetArrayLength().ShouldBe(0);
        reworded.ExitCode.ShouldBe(2, reworded.Error);
        byDigest.ExitCode.ShouldBe(3);
        byDigest.Error.ShouldContain("--scan and --rego go with a plan, not with --digest");
    }

    [Fact]
    public async Task Approve_DestroyAnExceptionCovers_IsNotListedAsReviewed()
    {
        _ws.Write("excepted.yaml", """
            exceptions:
              - rule: destroy
                address: "terraform_data.legacy_*"
                reason: "decommissioning, OPS-12"
                owner: platform-team
                expires: 2027-01-31
            """);
        _ws.Write("main.tf", """
            resource "terraform_data" "legacy_queue" { input = 1 }
            resource "terraform_data" "orders" { input = 1 }
            """).Apply();
        _ws.Write("main.tf", "");
        var plan = _ws.PlanJson();

        var approve = await CliRun.RunAsync(_ws.Directory, "approve", plan, "--by", "alice", "--reason", "orders moved", "--policy", "excepted.yaml");

        approve.ExitCode.ShouldBe(0, approve.Error);
        approve.Out.ShouldContain("covers 1 resource destroyed, replaced or forgotten: terraform_data.orders");
        approve.Out.ShouldNotContain("legacy_queue");
    }

    [Fact]
    public async Task Approve_PlanReviewingASensitiveChange_CoversWhatTheReportCounted()
    {
        // A sensitive value updated in place is no destroy, replacement or forget: the report says "1 resource to
        // review", and approve said it covered "1 resource destroyed, replaced or forgotten" (a second rule of its own).
        _ws.Write("sensitive.yaml", "reviewOn: [destroy, replace, forget, sensitive-change]\n");
        const string Secret = """
            variable "secret" {
              type      = string
              sensitive = true
            }

            resource "terraform_data" "s" { input = var.secret }
            """;
        _ws.Write("main.tf", Secret).Apply("-var", "secret=a");
        var plan = _ws.PlanJson("sensitive.json", "-var", "secret=b");

        var gate = await CliRun.RunAsync(_ws.Directory, "plan", plan, "--policy", "sensitive.yaml", "--format", "json");
        var approve = await CliRun.RunAsync(_ws.Directory, "approve", plan, "--by", "alice", "--reason", "rotated", "--policy", "sensitive.yaml");

        gate.ExitCode.ShouldBe(2, gate.Error);
        Report(gate).GetProperty("reason").GetString()!.ShouldStartWith("1 resource to review: ");
        approve.ExitCode.ShouldBe(0, approve.Error);
        approve.Out.ShouldContain("covers 1 resource that the policy asks a review for: terraform_data.s");
    }

    [Fact]
    public async Task Approve_DigestOfAPlanWithAModuleRename_CoversWhatApprovingThePlanCovers()
    {
        // A module call renamed: its resources' destroys and the module rename are under review. Approving the plan
        // says "… destroyed, replaced or forgotten, 1 module rename to review"; approving its recorded report by digest
        // counted the module among the resources ("3 resources of the terraform-plan report …").
        _ws.Write("svc/main.tf", "resource \"terraform_data\" \"a\" { input = \"x\" }\nresource \"terraform_data\" \"b\" { input = \"y\" }\n");
        _ws.Write("main.tf", "module \"old\" { source = \"./svc\" }\n").Apply();
        _ws.Write("main.tf", "module \"new\" { source = \"./svc\" }\n");
        var plan = _ws.PlanJson("renamed.json");

        var gate = await CliRun.RunAsync(_ws.Directory, "plan", plan, "--format", "json");
        var byPlan = await CliRun.RunAsync(_ws.Directory, "approve", plan, "--by", "alice", "--reason", "renamed");
        var byDigest = await CliRun.RunAsync(_ws.Directory, "approve", "--digest", Report(gate).GetProperty("digest").GetString()!, "--by", "bob", "--reason", "renamed");

        gate.ExitCode.ShouldBe(2, gate.Error);
        byPlan.ExitCode.ShouldBe(0, byPlan.Error);
        byDigest.ExitCode.ShouldBe(0, byDigest.Error);
        byPlan.Out.ShouldContain("1 module rename to review");
        var covers = byPlan.Out.Split('\n')[1];
        var resources = covers[(covers.IndexOf("covers ", StringComparison.Ordinal) + 7)..covers.IndexOf(" resource", StringComparison.Ordinal)];
        byDigest.Out.ShouldContain($"covers {resources} resources of the terraform-plan report on {plan}, 1 module rename to review");
    }

    private static JsonElement Report(CliRun run) => JsonDocument.Parse(run.Out).RootElement;

    public void Dispose() => _ws.Dispose();
}
