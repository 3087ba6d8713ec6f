namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// Distances between two binned distributions given as counts over the same bins, and the null distributions that
/// make them sample-size aware: under no drift, PSI·NM/(N+M) and 8·JSD·NM/(N+M) are both approximately χ²(B−1)
/// (Yurdakul and Naranjo for PSI; the same second-order expansion for Jensen-Shannon), so a distance is judged
/// against what noise of that size would give instead of a fixed 0.1.
/// </summary>
public static class BinnedDistances
{
    /// <summary>
    /// Population stability index Σ (r − c)·ln(r / c). Empty bins are filled as Evidently does, per array: by the
    /// smallest non-zero share / 10⁶ when that share is ≤ 10⁻⁴, else by 10⁻⁴ (mlops.md §1.3, §1.4 D).
    /// </summary>
    public static double Psi(ReadOnlySpan<long> reference, ReadOnlySpan<long> current)
    {
        var r = FilledShares(reference);
        var c = FilledShares(current);
        double psi = 0;
        for (var i = 0; i < r.Length; i++)
        {
            psi += (r[i] - c[i]) * Math.Log(r[i] / c[i]);
        }

        return psi;
    }

    /// <summary>P(PSI ≥ psi) under no drift: χ²(B−1) at psi / (1/N + 1/M).</summary>
    public static double PsiPValue(double psi, long n, long m, int bins) =>
        bins < 2 ? 1 : ChiSquared.Survival(psi / (1.0 / n + 1.0 / m), bins - 1);

    /// <summary>Jensen-Shannon distance √JSD (SciPy's <c>jensenshannon</c>), natural log unless <paramref name="logBase"/> is given; no zero fill.</summary>
    public static double JensenShannon(ReadOnlySpan<long> reference, ReadOnlySpan<long> current, double logBase = Math.E)
    {
        var p = Shares(reference);
        var q = Shares(current);
        double js = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var mid = (p[i] + q[i]) / 2;
            js += (p[i] > 0 ? p[i] * Math.Log(p[i] / mid) : 0) + (q[i] > 0 ? q[i] * Math.Log(q[i] / mid) : 0);
        }

        return Math.Sqrt(Math.Max(0, js / 2 / Math.Log(logBase)));
    }

    /// <summary>P(JS distance ≥ d) under no drift (natural log): χ²(B−1) at 8·d² / (1/N + 1/M).</summary>
    public static double JensenShannonPValue(double distance, long n, long m, int bins) =>
        bins < 2 ? 1 : ChiSquared.Survival(8 * distance * distance / (1.0 / n + 1.0 / m), bins - 1);

    /// <summary>Hellinger distance √(1 − Σ √(r·c)), clipped to [0, 1].</summary>
    public static double Hellinger(ReadOnlySpan<long> reference, ReadOnlySpan<long> current)
    {
        var p = Shares(reference);
        var q = Shares(current);
        double bc = 0;
        for (var i = 0; i < p.Length; i++)
        {
            bc += Math.Sqrt(p[i] * q[i]);
        }

        return Math.Sqrt(Math.Clamp(1 - bc, 0, 1));
    }

    /// <summary>Total variation distance ½ Σ |r − c|.</summary>
    public static double TotalVariation(ReadOnlySpan<long> reference, ReadOnlySpan<long> current)
    {
        var p = Shares(reference);
        var q = Shares(current);
        double sum = 0;
        for (var i = 0; i < p.Length; i++)
        {
            sum += Math.Abs(p[i] - q[i]);
        }

        return sum / 2;
    }

    /// <summary>L∞ = max |r − c|.</summary>
    public static double LInfinity(ReadOnlySpan<long> reference, ReadOnlySpan<long> current)
    {
        var p = Shares(reference);
        var q = Shares(current);
        double max = 0;
        for (var i = 0; i < p.Length; i++)
        {
            max = Math.Max(max, Math.Abs(p[i] - q[i]));
        }

        return max;
    }

    private static double[] Shares(ReadOnlySpan<long> counts)
    {
        long total = 0;
        foreach (var c in counts)
        {
            total += c;
        }

        var shares = new double[counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            shares[i] = total == 0 ? 0 : counts[i] / (double)total;
        }

        return shares;
    }

    private static double[] FilledShares(ReadOnlySpan<long> counts)
    {
        var shares = Shares(counts);
        var smallest = double.PositiveInfinity;
        foreach (var s in shares)
        {
            if (s > 0)
            {
                smallest = Math.Min(smallest, s);
            }
        }

        var fill = smallest <= 1e-4 ? smallest / 1e6 : 1e-4;
        for (var i = 0; i < shares.Length; i++)
        {
            shares[i] = shares[i] == 0 ? fill : shares[i];
        }

        return shares;
    }
}
