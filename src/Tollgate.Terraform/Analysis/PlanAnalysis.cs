using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Analysis;

/// <summary>A plan with the cross-resource facts that several rules share, each computed once on first use.</summary>
public sealed class PlanAnalysis(TerraformPlan plan)
{
    private ReplaceChains? _chains;
    private IReadOnlyList<RenameMatch>? _renames;

    public TerraformPlan Plan { get; } = plan;

    public ReplaceChains Chains => _chains ??= ReplaceChains.Of(Plan);

    public IReadOnlyList<RenameMatch> Renames => _renames ??= RenameDetector.Find(Plan);

    /// <summary>
    /// Why a change happens, in words: Terraform's reason, sharpened with what the plan knows: the replacement that
    /// forces it, or the reference that makes its forcing attribute unknown until apply.
    /// </summary>
    public string ReasonFor(ResourceChange change)
    {
        var reason = ActionReasons.Describe(change);
        if (!change.Actions.Replaces)
        {
            return reason;
        }

        var cause = Chains.CauseOf(change.Address);
        if (cause is not null)
        {
            return cause.Via.StartsWith("depends_on ", StringComparison.Ordinal)
                ? $"{reason}: forced by replacing {cause.Cause}, which it depends on"
                : $"{reason}: forced by replacing {cause.Cause} (its {cause.Attribute} refers to {cause.Via})";
        }

        var config = Plan.Configuration.Find(change.Parsed.Config);
        foreach (var path in change.ReplacePaths.Where(p => p.Count > 0))
        {
            if (JsonValues.IsUnknown(change.AfterUnknown, path[0])
                && config is not null
                && config.References.TryGetValue(path[0], out var references)
                && references.Count > 0)
            {
                return $"{reason}: it refers to {references[0]}, known only after apply";
            }
        }

        return reason;
    }
}
