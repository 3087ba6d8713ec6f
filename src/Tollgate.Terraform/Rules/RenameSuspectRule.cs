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
        // Each finding looks its destroyed object up by address: one pass over the plan, not one per rename.
        var modules = analysis.Plan.Changes.Where(c => c.Actions.IsPureDelete).DistinctBy(c => c.Address, StringComparer.Ordinal)
            .ToDictionary(c => c.Address, c => c.ModuleAddress, StringComparer.Ordinal);
        foreach (var match in analysis.Renames)
        {
            yield return match.Witness is not null ? ModuleFinding(analysis, match)
                : match.Instances is not null ? BlockFinding(analysis, match, modules[match.Instances[0].From])
                : match.LeaderMove is not null ? FollowerFinding(match, modules[match.From])
                : ResourceFinding(analysis, match, modules[match.From]);
        }
    }

    private Finding ResourceFinding(PlanAnalysis analysis, RenameMatch match, string module)
    {
        var spared = analysis.RenameConsequences.Of(match);
        return new Finding(
            Info.Id,
            Info.DefaultSeverity,
            match.From,
            $"this looks like a rename: {match.From} is destroyed while {match.To} of the same type is created ({Basis(match)}); add a moved block to keep the object"
                + Spared(spared))
        {
            Module = module,
            Suggestion = match.MovedBlock,
            Related = [match.To, .. spared.Select(c => c.Address)],
            Evidence = WithSpared(Evidence(match), spared),
        };
    }

    /// <summary>
    /// A renamed <c>count</c> or <c>for_each</c> block every instance of which moves to the same key of the new one
    /// (<see cref="BlockRenames"/>): one finding, one moved block for the resource.
    /// </summary>
    private Finding BlockFinding(PlanAnalysis analysis, RenameMatch match, string module)
    {
        var instances = match.Instances!;
        var spared = analysis.RenameConsequences.Of(match);
        var keys = instances.Select(i => i.From[match.From.Length..]).ToList();
        var shown = string.Join(", ", keys.Take(5)) + (keys.Count > 5 ? $" and {keys.Count - 5} more" : "");
        var basis = match.ComparedAttributes == 0 ? Basis(match) : $"each by its inputs; the least alike: {Basis(match)}";
        var evidence = new Dictionary<string, object?>(Evidence(match))
        {
            ["objects"] = instances.Count,
            ["keys"] = keys,
        };
        return new Finding(
            Info.Id,
            Info.DefaultSeverity,
            match.From,
            $"this looks like a renamed resource: {(instances.Count == 1 ? "the 1 instance" : $"all {instances.Count} instances")} of {match.From} ({shown}) "
                + $"{(instances.Count == 1 ? "is" : "are")} destroyed while {match.To} of the same type creates the same keys ({basis}); add one moved block for the resource to keep them all"
                + Spared(spared))
        {
            Module = module,
            Suggestion = match.MovedBlock,
            Related = [match.To, .. instances.Select(i => i.From), .. spared.Select(c => c.Address)],
            Evidence = WithSpared(evidence, spared),
        };
    }

    /// <summary>
    /// An instance whose inputs refer to a block renamed key by key and whose keys change the same way
    /// (<see cref="DependentRenames"/>): its moved block goes with the leader's, so one round of blocks keeps both.
    /// </summary>
    private Finding FollowerFinding(RenameMatch match, string module)
    {
        var leader = match.LeaderMove!;
        return new Finding(
            Info.Id,
            Info.DefaultSeverity,
            match.From,
            $"this looks like a rename: {match.From} is destroyed while {match.To} of the same type is created (its keys change as {match.FollowsKeysOf}'s, "
                + $"{leader.From} -> {leader.To}, which it refers to; its inputs are unknown until that move is made); add a moved block with {match.FollowsKeysOf}'s to keep the object")
        {
            Module = module,
            Suggestion = match.MovedBlock,
            Related = [match.To, leader.From],
            Evidence = new Dictionary<string, object?>
            {
                ["from"] = match.From,
                ["to"] = match.To,
                ["type"] = match.Type,
                ["followsKeysOf"] = match.FollowsKeysOf,
                ["leaderFrom"] = leader.From,
                ["leaderTo"] = leader.To,
            },
        };
    }

    /// <summary>A renamed or moved module call (<see cref="ModuleRenames"/>): one finding, one moved block for the module.</summary>
    private Finding ModuleFinding(PlanAnalysis analysis, RenameMatch match)
    {
        var spared = analysis.RenameConsequences.Of(match);
        var objects = match.Objects == 1 ? "the 1 object" : $"all {match.Objects} objects";
        var evidence = new Dictionary<string, object?>(Evidence(match)) { ["objects"] = match.Objects, ["pairedByInputs"] = match.Witness };
        return new Finding(
            Info.Id,
            Info.DefaultSeverity,
            match.From,
            $"this looks like a renamed module call: {objects} under {match.From} {(match.Objects == 1 ? "is" : "are")} destroyed while {match.To} creates the same ones "
                + $"({match.Witness} by its inputs: {Basis(match)}); add one moved block for the module to keep them all" + Spared(spared))
        {
            Module = string.Join('.', ResourceAddress.ModuleSteps(match.From).SkipLast(1)),
            Suggestion = match.MovedBlock,
            Related = [match.To, .. spared.Select(c => c.Address)],
            Evidence = WithSpared(evidence, spared),
        };
    }

    /// <summary>The replacements the move also avoids (<see cref="RenameConsequences"/>), as a sentence; empty when none.</summary>
    private static string Spared(IReadOnlyList<RenameConsequences.Consequence> spared) => spared.Count == 0
        ? ""
        : "; it also keeps " + string.Join(", ", spared.Select(c => $"{c.Address} from being replaced (its {c.Attribute} refers to {c.Reference}, which this create leaves unknown until apply)"));

    private static Dictionary<string, object?> WithSpared(Dictionary<string, object?> evidence, IReadOnlyList<RenameConsequences.Consequence> spared)
    {
        if (spared.Count > 0)
        {
            evidence["avoidsReplacing"] = spared.Select(c => c.Address).ToList();
        }

        return evidence;
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
