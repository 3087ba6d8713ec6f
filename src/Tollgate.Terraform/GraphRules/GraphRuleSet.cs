using Tollgate.Domain.Rules;
using Tollgate.Terraform.Graph.StateSplit;

namespace Tollgate.Terraform.GraphRules;

/// <summary>The graph rules, in report order. Adding a rule = one file and one line here.</summary>
public static class GraphRuleSet
{
    public static IReadOnlyList<IGraphRule> All { get; } =
    [
        new CycleRule(),
        new BlastRadiusRule(),
        new FanOutRule(),
        new ModuleDependsOnRule(),
        new ImplicitDependencyRule(),
        new DependsOnRule(),
    ];

    /// <summary>What the graph rules declare (state-split, added per run with its owners, included), for the rule catalog.</summary>
    public static IReadOnlyList<RuleInfo> Registrations { get; } = [.. All.Select(r => r.Info), new StateSplitRule(OwnerMap.None).Info];
}
