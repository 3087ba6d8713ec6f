using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Terraform.Graph;

namespace Tollgate.Terraform.GraphRules;

/// <summary>A check over the dependency graph. One class per rule; register it in <see cref="GraphRuleSet"/>.</summary>
public interface IGraphRule
{
    /// <summary>Its id (stable: see docs/rules.md), default severity, description and what it does at failOn, declared once.</summary>
    RuleInfo Info { get; }

    IEnumerable<Finding> Evaluate(GraphAnalysis analysis);
}
