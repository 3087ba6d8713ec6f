using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Terraform.Addresses;
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
            yield return match.Witness is not null ? ModuleFinding(match) : ResourceFinding(analysis, match);
        }
    }

    private Finding ResourceFinding(PlanAnalysis analysis, RenameMatch match)
    {
        var from = analysis.Plan.Changes.First(c => c.Address == match.From);
        return new Finding(
            Info.Id,
            Info.DefaultSeverity,
            match.From,
            $"this looks like a rename: {match.From} is destroyed while {match.To} of the same type is created ({Basis(match)}); add a moved block to keep the object")
        {
            Module = from.ModuleAddress,
            Suggestion = match.MovedBlock,
            Related = [match.To],
            Evidence = Evidence(match),
        };
    }

    /// <summary>A renamed or moved module call (<see cref="ModuleRenames"/>): one finding, one moved block for the module.</summary>
    private Finding ModuleFinding(RenameMatch match)
    {
        var objects = match.Objects == 1 ? "the 1 object" : $"all {match.Objects} objects";
        var evidence = new Dictionary<string, object?>(Evidence(match)) { ["objects"] = match.Objects, ["pairedByInputs"] = match.Witness };
        return new Finding(
            Info.Id,
            Info.DefaultSeverity,
            match.From,
            $"this looks like a renamed module call: {objects} under {match.From} {(match.Objects == 1 ? "is" : "are")} destroyed while {match.To} creates the same ones "
                + $"({match.Witness} by its inputs: {Basis(match)}); add one moved block for the module to keep them all")
        {
            Module = string.Join('.', ResourceAddress.ModuleSteps(match.From).SkipLast(1)),
            Suggestion = match.MovedBlock,
            Related = [match.To],
            Evidence = evidence,
        };
    }

    private static string Basis(RenameMatch match) => match.ComparedAttributes == 0
        ? "it is the only destroy and the only create of that type (no inputs to compare)"
        : $"{match.MatchingAttributes.Count} of {match.ComparedAttributes} inputs match";

    private static Dictionary<string, object?> Evidence(RenameMatch match) => new()
    {
        ["from"] = match.From,
        ["to"] = match.To,
        ["type"] = match.Type,
        ["similarity"] = Math.Round(match.Similarity, 3),
        ["matchingAttributes"] = match.MatchingAttributes,
    };
}
