using Tollgate.Domain.Findings;

namespace Tollgate.Terraform.Analysis;

/// <summary>A plan report's order: most severe first, destroys before replacements before forgets, then by module and address.</summary>
public sealed class PlanFindingOrder : IComparer<Finding>
{
    public static PlanFindingOrder Instance { get; } = new();

    public int Compare(Finding? x, Finding? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var order = y.Severity.CompareTo(x.Severity);
        order = order != 0 ? order : RuleOrder(x.Rule).CompareTo(RuleOrder(y.Rule));
        order = order != 0 ? order : string.CompareOrdinal(x.Module, y.Module);
        return order != 0 ? order : string.CompareOrdinal(x.Address, y.Address);
    }

    private static int RuleOrder(string rule) => rule switch
    {
        "destroy" => 0,
        "replace-chain" => 1,
        "replace" => 2,
        "forget" => 3,
        "rename-suspect" => 4,
        _ => 5,
    };
}
