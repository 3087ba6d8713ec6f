using Tollgate.Domain.Findings;
using Tollgate.Domain.Policies;
using Tollgate.Terraform.Plan;

namespace Tollgate.Policies.Custom;

/// <summary>
/// Runs a policy's custom rules over a plan: a change-scoped rule once per resource change (one finding per match,
/// at its address), a plan-scoped rule once (one finding at address <c>plan</c>). An expression that cannot be
/// evaluated on some change is reported as a finding of the rule, never read as "no match": the gate fails closed.
/// </summary>
public static class CustomRules
{
    public static IReadOnlyList<Finding> Evaluate(IReadOnlyList<CustomRule> rules, TerraformPlan plan)
    {
        var findings = new List<Finding>();
        var planValues = ChangeValues.Plan(plan.Summary);
        var compiled = rules.Select(r => (Rule: r, Expression: CelExpression.Compile(r.When, r.Scope))).ToList();
        foreach (var (rule, expression) in compiled.Where(c => c.Rule.Scope == CustomRuleScope.Plan))
        {
            var outcome = expression.Evaluate(new Dictionary<string, object?>(StringComparer.Ordinal) { ["plan"] = planValues });
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
                AddFinding(findings, rule, expression.Evaluate(variables), change.Address, change.ModuleAddress, null, change.Actions.Values);
            }
        }

        return findings;
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
