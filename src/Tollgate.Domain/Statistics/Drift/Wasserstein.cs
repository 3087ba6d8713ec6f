namespace Tollgate.Domain.Statistics.Drift;

/// <summary>The first Wasserstein distance W1 = ∫ |F_ref − F_cur| dx between two empirical distributions.</summary>
public static class Wasserstein
{
    public static double Distance(EmpiricalDistribution reference, EmpiricalDistribution current)
    {
        double n = reference.Total, m = current.Total;
        var rv = reference.Values;
        var rc = reference.Counts;
        var cv = current.Values;
        var cc = current.Counts;
        long i = 0, j = 0;
        int a = 0, b = 0;
        double sum = 0, previous = double.NaN;
        while (a < rv.Length || b < cv.Length)
        {
            var x = a < rv.Length && (b >= cv.Length || rv[a] <= cv[b]) ? rv[a] : cv[b];
            if (!double.IsNaN(previous))
            {
                sum += Math.Abs(i / n - j / m) * (x - previous);
            }

            if (a < rv.Length && rv[a] == x)
            {
                i += rc[a++];
            }

            if (b < cv.Length && cv[b] == x)
            {
                j += cc[b++];
            }

            previous = x;
        }

        return sum;
    }

    /// <summary>Evidently's normalised form: W1 / max(std_ref (ddof 0), 0.001), in reference standard deviations.</summary>
    public static double Normalised(EmpiricalDistribution reference, EmpiricalDistribution current) =>
        Distance(reference, current) / Math.Max(reference.StandardDeviation(), 0.001);
}
