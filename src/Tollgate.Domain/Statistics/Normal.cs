namespace Tollgate.Domain.Statistics;

/// <summary>The standard normal distribution.</summary>
public static class Normal
{
    /// <summary>P(Z ≤ z).</summary>
    public static double Cdf(double z) => 0.5 * SpecialFunctions.Erfc(-z / Math.Sqrt(2));

    /// <summary>P(Z &gt; z), accurate in the far upper tail.</summary>
    public static double Survival(double z) => 0.5 * SpecialFunctions.Erfc(z / Math.Sqrt(2));

    /// <summary>The z with P(Z ≤ z) = p: Newton's method on <see cref="Cdf"/>, kept inside a shrinking bisection bracket.</summary>
    public static double Quantile(double p)
    {
        if (p <= 0)
        {
            return double.NegativeInfinity;
        }

        if (p >= 1)
        {
            return double.PositiveInfinity;
        }

        double lo = -40, hi = 40, z = 0;
        for (var i = 0; i < 200; i++)
        {
            var f = Cdf(z) - p;
            if (f < 0)
            {
                lo = z;
            }
            else
            {
                hi = z;
            }

            var density = Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);
            var next = density > 0 ? z - f / density : double.NaN;
            if (!(next > lo && next < hi))
            {
                next = 0.5 * (lo + hi);
            }

            if (Math.Abs(next - z) <= 1e-15 * Math.Max(1, Math.Abs(z)) || hi - lo < 1e-14)
            {
                return next;
            }

            z = next;
        }

        return z;
    }
}
