using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Terraform.Graph;

namespace Tollgate.Terraform.GraphRules;

/// <summary>
/// <c>blast-radius</c>: for each changed resource, the transitive set of dependents a failure or replacement
/// touches. Informational under the limits; high (the gate reviews it) over <c>max-blast-radius</c>, and when
/// the change as a whole exceeds <c>max-changed</c> or <c>max-destroyed</c>. From a plan every count is of objects
/// (instances: <c>count = 150</c> is 150), what terraform creates, changes and destroys; from a graph alone, of blocks.
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

    /// <summary>How many dependents the finding's walk lists at most (the first 100 are kept as evidence).</summary>
    private const int BlockWalk = 1000;

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
            // Dependents the same plan destroys are not left behind: they count for nothing (DependentWeight).
            // The walk stops at BlockWalk dependents: past it the block count is not shown (the object count is exact).
            var all = blast.DependentsOf(i, BlockWalk).Where(d => analysis.DependentWeight(d) > 0).ToList();
            var dependents = all.Take(100).Select(d => graph.Names[d]).ToList();
            var blocks = changes.Objects is not null && all.Count != size && all.Count < BlockWalk ? $" ({all.Count} resource block{(all.Count == 1 ? "" : "s")})" : "";
            yield return new Finding(Info.Id, over ? Severity.High : destroyed ? Severity.Low : Info.DefaultSeverity, name,
                $"{name} {(destroyed ? "is destroyed or replaced" : "changes")}: {size} {Dependents(graph, all, size)} on it transitively{blocks}" +
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
                    ["dependentBlocks"] = all.Count,
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

    /// <summary>"resources depend", or "data source depends" when the dependents walked are data sources (read again, not changed).</summary>
    private static string Dependents(DependencyGraph graph, List<int> walked, int size)
    {
        var data = walked.Count(d => graph.Kinds[d] == NodeKind.Data);
        var noun = data == 0 || walked.Count >= BlockWalk ? "resource" : data == walked.Count ? "data source" : "resource and data source";
        return size == 1 ? $"{noun} depends" : noun == "resource and data source" ? "resources and data sources depend" : $"{noun}s depend";
    }

    private IEnumerable<Finding> Totals(GraphAnalysis analysis)
    {
        var limits = analysis.Thresholds;
        var changed = analysis.ChangedCount;
        var destroyed = analysis.DestroyedCount;
        if (limits.MaxChanged is { } maxChanged && changed > maxChanged)
        {
            yield return Total("changed", changed, analysis.ChangedBlocks, maxChanged, analysis);
        }

        if (limits.MaxDestroyed is { } maxDestroyed && destroyed > maxDestroyed)
        {
            yield return Total("destroyed", destroyed, analysis.Changes.Destroyed.Count, maxDestroyed, analysis);
        }
    }

    /// <summary>
    /// "151 resources destroyed (4 resource blocks), over the limit of 5": <paramref name="count"/> objects from a plan
    /// (blocks without one), <paramref name="blocks"/> the configuration blocks they belong to.
    /// </summary>
    private Finding Total(string what, int count, int blocks, int limit, GraphAnalysis analysis) =>
        new(Info.Id, Severity.High, "",
            $"{count} resources {what}{(analysis.Changes.Objects is not null && blocks != count ? $" ({blocks} resource block{(blocks == 1 ? "" : "s")})" : "")}, over the limit of {limit}; the change can touch {analysis.TouchedCount} resources in all")
        {
            Suggestion = "split the change into smaller plans (one module or one team at a time) so each stays under the limit",
            Evidence = new Dictionary<string, object?> { [what] = count, ["blocks"] = blocks, ["limit"] = limit, ["touched"] = analysis.TouchedCount },
        };
}
