using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Terraform.Analysis;

namespace Tollgate.Terraform.Rules;

/// <summary>A check over a Terraform plan. One class per rule; register it in <see cref="PlanRules"/>.</summary>
public interface IPlanRule
{
    /// <summary>Its id (stable: see docs/rules.md), default severity and description, declared once.</summary>
    RuleInfo Info { get; }

    IEnumerable<Finding> Evaluate(PlanAnalysis analysis);
}
