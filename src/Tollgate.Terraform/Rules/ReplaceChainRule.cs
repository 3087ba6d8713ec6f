using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Terraform.Analysis;

namespace Tollgate.Terraform.Rules;

/// <summary>
/// <c>replace-chain</c>: one replacement that forces others (a dependent's forcing attribute refers to the replaced
/// resource). Reported once at the root cause with every consequence, instead of N unrelated replaces.
/// </summary>
public sealed class ReplaceChainRule : IPlanRule
{
    public RuleInfo Info { get; } = new("replace-chain", Severity.High, "One replacement forces further replacements") { Pillar = "Terraform plan" };

    public IEnumerable<Finding> Evaluate(PlanAnalysis analysis)
    {
        foreach (var root in analysis.Chains.Roots)
        {
            var links = analysis.Chains.ConsequencesOf(root);
            if (links.Count == 0)
            {
                continue;
            }

            var change = analysis.Plan.Changes.First(c => c.Address == root);
            var consequences = links.Select(l => l.Consequence).ToList();
            var steps = links.Select(l => $"{l.Consequence} (its {l.Attribute} refers to {l.Cause})").ToList();
            yield return new Finding(
                Info.Id,
                Info.DefaultSeverity,
                root,
                $"replacing {root} ({analysis.ReasonFor(change)}) forces {consequences.Count} more replacement{(consequences.Count == 1 ? "" : "s")}: {string.Join(", ", steps)}")
            {
                Module = change.ModuleAddress,
                Related = consequences,
                Suggestion = change.Actions.Values[0] == "create"
                    ? $"if the dependents only need a stable value, refer to an attribute that survives the replacement (terraform already replaces {root} create-before-destroy, {CreateFirstBecause(analysis, consequences)}, which does not stop the chain)"
                    : "if the dependents only need a stable value, refer to an attribute that survives the replacement, or use create_before_destroy on the root",
                Evidence = new Dictionary<string, object?>
                {
                    ["root"] = root,
                    ["rootReason"] = change.ActionReason,
                    ["links"] = links.Select(l => new Dictionary<string, object?>
                    {
                        ["cause"] = l.Cause,
                        ["consequence"] = l.Consequence,
                        ["attribute"] = l.Attribute,
                        ["via"] = l.Via,
                    }).ToList(),
                },
            };
        }
    }

    /// <summary>
    /// Why the root is created first: its own <c>create_before_destroy</c>, or one inherited from a dependent replaced
    /// that way (terraform gives it to everything such a resource depends on). The plan has no lifecycle blocks, so
    /// both are named when a dependent in the chain is created first too.
    /// </summary>
    private static string CreateFirstBecause(PlanAnalysis analysis, IReadOnlyList<string> consequences)
    {
        var createdFirst = new HashSet<string>(consequences, StringComparer.Ordinal);
        var inheritedFrom = analysis.Plan.Changes.Where(c => createdFirst.Contains(c.Address) && c.Actions.Replaces && c.Actions.Values[0] == "create")
            .Select(c => c.Address).Order(StringComparer.Ordinal).ToList();
        return inheritedFrom.Count == 0
            ? "as its create_before_destroy says"
            : $"set on it or inherited from {string.Join(", ", inheritedFrom.Take(3))}{(inheritedFrom.Count > 3 ? $" and {inheritedFrom.Count - 3} more" : "")}, replaced that way too";
    }
}
