using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Terraform.Graph;

namespace Tollgate.Terraform.GraphRules;

/// <summary>
/// <c>blast-radius</c>: for each changed resource, the transitive set of dependents a failure or replacement
/// touches. Informational under the limits; high (the gate reviews it) over <c>max-blast-radius</c>, and when
/// the change as a whole exceeds <c>max-changed</c> or <c>max-destroyed</c>.
/// </summary>
public sealed class BlastRadiusRule : IGraphRule
{
    /// <summary>What the rule declares, threshold keys included (read through <see cref="GraphLimit"/>).</summary>
    public static RuleInfo Declared { get; } = new("blast-radius", Severity.Info, "What a changed resource's failure or replacement can touch")
    {
        Pillar = "Terraform graph and configuration",
        AtFailOn = RuleOutcome.Review,
        Thresholds = ["maxDependents", "maxChanged", "maxDestroyed", "parallelism"],
        WholeThresholds = [new("maxDependents", 0), new("maxChanged", 0), new("maxDestroyed", 0), new("parallelism", 1)],
    };

    public RuleInfo Info => Declared;

    public IEnumerable<Finding> Evaluate(GraphAnalysis analysis)
    {
        var changes = analysis.Changes;
        if (changes.IsEmpty)
        {
            yield break;
        }

        var limits = analysis.Thresholds;
        var graph = analysis.Graph;
        var blast = analysis.Blast;
        for (var i = 0; i < blast.Changed.Count; i++)
        {
            var node = blast.Changed[i];
            var size = blast.Sizes[i];
            var over = limits.MaxBlastRadius is { } max && size > max;
            if (size == 0 && !over)
            {
                continue;
            }

            var name = graph.Names[node];
            var destroyed = changes.Destroyed.Contains(name);
            var dependents = blast.DependentsOf(i, 100).Select(d => graph.Names[d]).ToList();
            yield return new Finding(Info.Id, over ? Severity.High : destroyed ? Severity.Low : Info.DefaultSeverity, name,
                $"{name} {(destroyed ? "is destroyed or replaced" : "changes")}: {size} resource{(size == 1 ? " depends" : "s depend")} on it transitively" +
                (over ? $", over the limit of {limits.MaxBlastRadius}" : ""))
            {
                Module = graph.Modules[node],
                Suggestion = over
                    ? $"apply {name} on its own first (terraform apply -target={name}) and watch its dependents, or split the change so fewer resources ride on it"
                    : null,
                Related = dependents.Take(limits.Top).ToList(),
                Evidence = new Dictionary<string, object?>
                {
                    ["blastRadius"] = size,
                    ["destroyed"] = destroyed,
                    ["limit"] = limits.MaxBlastRadius,
                    ["dependents"] = dependents,
                },
            };
        }

        foreach (var finding in Totals(analysis))
        {
            yield return finding;
        }
    }

    private IEnumerable<Finding> Totals(GraphAnalysis analysis)
    {
        var limits = analysis.Thresholds;
        var changed = analysis.ChangedCount;
        var destroyed = analysis.Changes.Destroyed.Count;
        if (limits.MaxChanged is { } maxChanged && changed > maxChanged)
        {
            yield return Total("changed", changed, maxChanged, analysis);
        }

        if (limits.MaxDestroyed is { } maxDestroyed && destroyed > maxDestroyed)
        {
            yield return Total("destroyed", destroyed, maxDestroyed, analysis);
        }
    }

    private Finding Total(string what, int count, int limit, GraphAnalysis analysis) =>
        new(Info.Id, Severity.High, "", $"{count} resources {what}, over the limit of {limit}; the change can touch {analysis.TouchedCount} resources in all")
        {
            Suggestion = "split the change into smaller plans (one module or one team at a time) so each stays under the limit",
            Evidence = new Dictionary<string, object?> { [what] = count, ["limit"] = limit, ["touched"] = analysis.TouchedCount },
        };
}
