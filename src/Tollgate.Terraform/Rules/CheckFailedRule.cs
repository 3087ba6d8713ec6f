using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Terraform.Analysis;
using Tollgate.Terraform.Plan.Checks;

namespace Tollgate.Terraform.Rules;

/// <summary>
/// <c>check-failed</c>: a <c>check</c> block assertion, resource precondition or postcondition, output precondition or
/// variable validation that failed or errored in the plan. Terraform only warns about a failed <c>check</c> block and
/// still writes an applyable plan, and a failed precondition of an unchanged resource does not stop the plan either;
/// the gate is where such a change must stop. A condition known only after apply (<c>unknown</c>) is reported at
/// medium severity: it cannot be trusted yet. A block terraform did not evaluate at all in this plan (unknown with no
/// instances: every check of a destroy plan, those outside a <c>-target</c>) will not be evaluated by its apply either:
/// it is no finding, only the plan's <c>checksNotEvaluated</c> fact.
/// </summary>
public sealed class CheckFailedRule : IPlanRule
{
    public RuleInfo Info { get; } = new("check-failed", Severity.High, "A check block, precondition, postcondition or variable validation failed or is known only after apply") { Pillar = "Terraform plan" };

    /// <summary>The severity of a check whose result is known only after apply.</summary>
    public static Severity UnknownSeverity => Severity.Medium;

    public IEnumerable<Finding> Evaluate(PlanAnalysis analysis)
    {
        var plan = analysis.Plan;
        var locator = plan.ConfigurationDirectory is { } directory ? new CheckBlockLocator(directory) : null;
        foreach (var check in plan.Checks.Where(c => !c.NotEvaluated))
        {
            var location = locator?.Find(check);
            var what = $"{check.Kind.Words()} of {check.Address}";
            var message = check.Status switch
            {
                "unknown" => $"{what} is known only after apply: it cannot be trusted yet",
                "error" => $"{what} could not be evaluated (error)",
                _ => $"{what} failed",
            };
            if (check.Problems.Count > 0)
            {
                message += ": " + string.Join("; ", check.Problems);
            }

            yield return new Finding(Info.Id, check.IsUnknown ? UnknownSeverity : Info.DefaultSeverity, check.Address, message)
            {
                Module = check.Module,
                Evidence = new Dictionary<string, object?>
                {
                    ["kind"] = check.Kind.Id(),
                    ["status"] = check.Status,
                    ["problems"] = check.Problems,
                    ["file"] = location?.File,
                    ["line"] = location?.Line,
                },
            };
        }
    }
}
