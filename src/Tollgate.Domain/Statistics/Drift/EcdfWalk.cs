namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// What both KS and Wasserstein need from two samples of sizes n and m: the largest lattice gap K = max |i·m − j·n|
/// (D = K / nm, kept as an integer so the exact p-value never rounds D) and W1 = Σ |i·m − j·n|·Δx / nm, the area
/// between the two empirical CDFs, summed exactly (<see cref="EcdfArea"/>) and rounded once, so a sorted walk and a
/// bucketed one (<see cref="BucketedComparison"/>) give the same bits.
/// </summary>
public readonly record struct EcdfWalk(long MaxGap, double Wasserstein, long N, long M)
{
    /// <summary>D = sup |F_ref − F_cur|.</summary>
    public double Statistic => N == 0 || M == 0 ? 0 : MaxGap / ((double)N * M);

    /// <summary>One merge walk over the sorted values of both samples.</summary>
    public static EcdfWalk Of(EmpiricalDistribution reference, EmpiricalDistribution current)
    {
        long n = reference.Total, m = current.Total;
        var area = new EcdfArea(n, m);
        if (reference.UnitCounts && current.UnitCounts)
        {
            return new EcdfWalk(Unit(reference.Values, current.Values, area), area.Wasserstein(), n, m);
        }

        var rv = reference.Values;
        var cv = current.Values;
        long s = 0, best = 0;
        int a = 0, b = 0;
        while (a < rv.Length || b < cv.Length)
        {
            var x = a < rv.Length && (b >= cv.Length || rv[a] <= cv[b]) ? rv[a] : cv[b];
            while (a < rv.Length && rv[a] == x)
            {
                s = area.References(rv[a], reference.CountAt(a), s);
                a++;
            }

            while (b < cv.Length && cv[b] == x)
            {
                s = area.Currents(cv[b], current.CountAt(b), s);
                b++;
            }

            best = Math.Max(best, Math.Abs(s));
        }

        return new EcdfWalk(best, area.Wasserstein(), n, m);
    }

    /// <summary>
    /// Raw sorted samples (each entry counts once, ties repeat): the gap changes by +m per reference value and −n per
    /// current value, and K is taken only once all values equal to x are in. Returns K; the area goes into <paramref name="area"/>.
    /// </summary>
    internal static long Unit(ReadOnlySpan<double> rv, ReadOnlySpan<double> cv, EcdfArea area, long s = 0, long best = 0)
    {
        int a = 0, b = 0;
        while (a < rv.Length && b < cv.Length)
        {
            var r = rv[a];
            var c = cv[b];
            var x = r <= c ? r : c;
            while (a < rv.Length && rv[a] == x)
            {
                s = area.Reference(rv[a++], s);
            }

            while (b < cv.Length && cv[b] == x)
            {
                s = area.Current(cv[b++], s);
            }

            best = Math.Max(best, Math.Abs(s));
        }

        for (; a < rv.Length; a++)
        {
            s = area.Reference(rv[a], s);
            best = Math.Max(best, Math.Abs(s));
        }

        for (; b < cv.Length; b++)
        {
            s = area.Current(cv[b], s);
            best = Math.Max(best, Math.Abs(s));
        }

        return best;
    }
}
