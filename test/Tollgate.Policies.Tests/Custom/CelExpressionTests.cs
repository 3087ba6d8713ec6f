using System.Diagnostics;
using Tollgate.Domain.Policies;
using Tollgate.Policies.Custom;
using Tollgate.Terraform.PolicyRules;

namespace Tollgate.Policies.Tests.Custom;

public sealed class CelExpressionTests(PolicyPlanFixture fixture) : IClassFixture<PolicyPlanFixture>
{
    [Fact]
    public void Evaluate_BacktrackingRegex_IsBoundedInTime()
    {
        var expression = CelExpression.Compile("\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\".matches(\"(a+)+$\")", ChangeValues.Sample(CustomRuleScope.Plan));
        var clock = Stopwatch.StartNew();

        var outcome = expression.Evaluate(ChangeValues.Sample(CustomRuleScope.Plan));

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
        outcome.Value.ShouldBe(false);
    }

    [Fact]
    public void Change_SensitiveValue_IsMaskedBeforeExpressionsSeeIt()
    {
        var web = fixture.Plan.Changes.Single(c => c.Address == "terraform_data.web");
        var values = ChangeValues.Change(web);
        var expression = CelExpression.Compile("change.after.input.token == \"(sensitive)\" && change.before.input.token == \"(sensitive)\"", ChangeValues.Sample(CustomRuleScope.Change));

        var outcome = expression.Evaluate(new Dictionary<string, object?> { ["change"] = values, ["plan"] = ChangeValues.Plan(fixture.Plan.Summary) });

        outcome.Value.ShouldBe(true);
    }

    [Fact]
    public void Change_TerraformDataInputTags_AreTheTags()
    {
        var app = ChangeValues.Change(fixture.Plan.Changes.Single(c => c.Address == "terraform_data.app"));

        ((Dictionary<string, object?>)app["tags"]!)["owner"].ShouldBe("payments");
        app["actions"].ShouldBe(new List<object?> { "update" });
    }

    [Fact]
    public void Evaluate_MissingField_IsAnErrorNotFalse()
    {
        var expression = CelExpression.Compile("change.after.tags.owner == \"x\"", ChangeValues.Sample(CustomRuleScope.Change));

        var outcome = expression.Evaluate(ChangeValues.Sample(CustomRuleScope.Change));

        outcome.Value.ShouldBeNull();
        outcome.Error.ShouldNotBeNull();
    }

    [Theory]
    [InlineData("9223372036854775807 + 1 > 0")]
    [InlineData("-9223372036854775807 - 2 < 0")]
    [InlineData("9223372036854775807 * 2 > 0")]
    public void Evaluate_IntegerOverflow_SaysSoInWords(string when)
    {
        var expression = CelExpression.Compile(when, ChangeValues.Sample(CustomRuleScope.Change));

        var outcome = expression.Evaluate(ChangeValues.Sample(CustomRuleScope.Change));

        outcome.Value.ShouldBeNull();
        outcome.Error.ShouldBe("integer overflow: a result outside the 64-bit range of CEL's int and uint");
    }

    [Theory]
    [InlineData("1 + 1", "int")]
    [InlineData("\"yes\"", "string")]
    [InlineData("[true]", "list")]
    [InlineData("2.5", "double")]
    public void Check_NotABoolean_NamesTheCelType(string when, string type)
    {
        CelExpression.Check(when, ChangeValues.Sample(CustomRuleScope.Change)).ShouldBe($"when evaluates to {type}, not true or false");
    }
}
