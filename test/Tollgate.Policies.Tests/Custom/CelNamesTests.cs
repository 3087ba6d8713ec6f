using Tollgate.Domain.Policies;
using Tollgate.Policies.Custom;
using Tollgate.Terraform.PolicyRules;

namespace Tollgate.Policies.Tests.Custom;

/// <summary>
/// The names of a <c>when</c> are checked at load wherever they sit: the dry run on the sample stops at the first
/// false operand of <c>&amp;&amp;</c>, so a typo behind one would otherwise load and only show on a plan that reaches it.
/// </summary>
public sealed class CelNamesTests
{
    private const string ChangeFields = "address, type, name, module, mode, provider, actions, reason, before, after, tags";

    [Theory]
    [InlineData("change.mode == \"data\" && chnage.type == \"x\"", "when names 'chnage', which is not a variable here (this rule sees: plan, change); did you mean 'change'?")]
    [InlineData("change.mode == \"data\" && change.type.startswith(\"x\")", "when calls .startswith(), which CEL does not have; did you mean startsWith()?")]
    [InlineData("change.mode != \"data\" || lenght(change.actions) > 1", "when calls lenght(), which CEL does not have")]
    [InlineData("change.mode == \"data\" && change.name.toLowerCase() == \"db\"", "when calls .toLowerCase(), which CEL does not have")]
    [InlineData("change.mode == \"data\" ? change.typo == \"x\" : false", "when reads change.typo, which change does not have (change has: " + ChangeFields + "); did you mean 'type'?")]
    [InlineData("!has(change.tag.owner)", "when reads change.tag, which change does not have (change has: " + ChangeFields + "); did you mean 'tags'?")]
    [InlineData("plan.changes > 20 && plan.delet > 0", "when reads plan.delet, which plan does not have (plan has: create, update, delete, replace, forget, read, noop, changes); did you mean 'delete'?")]
    public void Check_UnknownNameBehindAShortCircuit_RefusedNamingIt(string when, string problem)
    {
        CelExpression.Check(when, ChangeValues.Sample(CustomRuleScope.Change)).ShouldBe(problem);
    }

    [Fact]
    public void Check_ChangeInAPlanScopedRule_IsNotAVariableThere()
    {
        CelExpression.Check("plan.changes > 20 || change.type == \"x\"", ChangeValues.Sample(CustomRuleScope.Plan))
            .ShouldBe("when names 'change', which is not a variable here (this rule sees: plan)");
    }

    [Theory]
    [InlineData("change.after.nope == \"a\"")]
    [InlineData("has(change.after.input) && change.after.input.size > 0")]
    [InlineData("change.actions.exists(a, a == \"delete\") && change.actions.all(b, b != \"forget\")")]
    [InlineData("[1, 2].exists(change, change > 1)")]
    [InlineData("type(change.name) == string && int(plan.changes) >= 0")]
    [InlineData("change.type.startsWith(\"db\") && change.name.endsWith(\"x\") && change.address.contains(\".\") && size(change.actions) > 1")]
    [InlineData("change.name.matches(\"^db\") || change.tags.exists(k, k.startsWith(\"own\"))")]
    [InlineData("timestamp(\"2027-01-31T00:00:00Z\") > timestamp(\"2026-01-31T00:00:00Z\") && \"owner\" in change.tags")]
    [InlineData("change[\"type\"] == \"terraform_data\" && .change.mode == \"managed\"")]
    public void Check_NamesTheScopeAndCelHave_Accepted(string when)
    {
        CelExpression.Check(when, ChangeValues.Sample(CustomRuleScope.Change)).ShouldBeNull();
    }

    [Fact]
    public void Check_ProviderAttributeNotInThePlan_FailsClosedWhenEvaluated()
    {
        var expression = CelExpression.Compile("change.after.nope == \"a\"", ChangeValues.Sample(CustomRuleScope.Change));

        var outcome = expression.Evaluate(ChangeValues.Sample(CustomRuleScope.Change));

        outcome.Value.ShouldBeNull();
        outcome.Error.ShouldNotBeNull().ShouldContain("'nope'");
    }
}
