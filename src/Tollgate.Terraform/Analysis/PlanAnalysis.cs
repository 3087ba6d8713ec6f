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
}
