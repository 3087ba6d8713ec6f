using Tollgate.Domain.Findings;
using Tollgate.Terraform.Graph.StateSplit;
using Tollgate.Terraform.GraphRules;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Graph;

/// <summary>
/// The graph rules' findings for <c>tollgate plan</c>: the plan's configuration (or, for a directory, its
/// <c>.tf</c> files, which add locals and dynamic blocks), prior state <c>depends_on</c>, and the prior state's
/// identities the plan reader gathered in its one pass; the blast radius of every changed resource. With a directory,
/// the plan's own findings (<paramref name="located"/>) and the graph's point at the blocks that declare them.
/// </summary>
public static class PlanGraphFindings
{
    /// <param name="located">Findings to point at their blocks with the graph's (the plan rules'); none by default.</param>
    /// <param name="shown">How the findings' locations and an error in a directory's configuration name a file, from its full path (<see cref="SourceLocations.AsGiven"/>); by default under <paramref name="subject"/>.</param>
    public static IReadOnlyList<Finding> For(string subject, TerraformPlan plan, GraphThresholds? thresholds = null, IReadOnlyList<Finding>? located = null, Func<string, string>? shown = null)
    {
        var directory = Directory.Exists(subject) ? subject : null;
        var loaded = GraphLoader.FromPlan(plan, plan.Identities, directory, shown);
        var analysis = new GraphAnalysis(loaded.Model, loaded.Changes, thresholds ?? new GraphThresholds());
        var rules = GraphRuleSet.All.Append(new StateSplitRule(OwnerMap.None));
        return SourceLocations.Attach([.. located ?? [], .. rules.SelectMany(r => r.Evaluate(analysis))], loaded.Model, subject, shown);
    }
}
