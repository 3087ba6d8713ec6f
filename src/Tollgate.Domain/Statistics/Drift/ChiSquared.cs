namespace Tollgate.Domain.Statistics.Drift;

/// <summary>The chi-square distribution's upper tail, and the two chi-square tests drift tools use on counts.</summary>
public static class ChiSquared
{
    /// <summary>P(X ≥ x) for X ~ χ²(df).</summary>
    public static double Survival(double x, double df) =>
        double.IsPositiveInfinity(x) ? 0 : x <= 0 ? 1 : Math.Clamp(SpecialFunctions.RegularizedGammaQ(df / 2, x / 2), 0, 1);

    /// <summary>The x with P(X ≤ x) = <paramref name="p"/> for X ~ χ²(df), by bisection on <see cref="Survival"/> (to 1e-10 relative).</summary>
    public static double Quantile(double p, double df)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(df);
        if (p <= 0)
        {
            return 0;
        }

        if (p >= 1)
        {
            return double.PositiveInfinity;
        }

        double lo = 0, hi = Math.Max(1, df);
        while (1 - Survival(hi, df) < p)
        {
            lo = hi;
            hi *= 2;
        }

        for (var i = 0; i < 200 && hi - lo > 1e-10 * hi; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (1 - Survival(mid, df) < p)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return 0.5 * (lo + hi);
    }

    /// <summary>
    /// Evidently's goodness of fit: expected = reference count × n_cur / n_ref over the categories, df = K − 1.
    /// A category the reference never saw but the current has makes the statistic infinite (p = 0).
    /// </summary>
    public static (double Statistic, double PValue) GoodnessOfFit(ReadOnlySpan<long> reference, ReadOnlySpan<long> current)
    {
        long n = Sum(reference), m = Sum(current);
        double stat = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            var expected = reference[i] * (double)m / n;
            var diff = current[i] - expected;
            stat += expected == 0 ? current[i] == 0 ? 0 : double.PositiveInfinity : diff * diff / expected;
        }

        return (stat, Survival(stat, reference.Length - 1));
    }

    /// <summary>
    /// Pearson's test of independence on the 2×K table (reference, current) × category, as SciPy's
    /// <c>chi2_contingency</c> (Yates' correction when df = 1). Categories empty in both are left out.
    /// </summary>
    public static (double Statistic, double PValue) Contingency(ReadOnlySpan<long> reference, ReadOnlySpan<long> current)
    {
        long n = Sum(reference), m = Sum(current);
        var k = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            k += reference[i] + current[i] > 0 ? 1 : 0;
        }

        if (k < 2 || n == 0 || m == 0)
        {
            return (0, 1);
        }

        var yates = k == 2;
        double stat = 0, total = n + m;
        for (var i = 0; i < reference.Length; i++)
        {
            var column = reference[i] + current[i];
            if (column == 0)
            {
                continue;
            }

            stat += Cell(reference[i], n * (double)column / total, yates) + Cell(current[i], m * (double)column / total, yates);
        }

        return (stat, Survival(stat, k - 1));
    }

    private static double Cell(long observed, double expected, bool yates)
    {
        var diff = Math.Abs(observed - expected);
        if (yates)
        {
            diff = Math.Max(0, diff - 0.5);
        }

        return diff * diff / expected;
    }

    private static long Sum(ReadOnlySpan<long> counts)
    {
        long s = 0;
        foreach (var c in counts)
        {
            s += c;
        }

        return s;
    }
}
