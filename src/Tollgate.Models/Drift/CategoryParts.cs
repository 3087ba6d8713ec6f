using Tollgate.Domain.Statistics.Drift;

namespace Tollgate.Models.Drift;

/// <summary>
/// The parts of a categorical feature's test when there are several (<see cref="SparseCategories.Test"/>): the chi-square
/// of the common categories, Fisher's exact test of the pooled rare ones, the rare ones one by one. Each has its own
/// p-value and share of α; the feature's p-value is the smallest p-value over its share, and <see cref="Decided"/> says
/// whose, so the statistic printed beside a p-value is always that test's own.
/// </summary>
/// <param name="Decided">The part that gave the feature's p-value.</param>
/// <param name="Common">The common categories the chi-square compares.</param>
/// <param name="TableHasPool">Whether the chi-square's table holds the pool as a column (it is common enough).</param>
/// <param name="TablePValue">The chi-square's own p-value.</param>
/// <param name="TableWeight">The chi-square's share of α.</param>
/// <param name="PartWeight">Each other part's share of α.</param>
/// <param name="PoolPValue">Fisher's p-value of the pool against the rest (NaN: the pool is in the table, or there is none).</param>
/// <param name="PoolNames">The pooled categories, in order.</param>
/// <param name="PoolReference">The pool's reference rows.</param>
/// <param name="PoolCurrent">The pool's current rows.</param>
public sealed record CategoryParts(SparsePart Decided, int Common, bool TableHasPool, double TablePValue, double TableWeight, double PartWeight,
    double PoolPValue, IReadOnlyList<string> PoolNames, long PoolReference, long PoolCurrent)
{
    /// <summary>The names the JSON evidence gives each part (<c>decidedBy</c>, <c>parts[].test</c>).</summary>
    public static string Name(SparsePart part) => part switch
    {
        SparsePart.Pool => "fisher-pool",
        SparsePart.Rare => "fisher-rare",
        _ => "chi-square",
    };

    /// <summary>Equal when every figure and the pooled names are (a list compares by its items), so equal comparisons give equal results.</summary>
    public bool Equals(CategoryParts? other) =>
        other is not null && (Decided, Common, TableHasPool, TablePValue, TableWeight, PartWeight, PoolPValue, PoolReference, PoolCurrent)
            .Equals((other.Decided, other.Common, other.TableHasPool, other.TablePValue, other.TableWeight, other.PartWeight, other.PoolPValue, other.PoolReference, other.PoolCurrent))
        && PoolNames.SequenceEqual(other.PoolNames, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Decided, Common, TablePValue, PoolPValue, PoolNames.Count);

    /// <summary>Whether Fisher's test of the pool is a part (the pool still rare).</summary>
    public bool PoolTested => !double.IsNaN(PoolPValue);
}
