namespace Tollgate.Domain.Statistics;

/// <summary>The binomial distribution Bin(n, p): tails through the regularized incomplete beta function.</summary>
public static class Binomial
{
    /// <summary>
    /// The exact (Clopper–Pearson) upper confidence bound for a proportion, <paramref name="successes"/> of
    /// <paramref name="n"/>, one-sided at <paramref name="alpha"/>: the p at which P(X ≤ successes) = α. A true
    /// proportion is above the bound in at most α of samples, whatever n and p (Wilson's bound, by contrast, runs over α
    /// near 0 and 1: 0.060–0.072 at p = 0.9 with 100–1,000 trials).
    /// </summary>
    public static double ExactUpper(long successes, long n, double alpha)
    {
        if (successes >= n)
        {
            return 1;
        }

        // P(X ≤ successes) falls as p rises: bisect for where it equals α.
        double low = successes / (double)n, high = 1;
        for (var i = 0; i < 100 && high - low > 1e-15; i++)
        {
            var mid = (low + high) / 2;
            if (Cdf(successes, n, mid) > alpha)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return (low + high) / 2;
    }

    /// <summary>P(X ≤ k).</summary>
    public static double Cdf(long k, long n, double p)
    {
        if (k < 0)
        {
            return 0;
        }

        if (k >= n)
        {
            return 1;
        }

        return SpecialFunctions.RegularizedBeta(1 - p, n - k, k + 1);
    }

    /// <summary>P(X ≥ k).</summary>
    public static double UpperTail(long k, long n, double p)
    {
        if (k <= 0)
        {
            return 1;
        }

        if (k > n)
        {
            return 0;
        }

        return SpecialFunctions.RegularizedBeta(p, k, n - k + 1);
    }

    /// <summary>The smallest k with P(X ≤ k) ≥ q (SciPy's <c>binom.ppf</c>).</summary>
    public static long Quantile(double q, long n, double p)
    {
        if (q <= 0)
        {
            return 0;
        }

        long lo = 0, hi = n;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            if (Cdf(mid, n, p) >= q * (1 - 1e-12))
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    /// <summary>The exact (Clopper-Pearson) two-sided interval for p after k successes in n trials.</summary>
    public static (double Lower, double Upper) ClopperPearson(long k, long n, double confidence)
    {
        var alpha = 1 - confidence;
        var lower = k == 0 ? 0 : SpecialFunctions.InverseRegularizedBeta(alpha / 2, k, n - k + 1);
        var upper = k == n ? 1 : SpecialFunctions.InverseRegularizedBeta(1 - alpha / 2, k + 1, n - k);
        return (lower, upper);
    }

    /// <summary>One-sided exact test of H0: p ≤ p0 against p &gt; p0 (SciPy's <c>binomtest(..., alternative="greater")</c>).</summary>
    public static double TestGreater(long k, long n, double p0) => n == 0 ? 1 : Math.Clamp(UpperTail(k, n, p0), 0, 1);
}
