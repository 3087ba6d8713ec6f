using Tollgate.Domain.Reports;
using Tollgate.Domain.Statistics.Drift;

namespace Tollgate.Models.Drift;

/// <summary>
/// How a categorical finding with several parts (<see cref="CategoryParts"/>) reads: the combined p-value, then the part
/// that gave it with its own figures, then the others with theirs, each p-value beside the statistic it belongs to:
/// <c>chi-square-pooled+fisher p 1.31e-8 (Holm 1.31e-8), PSI 0.3318; decided by Fisher's exact test of rare category
/// 'newtown': 5 of 100 current rows, 0 of 5000 reference (p 2.62e-9, weight 0.2); chi-square of the 4 common
/// categories: statistic 1.9534 (p 0.582, weight 0.8)</c>. The JSON evidence has the same parts (<see cref="Json"/>).
/// </summary>
internal static class CategoryPartsText
{
    /// <summary>The parts after the head: the deciding one first, then the others.</summary>
    public static string Of(FeatureDrift r, CategoryParts parts, double alpha)
    {
        var all = new List<(SparsePart Part, string Text)> { (SparsePart.Table, Table(r, parts, alpha)) };
        if (parts.PoolTested)
        {
            all.Add((SparsePart.Pool, $"Fisher's exact test of {Pool(r, parts)} (p {P(parts.PoolPValue, alpha)}, weight {Number(parts.PartWeight)})"));
        }

        if (r.Rare is { Test.Tests: var tests } rare && !PoolIsRare(rare, parts))
        {
            all.Add((SparsePart.Rare, $"rare category '{TextSafe.Line(rare.Name)}': {rare.Test.Current} of {r.CurrentRows} current rows, {rare.Test.Reference} of {r.ReferenceRows} reference "
                + $"(Fisher p {P(rare.Test.Unadjusted, alpha)}, ×{Counted.Of(tests, "category", "categories")} tested, weight {Number(parts.PartWeight)})"));
        }

        var decided = all.First(p => p.Part == parts.Decided).Text;
        return $"; decided by {decided}" + string.Concat(all.Where(p => p.Part != parts.Decided).Select(p => "; " + p.Text));
    }

    /// <summary>The parts as the JSON evidence's <c>parts</c>: each test's own statistic (the chi-square's), p-value, weight and whether it decided.</summary>
    public static List<Dictionary<string, object?>> Json(FeatureDrift r, CategoryParts parts)
    {
        var list = new List<Dictionary<string, object?>>
        {
            new()
            {
                ["test"] = CategoryParts.Name(SparsePart.Table),
                ["categories"] = parts.Common + (parts.TableHasPool ? 1 : 0),
                ["statistic"] = r.Statistic,
                ["pValue"] = parts.TablePValue,
                ["weight"] = parts.TableWeight,
                ["decided"] = parts.Decided == SparsePart.Table,
            },
        };
        if (parts.PoolTested)
        {
            list.Add(new()
            {
                ["test"] = CategoryParts.Name(SparsePart.Pool),
                ["pooled"] = parts.PoolNames.ToList(),
                ["reference"] = parts.PoolReference,
                ["current"] = parts.PoolCurrent,
                ["pValue"] = parts.PoolPValue,
                ["weight"] = parts.PartWeight,
                ["decided"] = parts.Decided == SparsePart.Pool,
            });
        }

        if (r.Rare is { } rare && !PoolIsRare(rare, parts))
        {
            list.Add(new()
            {
                ["test"] = CategoryParts.Name(SparsePart.Rare),
                ["category"] = rare.Name,
                ["reference"] = rare.Test.Reference,
                ["current"] = rare.Test.Current,
                ["pValue"] = rare.Test.PValue, // Fisher's p times the categories tested
                ["weight"] = parts.PartWeight,
                ["decided"] = parts.Decided == SparsePart.Rare,
            });
        }

        return list;
    }

    private static string Table(FeatureDrift r, CategoryParts parts, double alpha) => parts.Common < 2 && !parts.TableHasPool
        ? "no chi-square (one common category)"
        : $"chi-square of the {Counted.Of(parts.Common, "common category", "common categories")}{(parts.TableHasPool ? $" and the pool of {Counted.Of(parts.PoolNames.Count, "rare one")}" : "")}: statistic {Number(r.Statistic)} (p {P(parts.TablePValue, alpha)}, weight {Number(parts.TableWeight)})";

    // "rare category 'newtown': 5 of 100 current rows, 0 of 5000 reference", or the pool of several named.
    private static string Pool(FeatureDrift r, CategoryParts parts)
    {
        var names = parts.PoolNames.Count == 1
            ? $"rare category '{TextSafe.Line(parts.PoolNames[0])}'"
            : $"the pool of {parts.PoolNames.Count} rare categories ({string.Join(", ", parts.PoolNames.Take(3).Select(n => $"'{TextSafe.Line(n)}'"))}{(parts.PoolNames.Count > 3 ? ", …" : "")})";
        return $"{names}: {parts.PoolCurrent} of {r.CurrentRows} current rows, {parts.PoolReference} of {r.ReferenceRows} reference";
    }

    // A pool of one category tested by Fisher's test is that category's rare figure (FeatureComparison): one part, not two.
    private static bool PoolIsRare(RareFigure rare, CategoryParts parts) => parts.PoolTested && parts.PoolNames is [var only] && only == rare.Name;

    private static string P(double p, double alpha) => Gates.PValueText.Of(p, alpha);

    private static string Number(double value) => DriftGate.Number(value);
}
