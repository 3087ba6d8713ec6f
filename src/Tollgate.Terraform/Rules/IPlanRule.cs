using Tollgate.Domain.Findings;
using Tollgate.Terraform.Analysis;

namespace Tollgate.Terraform.Rules;

/// <summary>A check over a Terraform plan. One class per rule; register it in <see cref="PlanRules"/>.</summary>
public interface IPlanRule
{
    /// <summary>The stable rule id of PRODUCT.md, used to filter and suppress.</summary>
    string Id { get; }

    Severity DefaultSeverity { get; }

    IEnumerable<Finding> Evaluate(PlanAnalysis analysis);
}
