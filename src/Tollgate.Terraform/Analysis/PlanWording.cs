using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;

namespace Tollgate.Terraform.Analysis;

/// <summary>A plan's decision in words: what is destroyed, replaced or forgotten, and whose approvals it has.</summary>
public sealed class PlanWording : IVerdictWording
{
    private static readonly HashSet<string> ActionRules = [.. ReviewActions.Names.SelectMany(a => ReviewActions.RulesOf(a)!)];

    public string Reason(Decision decision)
    {
        var reviewed = decision.Deciding.All(f => ActionRules.Contains(f.Rule)) ? "destroyed, replaced or forgotten" : "to review";
        return new DefaultWording(reviewed, "nothing is destroyed, replaced or forgotten").Reason(decision);
    }
}
