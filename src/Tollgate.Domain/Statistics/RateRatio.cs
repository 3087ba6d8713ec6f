namespace Tollgate.Domain.Statistics;

/// <summary>
/// Compares two event rates (errors per request) on the raw counts. Conditional on the total number of errors
/// m = x₁ + x₂, the canary's share is Bin(m, π) with π = n₁R / (n₁R + n₂), where R is the rate ratio; this is the
/// classic exact conditional test for two Poisson rates (Lehmann and Romano, Testing Statistical Hypotheses, §4.6).
/// It is exact for small counts and, for proportions, conservative (binomial variance is below Poisson's), so it never
/// inflates false rollbacks.
/// </summary>
public static class RateRatio
{
    /// <summary>The observed ratio of rates, (x₁/n₁)/(x₂/n₂); +∞ when only the first group has errors, NaN when neither has.</summary>
    public static double Estimate(long x1, double n1, long x2, double n2)
    {
        if (n1 <= 0 || n2 <= 0)
        {
            return double.NaN;
        }

        if (x2 == 0)
        {
            return x1 == 0 ? double.NaN : double.PositiveInfinity;
        }

        return x1 / n1 / (x2 / n2);
    }

    /// <summary>The exact interval for the ratio: Clopper-Pearson on the canary's share of errors, mapped to R.</summary>
    public static (double Lower, double Upper) Interval(long x1, double n1, long x2, double n2, double confidence)
    {
        var m = x1 + x2;
        if (m == 0 || n1 <= 0 || n2 <= 0)
        {
            return (0, double.PositiveInfinity);
        }

        var (lo, hi) = Binomial.ClopperPearson(x1, m, confidence);
        return (ToRatio(lo, n1, n2), ToRatio(hi, n1, n2));
    }

    /// <summary>One-sided exact p-value of H0: R ≤ r0 against R &gt; r0.</summary>
    public static double TestGreater(long x1, double n1, long x2, double n2, double r0)
    {
        var m = x1 + x2;
        if (m == 0 || n1 <= 0 || n2 <= 0)
        {
            return 1;
        }

        return Binomial.TestGreater(x1, m, Share(r0, n1, n2));
    }

    /// <summary>The canary's expected share of errors when its rate is r times the baseline's.</summary>
    public static double Share(double r, double n1, double n2) => n1 * r / (n1 * r + n2);

    private static double ToRatio(double share, double n1, double n2) =>
        share >= 1 ? double.PositiveInfinity : share / (1 - share) * (n2 / n1);
}
