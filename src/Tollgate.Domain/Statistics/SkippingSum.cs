namespace Tollgate.Domain.Statistics;

/// <summary>
/// One cell of <see cref="SpendingRecursion"/>'s density update: the Simpson sum over i of wᵢ·fᵢ·exp(half·(y − gᵢ)²), to
/// the same bits as adding every term in the order the plain loop did (the two ends, then i = 1 … n − 2), while computing
/// the exponential only of the terms that can change a bit. A term's size is bounded without exp (its logarithm,
/// ln wᵢ + ln fᵢ + half·(y − gᵢ)², gives a power of two on each side); a term below half an ulp of the running sum leaves
/// it unchanged and is skipped; terms that may matter are held back, and dropped when a later term is so large that
/// their whole sum is below half its ulp (adding them first would have rounded away); what is still held at the end is
/// added in order. With many looks the Gaussian step is narrow against the grid, and a cell needs a few exp calls
/// instead of 81.
/// </summary>
internal readonly struct SkippingSum(double[] g, double[] f, double[] logF, double logMax, double half)
{
    private const double Log2E = 1.4426950408889634;

    private const double Ln2 = 0.6931471805599453;

    private const double Ln4 = 1.3862943611198906;

    private static readonly double Unit = Math.ScaleB(1.0, -54); // below this fraction of S a term is under half its ulp

    public double Of(double y)
    {
        var n = g.Length;
        Span<int> held = stackalloc int[n];
        var count = 0;
        double sum = 0, heldBound = 0, heldLower = 0;
        // Before `from` every exp() underflows to exactly 0; past y, once a term (and so every later one, further
        // away) is bounded under half an ulp of the running sum, the rest change nothing.
        var h = (g[n - 1] - g[0]) / (n - 1);
        var reach = Math.Sqrt((750 + logMax + Ln4) / -half);
        var from = double.IsNaN(reach) ? n : (int)Math.Clamp(Math.Floor((y - reach - g[0]) / h) - 1, 1, n);
        for (var k = 0; k < n; k++)
        {
            var i = k == 0 ? 0 : k == 1 ? n - 1 : k - 1; // the plain loop's order: f(0) + f(n − 1), then 1 … n − 2
            if (k >= 2 && i < from)
            {
                continue;
            }

            if (k >= 2 && g[i] > y && Math.Exp(half * (y - g[i]) * (y - g[i]) + logMax + Ln4 + 2) < Math.Max(sum, heldLower) * Unit)
            {
                break;
            }

            if (f[i] == 0)
            {
                continue; // adds exactly 0
            }

            var (lower, upper) = Bounds(y, i);
            if (upper < Math.Max(sum, heldLower) * Unit)
            {
                continue; // under half an ulp of the running sum (at least sum and any held term): no bit changes
            }

            if (lower > (sum + heldBound) * 4 / Unit)
            {
                // Everything added so far is below half this term's ulp: the plain loop's sum is now exactly this term.
                sum = 0;
                count = 0;
                heldBound = 0;
            }

            held[count++] = i;
            heldBound += upper;
            heldLower = Math.Max(heldLower, lower);
        }

        for (var k = 0; k < count; k++)
        {
            var i = held[k];
            if (!(Bounds(y, i).Upper < sum * Unit))
            {
                sum += Term(y, i);
            }
        }

        return sum;
    }

    private int Weight(int i) => i == 0 || i == g.Length - 1 ? 1 : i % 2 == 1 ? 4 : 2;

    // Exactly the plain loop's term: the ends unweighted, the others 4 or 2 times f·exp.
    private double Term(double y, int i)
    {
        var value = f[i] * Math.Exp(half * (y - g[i]) * (y - g[i]));
        return i == 0 || i == g.Length - 1 ? value : Weight(i) * value;
    }

    // Powers of two below and above the term, without exp; near the subnormal range only a coarse upper bound.
    private (double Lower, double Upper) Bounds(double y, int i)
    {
        var argument = half * (y - g[i]) * (y - g[i]);
        var log = logF[i] + argument + (i == 0 || i == g.Length - 1 ? 0 : i % 2 == 1 ? Ln4 : Ln2);
        if (argument < -708 || log < -700)
        {
            return (0, Math.ScaleB(Weight(i) * f[i], -1018) + Math.ScaleB(1.0, -1008));
        }

        var exponent = log * Log2E;
        return (Math.ScaleB(1.0, (int)Math.Floor(exponent) - 2), Math.ScaleB(1.0, (int)Math.Ceiling(exponent) + 2));
    }
}
