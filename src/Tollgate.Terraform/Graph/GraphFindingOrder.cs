using Tollgate.Domain.Findings;

namespace Tollgate.Terraform.Graph;

/// <summary>A graph report's order: most severe first, then by rule id and address.</summary>
public sealed class GraphFindingOrder : IComparer<Finding>
{
    public static GraphFindingOrder Instance { get; } = new();

    public int Compare(Finding? x, Finding? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var order = y.Severity.CompareTo(x.Severity);
        order = order != 0 ? order : string.CompareOrdinal(x.Rule, y.Rule);
        return order != 0 ? order : string.CompareOrdinal(x.Address, y.Address);
    }
}
