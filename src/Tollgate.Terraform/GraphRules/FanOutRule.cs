using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Terraform.Graph;

namespace Tollgate.Terraform.GraphRules;

/// <summary>
/// <c>fan-out</c>: a node with more direct dependents than the threshold (default 100). One bad change to a hub
/// ripples through everything behind it, and rolling it back walks the same fan-out again.
/// </summary>
public sealed class FanOutRule : IGraphRule
{
    /// <summary>What the rule declares, threshold keys included (read through <see cref="GraphLimit"/>).</summary>
    public static RuleInfo Declared { get; } = new("fan-out", Severity.Medium, "A node with more dependents than the fan-out threshold") { Pillar = "Terraform graph and configuration", AtFailOn = RuleOutcome.Review, Thresholds = ["threshold"], WholeThresholds = [new("threshold", 1)] };

    public RuleInfo Info => Declared;

    public IEnumerable<Finding> Evaluate(GraphAnalysis analysis)
    {
        var graph = analysis.Graph;
        var hubs = analysis.Hubs;
        if (hubs.Count == 0)
        {
            yield break;
        }

        var transitive = analysis.HubReach;
        for (var i = 0; i < hubs.Count; i++)
        {
            var hub = hubs[i];
            var direct = analysis.Dependents(hub);
            var sample = analysis.DependentsOf(hub).Select(d => graph.Names[d]).Order(StringComparer.Ordinal).Take(analysis.Thresholds.Top).ToList();
            yield return new Finding(Info.Id, Info.DefaultSeverity, graph.Names[hub],
                $"{graph.Names[hub]} has {direct} direct dependents ({transitive.Sizes[i]} transitively), over the fan-out threshold of {analysis.Thresholds.FanOut}")
            {
                Module = graph.Modules[hub],
                Suggestion = $"split {graph.Names[hub]} so each group of dependents reads its own copy (for_each over groups, or one module per consumer), or move the dependents behind a module output so a change to the hub is reviewed once",
                Related = sample,
                Evidence = new Dictionary<string, object?>
                {
                    ["directDependents"] = direct,
                    ["transitiveDependents"] = transitive.Sizes[i],
                    ["threshold"] = analysis.Thresholds.FanOut,
                    ["rank"] = i + 1,
                    ["topHubs"] = hubs.Take(analysis.Thresholds.Top).Select(h => $"{graph.Names[h]} ({analysis.Dependents(h)})").ToList(),
                },
            };
        }
    }
}
