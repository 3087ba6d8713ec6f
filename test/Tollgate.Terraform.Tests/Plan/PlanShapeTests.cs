using System.Text;
using Tollgate.Domain;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Tests.Plan;

/// <summary>Evidence is validated before it is judged: a plan that lost terraform's structure is refused, by path.</summary>
public sealed class PlanShapeTests
{
    private const string Delete = """{"address":"terraform_data.a","mode":"managed","type":"terraform_data","name":"a","change":{"actions":["delete"],"before":{"input":"s3cret"},"after":null}}""";

    private static string PlanWith(string resourceChanges, string extra = "") =>
        $$"""{"format_version":"1.2","planned_values":{},{{extra}}"resource_changes":{{resourceChanges}}}""";

    public static TheoryData<string, string> BrokenPlans => new()
    {
        { PlanWith("\"nope\""), "resource_changes is not an array" },
        { PlanWith("{}"), "resource_changes is not an array" },
        { PlanWith("[\"x\"]"), "resource_changes[0] is not an object" },
        { PlanWith("[" + Delete.Replace("[\"delete\"]", "\"delete\"", StringComparison.Ordinal) + "]"), "resource_changes[0] change.actions is not an array" },
        { PlanWith("[" + Delete.Replace("[\"delete\"]", "null", StringComparison.Ordinal) + "]"), "resource_changes[0] change.actions is not an array" },
        { PlanWith("[" + Delete.Replace("[\"delete\"]", "[]", StringComparison.Ordinal) + "]"), "resource_changes[0] change.actions is empty" },
        { PlanWith("[" + Delete.Replace("[\"delete\"]", "[\"explode\"]", StringComparison.Ordinal) + "]"), "resource_changes[0] change.actions is not an action list" },
        { PlanWith("[" + Delete.Replace("[\"delete\"]", "[\"DELETE\"]", StringComparison.Ordinal) + "]"), "resource_changes[0] change.actions is not an action list" },
        { PlanWith("[" + Delete.Replace("[\"delete\"]", "[1]", StringComparison.Ordinal) + "]"), "resource_changes[0] change.actions holds a value that is not a string" },
        { PlanWith("[" + Delete.Replace("[\"delete\"]", "[\"no-op\"],\"actions\":[\"delete\"]", StringComparison.Ordinal) + "]"), "resource_changes[0] has change.actions twice" },
        { PlanWith("[" + Delete.Replace("\"change\":{\"actions\":[\"delete\"],\"before\":{\"input\":\"s3cret\"},\"after\":null}", "\"other\":1", StringComparison.Ordinal) + "]"), "resource_changes[0] has no change" },
        { PlanWith("[" + Delete.Replace("\"actions\":[\"delete\"],", "", StringComparison.Ordinal) + "]"), "resource_changes[0] has no change.actions" },
        { PlanWith("[" + Delete.Replace("\"address\":\"terraform_data.a\",", "", StringComparison.Ordinal) + "]"), "resource_changes[0] has no address" },
        { PlanWith("[" + Delete + ",{\"address\":\"terraform_data.b\",\"change\":7}]"), "resource_changes[1] change is not an object" },
        { PlanWith("[" + Delete.Replace("\"managed\"", "\"bogus\"", StringComparison.Ordinal) + "]"), "resource_changes[0] has mode 'bogus', where terraform writes managed or data" },
        { PlanWith("[" + Delete.Replace("\"managed\"", "\"Managed\"", StringComparison.Ordinal) + "]"), "resource_changes[0] has mode 'Managed', where terraform writes managed or data" },
        { PlanWith("[" + Delete.Replace("\"managed\"", "\"\"", StringComparison.Ordinal) + "]"), "resource_changes[0] has mode '', where terraform writes managed or data" },
        { PlanWith("[" + Delete.Replace("\"managed\"", "{\"m\":[1]}", StringComparison.Ordinal) + "]"), "resource_changes[0] mode is not a string" },
        { PlanWith("[" + Delete.Replace("\"managed\"", "\"data\\u001b[2J\"", StringComparison.Ordinal) + "]"), "resource_changes[0] has mode 'data\\u001b[2J', where terraform writes managed or data" },
        { PlanWith("[" + Delete + "]", "\"complete\":false,\"complete\":true,"), "the top level has complete twice" },
        { PlanWith("[" + Delete + "]", "\"resource_changes\":[],"), "the top level has resource_changes twice" },
        { PlanWith("[]", "\"output_changes\":{\"pw\":{\"actions\":[\"delete\"],\"actions\":[\"no-op\"]}},"), "output_changes.pw has actions twice" },
        { PlanWith("[]", "\"output_changes\":{\"pw\":{\"actions\":[\"delete\"]},\"pw\":{\"actions\":[\"no-op\"]}},"), "output_changes has pw twice" },
        { PlanWith("[" + Delete + "]", "\"checks\":[{\"address\":{\"kind\":\"check\",\"to_display\":\"check.a\"},\"status\":\"bad\"}],"), "checks[0].status is not pass, fail, error or unknown" },
        { PlanWith("[]", "\"output_changes\":{\"o\":{\"actions\":\"delete\"}},"), "output_changes.o.actions is missing or not an array" },
        { PlanWith("[]", "\"complete\":\"no\","), "complete is not true or false" },
    };

