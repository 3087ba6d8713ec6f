using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Terraform.Analysis;

namespace Tollgate.Terraform.Rules;

/// <summary>
/// <c>forget</c>: a <c>removed</c> block (Terraform 1.7+) takes the object out of state but leaves it running:
/// nobody manages it afterwards. <c>create,forget</c> also creates a new object beside the forgotten one.
/// </summary>
public sealed class ForgetRule : IPlanRule
{
    public RuleInfo Info { get; } = new("forget", Severity.Medium, "The plan removes an object from state but leaves it running") { Pillar = "Terraform plan" };

    public IEnumerable<Finding> Evaluate(PlanAnalysis analysis)
    {
        foreach (var change in analysis.Plan.Changes.Where(c => c.Actions.Forgets))
        {
            var message = change.Actions.Creates
                ? $"{change.Address} is replaced, but the old object is only forgotten: it stays in the cloud, unmanaged, beside the new one"
                : $"{change.Address} leaves Terraform state but stays in the cloud, unmanaged (removed block with destroy = false)";
            yield return new Finding(Info.Id, Info.DefaultSeverity, change.Address, message)
            {
                Module = change.ModuleAddress,
                Suggestion = "make sure another state or team takes ownership of it (terraform import there), or delete it on purpose",
                Evidence = new Dictionary<string, object?>
                {
                    ["actions"] = change.Actions.Values,
                    ["actionReason"] = change.ActionReason,
                },
            };
        }
    }
}
