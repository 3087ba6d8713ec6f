using System.Globalization;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Terraform.Analysis;

namespace Tollgate.Terraform.Rules;

/// <summary>
/// <c>rename-suspect</c>: X is destroyed while Y of the same type is created with the same inputs and no
/// <c>moved</c> block links them: a rename (or a count → for_each key change, or a move into or out of a module)
/// that will destroy a real object. The suggestion is the exact <c>moved</c> block.
/// </summary>
public sealed class RenameSuspectRule : IPlanRule
{
    public RuleInfo Info { get; } = new("rename-suspect", Severity.High, "A destroy and a create that look like a rename without a moved block") { Pillar = "Terraform plan" };

    public IEnumerable<Finding> Evaluate(PlanAnalysis analysis)
    {
        foreach (var match in analysis.Renames)
        {
            var from = analysis.Plan.Changes.First(c => c.Address == match.From);
            var basis = match.ComparedAttributes == 0
                ? "it is the only destroy and the only create of that type (no inputs to compare)"
                : $"{match.MatchingAttributes.Count} of {match.ComparedAttributes} inputs match";
            yield return new Finding(
                Info.Id,
                Info.DefaultSeverity,
                match.From,
                $"this looks like a rename: {match.From} is destroyed while {match.To} of the same type is created ({basis}); add a moved block to keep the object")
            {
                Module = from.ModuleAddress,
                Suggestion = match.MovedBlock,
                Related = [match.To],
                Evidence = new Dictionary<string, object?>
                {
                    ["from"] = match.From,
                    ["to"] = match.To,
                    ["type"] = match.Type,
                    ["similarity"] = Math.Round(match.Similarity, 3).ToString(CultureInfo.InvariantCulture),
                    ["matchingAttributes"] = match.MatchingAttributes,
                },
            };
        }
    }
}
