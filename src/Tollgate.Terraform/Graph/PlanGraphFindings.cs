using Tollgate.Domain.Findings;
using Tollgate.Terraform.Graph.StateSplit;
using Tollgate.Terraform.GraphRules;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Graph;

/// <summary>
/// The graph rules' findings for <c>tollgate plan</c>: the plan's configuration (or, for a directory, its
/// <c>.tf</c> files, which add locals and dynamic blocks), prior state <c>depends_on</c>, and identities from the
/// plan file or the directory's local state; the blast radius of every changed resource.
/// </summary>
public static class PlanGraphFindings
{
    public static IReadOnlyList<Finding> For(string subject, TerraformPlan plan, GraphThresholds? thresholds = null) =>
        For(subject, plan, ReadFacts(subject), thresholds);

    /// <summary>
    /// The identities (ids, names, tags) the implicit-dependency rule compares: from a plan JSON's prior state, or a
    /// directory's local state. A separate pass over the file, so callers may run it beside the plan reader.
    /// </summary>
    public static StateFacts ReadFacts(string subject)
    {
        if (Directory.Exists(subject))
        {
            var state = Path.Combine(subject, "terraform.tfstate");
            return File.Exists(state) ? StateFacts.ReadFile(state) : StateFacts.None;
        }

        return File.Exists(subject) && !IsBinary(subject) ? StateFacts.ReadFile(subject) : StateFacts.None;
    }

    public static IReadOnlyList<Finding> For(string subject, TerraformPlan plan, StateFacts facts, GraphThresholds? thresholds = null)
    {
        var directory = Directory.Exists(subject) ? subject : null;
        var loaded = GraphLoader.FromPlan(plan, facts, directory);
        var analysis = new GraphAnalysis(loaded.Model, loaded.Changes, thresholds ?? new GraphThresholds());
        var rules = GraphRuleSet.All.Append(new StateSplitRule(OwnerMap.None));
        return rules.SelectMany(r => r.Evaluate(analysis)).ToList();
    }

    private static bool IsBinary(string path)
    {
        using var stream = File.OpenRead(path);
        return stream.ReadByte() == 'P' && stream.ReadByte() == 'K';
    }
}
