namespace Tollgate.Domain.Statistics;

/// <summary>
/// Adjusted p-values for a family of tests (every slice × metric × check of one canary), so that twenty healthy
/// slices do not add up to a false rollback. Holm (1979) controls the family-wise error rate under any dependence;
/// Benjamini-Hochberg (1995) controls the false discovery rate and has more power with many slices.
/// </summary>
public static class MultipleTesting
{
    /// <summary>Holm's step-down adjusted p-values, in input order.</summary>
    public static double[] Holm(IReadOnlyList<double> pValues)
    {
        var m = pValues.Count;
        var order = Order(pValues);
        var adjusted = new double[m];
        var running = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            var i = order[rank];
            running = Math.Max(running, Math.Min(1, (m - rank) * pValues[i]));
            adjusted[i] = running;
        }

        return adjusted;
    }

    /// <summary>Benjamini-Hochberg step-up adjusted p-values (q-values), in input order.</summary>
    public static double[] BenjaminiHochberg(IReadOnlyList<double> pValues)
    {
        var m = pValues.Count;
        var order = Order(pValues);
        var adjusted = new double[m];
        var running = 1.0;
        for (var rank = m - 1; rank >= 0; rank--)
        {
            var i = order[rank];
            running = Math.Min(running, Math.Min(1, pValues[i] * (m / (double)(rank + 1))));
            adjusted[i] = running;
        }

        return adjusted;
    }

    private static int[] Order(IReadOnlyList<double> pValues)
    {
        var order = Enumerable.Range(0, pValues.Count).ToArray();
        Array.Sort(order, (a, b) => pValues[a].CompareTo(pValues[b]) is var c && c != 0 ? c : a.CompareTo(b));
        return order;
    }
}
