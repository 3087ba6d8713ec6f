using Tollgate.Domain.Findings;
using Tollgate.Terraform.Graph;

namespace Tollgate.Terraform.GraphRules;

/// <summary>A check over the dependency graph. One class per rule; register it in <see cref="GraphRuleSet"/>.</summary>
public interface IGraphRule
{
    /// <summary>The stable rule id of PRODUCT.md.</summary>
    string Id { get; }

    Severity DefaultSeverity { get; }

    IEnumerable<Finding> Evaluate(GraphAnalysis analysis);
}
