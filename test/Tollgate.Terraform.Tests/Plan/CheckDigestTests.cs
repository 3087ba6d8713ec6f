using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Tollgate.Terraform.Plan;
using Tollgate.Testing;

namespace Tollgate.Terraform.Tests.Plan;

/// <summary>
/// A review binds what the reviewer saw: the checks that did not pass take part in the plan's digest, so one approval
/// of a plan whose checks fail never clears another plan with the same changes whose checks fail differently. A plan
/// whose checks pass keeps the digest of its changes alone (the digests approvals were recorded against).
/// </summary>
public sealed class CheckDigestTests : IDisposable
{
    /// <summary>The digest of a plan with nothing to hash: SHA-256 of no bytes, computed here, not by the reader.</summary>
    private static readonly string NothingHashed = "sha256:" + Convert.ToHexStringLower(SHA256.HashData([]));

    private readonly TerraformWorkspace _ws = new("check-digest");

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "plans", name);

    private static string Check(string expected, string message) => $$"""
        resource "terraform_data" "a" { input = "x" }

        check "health" {
          assert {
            condition     = terraform_data.a.input == "{{expected}}"
            error_message = "{{message}}"
          }
        }
        """;

    [Fact]
    public void Digest_NoChangePlansWithDifferentFailingChecks_Differ()
    {
        _ws.Write("main.tf", """resource "terraform_data" "a" { input = "x" }""").Apply();
        _ws.Write("main.tf", Check("z", "a runs x, expected z"));
        var expectsZ = PlanReader.ReadFile(_ws.PlanJson("z.json"));
        _ws.Write("main.tf", Check("y", "a runs x, expected y"));
        var expectsY = PlanReader.ReadFile(_ws.PlanJson("y.json"));

        expectsZ.Summary.NoOp.ShouldBe(1);
        expectsY.Summary.NoOp.ShouldBe(1);
        expectsZ.Changes.ShouldBeEmpty();
        expectsZ.Checks.ShouldHaveSingleItem().Problems.ShouldBe(["a runs x, expected z"]);
        expectsY.Checks.ShouldHaveSingleItem().Problems.ShouldBe(["a runs x, expected y"]);
        expectsZ.Digest.ShouldNotBe(NothingHashed);
        expectsY.Digest.ShouldNotBe(NothingHashed);
        expectsZ.Digest.ShouldNotBe(expectsY.Digest);
    }

    [Fact]
    public void Digest_NoChangePlanWithPassingCheck_IsTheDigestOfNoChanges()
    {
        _ws.Write("main.tf", """resource "terraform_data" "a" { input = "x" }""").Apply();
        _ws.Write("main.tf", Check("x", "a runs x"));

        var plan = PlanReader.ReadFile(_ws.PlanJson());

        File.ReadAllText(_ws.PathOf("plan.json")).ShouldContain("\"checks\":"); // terraform wrote the passing check
        plan.Checks.ShouldBeEmpty();
        plan.Digest.ShouldBe(NothingHashed);
    }

    [Fact]
    public void Digest_KnownPlanWithPassingChecksAdded_KeepsItsRecordedDigest()
    {
        var plan = JsonNode.Parse(File.ReadAllText(Fixture("mixed.json")))!.AsObject();
        plan["checks"] = JsonNode.Parse("""
            [{"address":{"kind":"check","name":"health","to_display":"check.health"},"status":"pass",
              "instances":[{"address":{"to_display":"check.health"},"status":"pass"}]}]
            """);

        var read = Read(plan.ToJsonString());

        // The value PlanReaderTests pins for mixed.json, which has no checks: approvals recorded against it stay valid.
        read.Digest.ShouldBe("sha256:313a18d4f0e67deb4cb7fa426ec201125f12f3a0cf9302fe50a3ba01b12d2be6");
    }

    [Fact]
    public void Digest_KnownPlanWithAFailingCheck_DiffersPerStatusAndMessage()
    {
        string With(string status, string message)
        {
            var plan = JsonNode.Parse(File.ReadAllText(Fixture("mixed.json")))!.AsObject();
            plan["checks"] = JsonNode.Parse($$"""
                [{"address":{"kind":"check","name":"health","to_display":"check.health"},"status":"{{status}}",
                  "instances":[{"address":{"to_display":"check.health"},"status":"{{status}}","problems":[{"message":"{{message}}"}]}]}]
                """);
            return Read(plan.ToJsonString()).Digest;
        }

        var failed = With("fail", "health endpoint answers 503");

        failed.ShouldNotBe("sha256:313a18d4f0e67deb4cb7fa426ec201125f12f3a0cf9302fe50a3ba01b12d2be6");
        With("fail", "health endpoint answers 500").ShouldNotBe(failed);
        With("error", "health endpoint answers 503").ShouldNotBe(failed);
        With("fail", "health endpoint answers 503").ShouldBe(failed);
    }

    [Fact]
    public void Digest_ConditionResultsInAnotherOrder_IsTheSame()
    {
        var plan = JsonNode.Parse(File.ReadAllText(Fixture("condition-results.json")))!.AsObject();
        var results = plan["condition_results"]!.AsArray();
        results.Count.ShouldBeGreaterThan(1);
        var reversed = plan.DeepClone().AsObject();
        reversed["condition_results"] = new JsonArray([.. results.Reverse().Select(r => r!.DeepClone())]);

        Read(reversed.ToJsonString()).Digest.ShouldBe(Read(plan.ToJsonString()).Digest);
    }

    private static TerraformPlan Read(string json) =>
        PlanReader.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), "plan.json");

    public void Dispose() => _ws.Dispose();
}
