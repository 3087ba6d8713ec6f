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
}
