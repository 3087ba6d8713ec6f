namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// Pelz and Good's (1976, J. R. Stat. Soc. B 38(2)) approximation of P(D_n ≤ x): the Li-Chien/Korolyuk expansion
/// K0(z) + K1(z)/√n + K2(z)/n + K3(z)/n^1.5 at z = x√n, written with Jacobi theta functions so it converges for small
/// z. SciPy's <c>_kolmogn_PelzGood</c>, term for term; Simard and L'Ecuyer (2011) use it for large n and moderate x.
/// </summary>
public static class PelzGood
{
    private const double PiSquared = Math.PI * Math.PI;
    private const double PiFour = PiSquared * PiSquared;
    private const double PiSix = PiFour * PiSquared;
    private static readonly double Sqrt2Pi = Math.Sqrt(2 * Math.PI);
    private static readonly double Sqrt3 = Math.Sqrt(3);

    /// <summary>P(D_n ≤ x), approximately.</summary>
    public static double Cdf(double n, double x)
    {
        if (x <= 0)
        {
            return 0;
        }

        if (x >= 1)
        {
            return 1;
        }

        var z = Math.Sqrt(n) * x;
        double z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2;
        var qlog = -PiSquared / 8 / z2;
        if (qlog < -708)
        {
            return 0;
        }

        var q = Math.Exp(qlog);
        var k1a = -z2;
        var k1b = PiSquared / 4;
        var k2a = (6 * z6) + (2 * z4);
        var k2b = ((2 * z4) - (5 * z2)) * PiSquared / 4;
        var k2c = PiFour * (1 - (2 * z2)) / 16;
        var k3d = PiSix * (5 - (30 * z2)) / 64;
        var k3c = PiFour * ((-60 * z2) + (212 * z4)) / 16;
        var k3b = PiSquared * ((135 * z4) - (96 * z6)) / 4;
        var k3a = (-30 * z6) - (90 * z4 * z4);

        // Horner over the odd squares: Σ c_k q^((2k−1)²).
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var maxK = (int)Math.Ceiling(16 * z / Math.PI);
        for (var k = maxK; k >= 1; k--)
        {
            double m = (2 * k) - 1, m2 = m * m, m4 = m2 * m2, m6 = m4 * m2;
            var power = Math.Pow(q, 8 * k);
            s0 = (s0 * power) + 1.0;
            s1 = (s1 * power) + k1a + (k1b * m2);
            s2 = (s2 * power) + k2a + (k2b * m2) + (k2c * m4);
            s3 = (s3 * power) + k3a + (k3b * m2) + (k3c * m4) + (k3d * m6);
        }

        var scale = q * Sqrt2Pi;
        s0 = s0 * scale / z;
        s1 = s1 * scale / (6 * z4);
        s2 = s2 * scale / (72 * z4 * z3);
        s3 = s3 * scale / (6480 * z6 * z4);

        // The sums over all integers k in K2 and K3.
        var qAll = Math.Exp(-PiSquared / 2 / z2);
        double extra2 = 0, extra3 = 0;
        var sqrt3z = Sqrt3 * z;
        for (var k = maxK; k >= 1; k--)
        {
            double k2 = (double)k * k, kPi = Math.PI * k;
            var power = Math.Pow(qAll, k2);
            extra2 += k2 * power;
            extra3 += (sqrt3z + kPi) * (sqrt3z - kPi) * k2 * power;
        }

        s2 += extra2 * PiSquared * Sqrt2Pi / (-36 * z3);
        s3 += extra3 * PiSquared * Sqrt2Pi / (216 * z6);
        return s0 + (s1 / Math.Sqrt(n)) + (s2 / n) + (s3 / Math.Pow(n, 1.5));
    }
}
