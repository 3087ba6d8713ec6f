namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// One merge walk over two sorted samples of sizes n and m, giving what both KS and Wasserstein need: the largest
/// lattice gap K = max |i·m − j·n| (D = K / nm, kept as an integer so the exact p-value never rounds D) and the area
/// Σ |i·m − j·n|·Δx between the two empirical CDFs (W1 = area / nm).
/// </summary>
public readonly record struct EcdfWalk(long MaxGap, double Area, long N, long M)
{
    /// <summary>D = sup |F_ref − F_cur|.</summary>
    public double Statistic => MaxGap / ((double)N * M);

    /// <summary>W1 = ∫ |F_ref − F_cur| dx.</summary>
    public double Wasserstein => Area / ((double)N * M);

    public static EcdfWalk Of(EmpiricalDistribution reference, EmpiricalDistribution current)
    {
        long n = reference.Total, m = current.Total;
        if (reference.UnitCounts && current.UnitCounts)
        {
            return Unit(reference.Values, current.Values, n, m);
        }

        var rv = reference.Values;
        var cv = current.Values;
        long i = 0, j = 0, best = 0, gap = 0;
        int a = 0, b = 0;
        double area = 0, previous = 0;
        while (a < rv.Length || b < cv.Length)
        {
            var x = a < rv.Length && (b >= cv.Length || rv[a] <= cv[b]) ? rv[a] : cv[b];
            if (a + b > 0)
            {
                area += gap * (x - previous);
            }

            while (a < rv.Length && rv[a] == x)
            {
                i += reference.CountAt(a++);
            }

            while (b < cv.Length && cv[b] == x)
            {
                j += current.CountAt(b++);
            }

            gap = Math.Abs((i * m) - (j * n));
            best = Math.Max(best, gap);
            previous = x;
        }

        return new EcdfWalk(best, area, n, m);
    }

    // Raw samples: each entry counts once, ties repeat. Between two distinct values the gap changes by +m per
    // reference value and −n per current value; the maximum and the area are taken only where the value changes.
    private static EcdfWalk Unit(ReadOnlySpan<double> rv, ReadOnlySpan<double> cv, long n, long m)
    {
        long signed = 0, best = 0;
        int a = 0, b = 0;
        double area = 0;
        var previous = rv.Length == 0 ? cv.Length == 0 ? 0 : cv[0] : cv.Length == 0 ? rv[0] : Math.Min(rv[0], cv[0]);
        while (a < rv.Length && b < cv.Length)
        {
            var r = rv[a];
            var c = cv[b];
            var x = r <= c ? r : c;
            area += Math.Abs(signed) * (x - previous);
            previous = x;
            while (a < rv.Length && rv[a] == x)
            {
                signed += m;
                a++;
            }

            while (b < cv.Length && cv[b] == x)
            {
                signed -= n;
                b++;
            }

            best = Math.Max(best, Math.Abs(signed));
        }

        for (; a < rv.Length; a++)
        {
            area += Math.Abs(signed) * (rv[a] - previous);
            previous = rv[a];
            signed += m;
            best = Math.Max(best, Math.Abs(signed));
        }

        for (; b < cv.Length; b++)
        {
            area += Math.Abs(signed) * (cv[b] - previous);
            previous = cv[b];
            signed -= n;
            best = Math.Max(best, Math.Abs(signed));
        }

        return new EcdfWalk(best, area, n, m);
    }
}
