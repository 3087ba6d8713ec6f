using Tollgate.Domain.Findings;
using Tollgate.Domain.Policies;
using Tollgate.Policies.Custom;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.PolicyRules;

/// <summary>
/// Runs a policy's custom rules over a plan: a change-scoped rule once per resource change (one finding per match,
/// at its address), a plan-scoped rule once (one finding at address <c>plan</c>). An expression that cannot be
/// evaluated on some change is reported as a finding of the rule, never read as "no match": the gate fails closed.
/// A rule that runs over its bounds (<see cref="CelLimits"/>: steps per evaluation, time per evaluation and per rule
/// over the whole plan) is bad configuration, exit 3 naming the rule; cancellation stops the evaluation at once.
/// </summary>
public static class CustomRules
{
    public static IReadOnlyList<Finding> Evaluate(IReadOnlyList<CustomRule> rules, TerraformPlan plan, CancellationToken cancellationToken = default) =>
        Evaluate(rules, plan, CelLimits.Default, cancellationToken);

    public static IReadOnlyList<Finding> Evaluate(IReadOnlyList<CustomRule> rules, TerraformPlan plan, CelLimits limits, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var planValues = ChangeValues.Plan(plan.Summary);
        var compiled = rules.Select(r => (Rule: r, Expression: CelExpression.Compile(r.When, ChangeValues.Sample(r.Scope), limits))).ToList();
        var spent = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var (rule, expression) in compiled.Where(c => c.Rule.Scope == CustomRuleScope.Plan))
        {
            var outcome = Run(rule, expression, new Dictionary<string, object?>(StringComparer.Ordinal) { ["plan"] = planValues }, "plan", limits, spent, cancellationToken);
            AddFinding(findings, rule, outcome, "plan", "", planValues);
        }

        var perChange = compiled.Where(c => c.Rule.Scope == CustomRuleScope.Change).ToList();
        if (perChange.Count == 0)
        {
            return findings;
        }

        foreach (var change in plan.Changes)
        {
            var variables = new Dictionary<string, object?>(StringComparer.Ordinal) { ["plan"] = planValues, ["change"] = ChangeValues.Change(change) };
            foreach (var (rule, expression) in perChange)
            {
                var outcome = Run(rule, expression, variables, change.Address, limits, spent, cancellationToken);
                AddFinding(findings, rule, outcome, change.Address, change.ModuleAddress, null, change.Actions.Values);
            }
        }

        return findings;
    }

    /// <summary>One evaluation within what is left of the rule's time; a bound hit is an input error naming the rule.</summary>
    private static CelOutcome Run(CustomRule rule, CelExpression expression, Dictionary<string, object?> variables, string address, CelLimits limits, Dictionary<string, TimeSpan> spent, CancellationToken cancellationToken)
    {
        var used = spent.GetValueOrDefault(rule.Name);
        var left = limits.PerRule - used;
        var time = left < limits.PerEvaluation ? left : limits.PerEvaluation;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = expression.Evaluate(variables, time, cancellationToken);
        spent[rule.Name] = used + System.Diagnostics.Stopwatch.GetElapsedTime(started);
        if (outcome.Limit is { } limit)
        {
            var bound = time < limits.PerEvaluation ? $"its {limits.PerRule.TotalSeconds:0.#} s for the whole plan" : $"its {limits.PerEvaluation.TotalSeconds:0.#} s per evaluation";
            throw new Domain.InvalidInputException(limit.StartsWith("ran out", StringComparison.Ordinal)
                ? $"custom rule {rule.Name} (line {rule.WhenLine}) ran out of time on {address}: over {bound}; simplify its when"
                : $"custom rule {rule.Name} (line {rule.WhenLine}) {limit} on {address}, over its budget of {limits.MaxSteps:N0} per evaluation; simplify its when");
        }

        return outcome;
    }

    private static void AddFinding(List<Finding> findings, CustomRule rule, CelOutcome outcome, string address, string module, Dictionary<string, object?>? plan, IReadOnlyList<string>? actions = null)
    {
        if (outcome.Value == false)
        {
            return;
        }

        var evidence = new Dictionary<string, object?> { ["when"] = rule.When };
        if (actions is not null)
        {
            evidence["actions"] = actions;
        }

        if (plan is not null)
        {
            evidence["plan"] = plan;
        }

        if (outcome.Error is { } error)
        {
            evidence["error"] = error;
        }

        var message = outcome.Error is null
            ? $"{address}: {rule.Message}"
            : $"{address}: custom rule {rule.Name} could not be evaluated ({outcome.Error}); counted as a match";
        findings.Add(new Finding(rule.RuleId, rule.Severity, address, message) { Module = module, Evidence = evidence });
    }
}
