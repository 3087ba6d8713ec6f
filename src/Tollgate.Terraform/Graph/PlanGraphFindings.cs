using Tollgate.Domain.Findings;
using Tollgate.Terraform.Graph.StateSplit;
using Tollgate.Terraform.GraphRules;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Graph;

/// <summary>
/// The graph rules' findings for <c>tollgate plan</c>: the plan's configuration (or, for a directory, its
/// <c>.tf</c> files, which add locals and dynamic blocks), prior state <c>depends_on</c>, and the prior state's
/// identities the plan reader gathered in its one pass; the blast radius of every changed resource.
/// </summary>
public static class PlanGraphFindings
{
    public static IReadOnlyList<Finding> For(string subject, TerraformPlan plan, GraphThresholds? thresholds = null)
    {
        var directory = Directory.Exists(subject) ? subject : null;
        var loaded = GraphLoader.FromPlan(plan, plan.Identities, directory);
        var analysis = new GraphAnalysis(loaded.Model, loaded.Changes, thresholds ?? new GraphThresholds());
        var rules = GraphRuleSet.All.Append(new StateSplitRule(OwnerMap.None));
        return rules.SelectMany(r => r.Evaluate(analysis)).ToList();
    }
}
