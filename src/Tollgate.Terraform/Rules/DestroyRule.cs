using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Terraform.Analysis;

namespace Tollgate.Terraform.Rules;

/// <summary>
/// <c>destroy</c>: every object the plan deletes: pure deletes, both orders of replacement, and deposed objects.
/// Scanners that read <c>planned_values</c> never see pure deletes; this rule reads <c>resource_changes</c>.
/// </summary>
public sealed class DestroyRule : IPlanRule
{
    private static readonly string[] EvidenceFields = ["actions", "actionReason", "deposed", "type"];

    public RuleInfo Info { get; } = new("destroy", Severity.High, "The plan destroys an object") { Pillar = "Terraform plan" };

    public IEnumerable<Finding> Evaluate(PlanAnalysis analysis)
    {
        foreach (var change in analysis.Plan.Changes.Where(c => c.Actions.Deletes && c.IsManaged))
        {
            var reason = analysis.ReasonFor(change);
            var what = change.Actions.Replaces
                ? change.Actions.Values[0] == "create" ? "is replaced (create before destroy)" : "is destroyed and re-created"
                : "is destroyed";
            yield return new Finding(Info.Id, Info.DefaultSeverity, change.Address, $"{change.Address} {what}: {reason}")
            {
                Module = change.ModuleAddress,
                Evidence = new EvidenceDictionary(EvidenceFields, change.Actions.Values, change.ActionReason, change.Deposed, change.Type),
            };
        }
    }
}
