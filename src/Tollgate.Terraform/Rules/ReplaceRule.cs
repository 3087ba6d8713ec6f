using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Terraform.Analysis;

namespace Tollgate.Terraform.Rules;

/// <summary>
/// <c>replace</c>: every replacement with the attributes that force it (<c>replace_paths</c>) and why (taint,
/// <c>-replace</c>, <c>triggers_replace</c>, an attribute the provider cannot update). A replacement forced by
/// another replacement is reported once, inside that root's <c>replace-chain</c>.
/// </summary>
public sealed class ReplaceRule : IPlanRule
{
    public RuleInfo Info { get; } = new("replace", Severity.High, "The plan replaces an object (destroy and create)") { Pillar = "Terraform plan" };

    public IEnumerable<Finding> Evaluate(PlanAnalysis analysis)
    {
        foreach (var change in analysis.Plan.Changes.Where(c => c.Actions.Replaces && c.IsManaged && c.Deposed is null))
        {
            if (analysis.Chains.IsConsequence(change.Address))
            {
                continue;
            }

            var order = change.Actions.Values[0] == "create" ? "create before destroy" : "destroy before create: expect downtime";
            var paths = change.ReplacePaths.Select(ActionReasons.FormatPath).ToList();
            yield return new Finding(Info.Id, Info.DefaultSeverity, change.Address, $"{change.Address} is replaced ({order}): {analysis.ReasonFor(change)}")
            {
                Module = change.ModuleAddress,
                Evidence = new Dictionary<string, object?>
                {
                    ["actions"] = change.Actions.Values,
                    ["actionReason"] = change.ActionReason,
                    ["replacePaths"] = paths,
                },
            };
        }
    }
}