    [Theory]
    [MemberData(nameof(BrokenPlans))]
    public void Read_BrokenStructure_RefusedNamingThePath(string json, string expected)
    {
        var error = Should.Throw<InvalidInputException>(() => Read(json));

        error.Message.ShouldContain(expected);
        error.Message.ShouldContain("not a plan as terraform writes it");
        error.Message.ShouldNotContain("s3cret");
    }

    [Fact]
    public void Read_WellFormedPlanOfTheSameCases_IsReadAndDeleteCounted()
    {
        var plan = Read(PlanWith("[" + Delete + "]", "\"future_member\":{\"a\":[1]},"));

        plan.Summary.Delete.ShouldBe(1);
    }

    [Theory]
    [InlineData(900, true)]
    [InlineData(1200, false)]
    public void Read_DeepValues_AcceptedUpToTheLimitThenRefusedWithPosition(int depth, bool accepted)
    {
        var deep = new string('[', depth) + new string(']', depth);
        var change = Delete.Replace("{\"input\":\"s3cret\"}", "{\"input\":" + deep + "}", StringComparison.Ordinal)
            .Replace("[\"delete\"]", "[\"update\"]", StringComparison.Ordinal);
        var json = PlanWith("[" + change + "]");

        if (accepted)
        {
            Read(json).Changes.ShouldHaveSingleItem().Before.GetProperty("input").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Array);
        }
        else
        {
            var error = Should.Throw<InvalidInputException>(() => Read(json));
            error.Message.ShouldContain($"nests deeper than {StreamingJsonWalker.MaxDepth} levels");
            error.Message.ShouldContain("resource_changes[0]");
        }
    }

    [Fact]
    public void Read_SensitivePlanWithOneByteFlipped_ErrorQuotesPositionNeverContent()
    {
        var json = PlanWith("[" + Delete.Replace("\"s3cret\"", "\"s3cr\u0001t-leak\"", StringComparison.Ordinal) + "]");

        var error = Should.Throw<InvalidInputException>(() => Read(json));

        error.Message.ShouldContain("is not valid JSON: line 1, column");
        error.Message.ShouldEndWith(": a string holds a character JSON does not allow unescaped");
        error.Message.ShouldContain("in resource_changes[0]");
        error.Message.ShouldNotContain("s3cr");
        error.Message.ShouldNotContain("leak");
        error.Message.ShouldNotContain("0x01");
    }

    [Theory]
    [InlineData(16)]
    [InlineData(1 << 20)]
    public void Read_CapturedTopMemberTwice_RefusedAtAnyBufferSize(int bufferSize)
    {
        var json = PlanWith("[" + Delete + "]", "\"configuration\":{\"root_module\":{}},\"configuration\":{\"root_module\":{}},");

        var error = Should.Throw<InvalidInputException>(() => PlanReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "inline.json", bufferSize));

        error.Message.ShouldBe("inline.json is not a plan as terraform writes it: the top level has configuration twice");
    }

    [Fact]
    public void Read_IncompletePlan_KeepsDeferredCount()
    {
        var plan = Read(PlanWith("[]", "\"complete\":false,\"deferred_changes\":[{\"reason\":\"provider_config_unknown\",\"resource_change\":{}}],"));

        plan.Complete.ShouldBe(false);
        plan.DeferredChanges.ShouldBe(1);
    }

    [Fact]
    public void Read_Cancelled_StopsBetweenReads()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Should.Throw<OperationCanceledException>(() => PlanReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(PlanWith("[]"))), "inline.json", cancelled.Token));
    }

    private static TerraformPlan Read(string json) => PlanReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "inline.json");
}
