using System.Diagnostics;
using Tollgate.Domain;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Policies;
using Tollgate.Policies.Custom;
using Tollgate.Terraform.PolicyRules;

namespace Tollgate.Policies.Tests.Custom;

/// <summary>A custom rule's cost is estimated at load and metered at evaluation; both stop it with a clear message.</summary>
public sealed class CelBoundsTests(PolicyPlanFixture fixture) : IClassFixture<PolicyPlanFixture>
{
    private const string Ten = "[0,1,2,3,4,5,6,7,8,9]";

    /// <summary>Nine nested exists over ten items: a billion steps (the issue's ~400-character when).</summary>
    private static readonly string NineNested =
        string.Concat(Enumerable.Range(0, 9).Select(i => $"{Ten}.exists(v{i}, ")) + "v0 + v1 + v2 + v3 + v4 + v5 + v6 + v7 + v8 < 0" + new string(')', 9);

    [Fact]
    public void Check_NineNestedComprehensions_RefusedAtLoadWithTheEstimate()
    {
        var clock = Stopwatch.StartNew();

        var problem = CelExpression.Check(NineNested, ChangeValues.Sample(CustomRuleScope.Plan));

        problem.ShouldNotBeNull();
        problem.ShouldStartWith("when nests 9 comprehensions");
        problem.ShouldContain("over the budget of 1e5");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    /// <summary>Nine nested exists over the keys of the change's after values: nothing on the sample change, billions on a real one.</summary>
    private static readonly string NineOverAfter =
        string.Concat(Enumerable.Range(0, 9).Select(i => $"change.after.exists(v{i}, ")) + "v0 + v8 == ''" + new string(')', 9);

    [Fact]
    public void Check_DryRunOverTheStepBudget_RefusedAtLoad()
    {
        var limits = CelLimits.Default with { MaxEstimatedSteps = 1e30, MaxSteps = 1_000 };

        CelExpression.Check(NineNested, ChangeValues.Sample(CustomRuleScope.Plan), limits).ShouldBe("when took more than 1,000 steps");
    }

    [Fact]
    public void Check_TwoNestedComprehensions_Accepted()
    {
        CelExpression.Check("change.actions.exists(a, change.actions.all(b, a == b))", ChangeValues.Sample(CustomRuleScope.Change)).ShouldBeNull();
    }

    [Fact]
    public void Check_ThreeNestedComprehensions_RefusedAtLoad()
    {
        CelExpression.Check("change.actions.exists(a, change.actions.all(b, change.actions.exists(c, a == b && b == c)))", ChangeValues.Sample(CustomRuleScope.Change))
            .ShouldNotBeNull().ShouldStartWith("when nests 3 comprehensions");
    }

    [Fact]
    public void Evaluate_OverTheStepBudget_StopsWithLimit()
    {
        var limits = CelLimits.Default with { MaxEstimatedSteps = 1e30, MaxSteps = 1_000 };
        var expression = CelExpression.Compile(NineOverAfter, ChangeValues.Sample(CustomRuleScope.Change), limits);
        var clock = Stopwatch.StartNew();

        var outcome = expression.Evaluate(TenKeys());

        outcome.Limit.ShouldBe("took more than 1,000 steps");
        outcome.Value.ShouldBeNull();
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Evaluate_OverTheTime_StopsWithLimit()
    {
        var limits = new CelLimits(1e30, long.MaxValue, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));
        var expression = CelExpression.Compile(NineOverAfter, ChangeValues.Sample(CustomRuleScope.Change), limits);
        var clock = Stopwatch.StartNew();

        var outcome = expression.Evaluate(TenKeys());

        outcome.Limit.ShouldBe("ran out of time");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Evaluate_Cancelled_ThrowsOperationCanceledPromptly()
    {
        var limits = new CelLimits(1e30, long.MaxValue, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));
        var expression = CelExpression.Compile(NineOverAfter, ChangeValues.Sample(CustomRuleScope.Change), limits);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();

        Should.Throw<OperationCanceledException>(() => expression.Evaluate(TenKeys(), cancellation.Token));

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Evaluate_Metered_GivesTheSameAnswersAsCel()
    {
        var variables = ChangeValues.Sample(CustomRuleScope.Plan);

        CelExpression.Compile("[1, 2, 3].exists(x, x == 2)", ChangeValues.Sample(CustomRuleScope.Plan)).Evaluate(variables).Value.ShouldBe(true);
        CelExpression.Compile("[1, 2, 3].all(x, x > 1)", ChangeValues.Sample(CustomRuleScope.Plan)).Evaluate(variables).Value.ShouldBe(false);
        CelExpression.Compile("[1, 2, 3].map(x, x * 2) == [2, 4, 6]", ChangeValues.Sample(CustomRuleScope.Plan)).Evaluate(variables).Value.ShouldBe(true);
        CelExpression.Compile("[1, 2, 3].filter(x, x > 1).size() == 2", ChangeValues.Sample(CustomRuleScope.Plan)).Evaluate(variables).Value.ShouldBe(true);
        CelExpression.Compile("[1, 2, 3].exists_one(x, x == 3) && '[1].exists(x, true)' != ''", ChangeValues.Sample(CustomRuleScope.Plan)).Evaluate(variables).Value.ShouldBe(true);
    }

    [Fact]
    public void Check_CallingTheMeter_Refused()
    {
        CelExpression.Check("__tollgate_step()", ChangeValues.Sample(CustomRuleScope.Plan)).ShouldBe("when may not call __tollgate_step");
    }

    [Fact]
    public void Evaluate_RuleOverItsBudgetOnAPlan_IsAnInputErrorNamingTheRule()
    {
        var rule = new CustomRule("too-costly", Severity.High, "m", "has(change.after) && change.after != null && " + NineOverAfter) { WhenLine = 7 };
        var limits = CelLimits.Default with { MaxEstimatedSteps = 1e30, MaxSteps = 1_000 };

        var error = Should.Throw<InvalidInputException>(() => CustomRules.Evaluate([rule], fixture.Plan, limits, CancellationToken.None));

        error.Message.ShouldStartWith("custom rule too-costly (line 7) took more than 1,000 steps on ");
    }

    private static Dictionary<string, object?> TenKeys()
    {
        var variables = ChangeValues.Sample(CustomRuleScope.Change);
        var change = (Dictionary<string, object?>)variables["change"]!;
        change["after"] = Enumerable.Range(0, 10).ToDictionary(i => $"k{i}", i => (object?)i);
        return variables;
    }
}
