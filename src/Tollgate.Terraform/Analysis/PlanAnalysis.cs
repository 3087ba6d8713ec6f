using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Analysis;

/// <summary>A plan with the cross-resource facts that several rules share, each computed once on first use.</summary>
public sealed class PlanAnalysis(TerraformPlan plan)
{
    private ReplaceChains? _chains;
    private IReadOnlyList<RenameMatch>? _renames;
    private RenameConsequences? _renameConsequences;
    private Dictionary<string, (RenameMatch Match, RenameConsequences.Consequence Consequence)>? _renameReplacements;

    public TerraformPlan Plan { get; } = plan;

    public ReplaceChains Chains => _chains ??= ReplaceChains.Of(Plan);

    public IReadOnlyList<RenameMatch> Renames => _renames ??= RenameDetector.Find(Plan);

    /// <summary>The plan's replacements a rename's missing <c>moved</c> block causes, indexed once for every rename.</summary>
    public RenameConsequences RenameConsequences => _renameConsequences ??= RenameConsequences.Index(Plan);

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

        if (RenameReplacements.TryGetValue(change.Address, out var renamed))
        {
            // A missing moved block: the object the reference reads is created anew, its value unknown until apply.
            return $"{reason}: it refers to {renamed.Consequence.Reference}, known only after apply ({renamed.Match.To} is created: see rename-suspect)";
        }

        var config = Plan.Configuration.Find(change.Parsed.Config);
        foreach (var path in change.ReplacePaths.Where(p => p.Count > 0))
        {
            if (JsonValues.HoldsUnknown(change.AfterUnknown, path[0])
                && config is not null
                && config.References.TryGetValue(path[0], out var references)
                && references.Count > 0)
            {
                return $"{reason}: it refers to {references[0]}, known only after apply";
            }
        }

        return reason;
    }

    /// <summary>The replacements a rename's missing <c>moved</c> block causes (<see cref="RenameConsequences"/>), by address.</summary>
    private Dictionary<string, (RenameMatch Match, RenameConsequences.Consequence Consequence)> RenameReplacements =>
        _renameReplacements ??= Renames
            .SelectMany(m => RenameConsequences.Of(m).Select(c => (Match: m, Consequence: c)))
            .DistinctBy(r => r.Consequence.Address, StringComparer.Ordinal)
            .ToDictionary(r => r.Consequence.Address, StringComparer.Ordinal);
}
