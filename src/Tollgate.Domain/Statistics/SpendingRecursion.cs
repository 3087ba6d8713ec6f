namespace Tollgate.Domain.Statistics;

/// <summary>
/// The recursive integration behind <see cref="GroupSequential.NominalLevels"/> (Armitage, McPherson and Rowe, 1969),
/// computed cheaply but to the same bits as the plain bisection it replaces: each look's boundary is first found by a
/// safeguarded Newton iteration (a handful of crossing integrals instead of ~33), checked on both sides, and the
/// bisection's steps are then replayed from it, integrating only a midpoint too close to the root to tell. The density
/// update is the plain 81 × 81 Simpson sum (used up to 30 looks only, where it is cheap).
/// </summary>
internal static class SpendingRecursion
{
    private const int GridPoints = 81;

    // How far from the Newton root a bisection midpoint must lie for its side to be taken without integrating.
    private const double Margin = 1e-10;

    // How far the crossing probability must be from the target there: far above the rounding of a sum of 81 positive
    // terms (~1e-14 relative), so that every midpoint beyond the margin falls on the side the old bisection saw.
    private const double Tolerance = 1e-11;

    public static double[] NominalLevels(double alpha, int looks)
    {
        var levels = new double[looks];
        var grid = new double[GridPoints];
        var density = new double[GridPoints];
        var nextGrid = new double[GridPoints];
        var nextDensity = new double[GridPoints];
        var spent = 0.0;
        var previous = 0.0;
        for (var k = 1; k <= looks; k++)
        {
            var t = k / (double)looks;
            var target = GroupSequential.Spending(t, alpha) - spent;
            spent += target;
            if (k == 1)
            {
                var c = target <= 0 ? double.PositiveInfinity : -Normal.Quantile(target);
                levels[0] = target;
                var b = Math.Min(c, 10) * Math.Sqrt(t);
                Fill(grid, -9 * Math.Sqrt(t), b);
                for (var i = 0; i < GridPoints; i++)
                {
                    density[i] = Phi(grid[i], t);
                }

                previous = b;
                continue;
            }

            var dt = 1.0 / looks;
            var sd = Math.Sqrt(dt);
            var upperLimit = 40 * Math.Sqrt(t);
            double next;
            if (target <= 0 || Crossing(grid, density, upperLimit, sd) >= target)
            {
                next = upperLimit;
                levels[k - 1] = target <= 0 ? 0 : Normal.Survival(upperLimit / Math.Sqrt(t));
            }
            else
            {
                next = Bisect(grid, density, target, sd, -10 * Math.Sqrt(t), upperLimit, previous * Math.Sqrt(k / (k - 1.0)));
                levels[k - 1] = Normal.Survival(next / Math.Sqrt(t));
            }

            Fill(nextGrid, -9 * Math.Sqrt(t), Math.Min(next, 10 * Math.Sqrt(t)));
            Propagate(grid, density, nextGrid, nextDensity, dt);
            (grid, nextGrid) = (nextGrid, grid);
            (density, nextDensity) = (nextDensity, density);
            previous = next;
        }

        return levels;
    }

    /// <summary>
    /// The plain bisection for the bound whose crossing probability is <paramref name="target"/> (to 1e-8), with each
    /// midpoint's side read from a verified Newton root unless the midpoint is within <see cref="Margin"/> of it.
    /// </summary>
    private static double Bisect(double[] g, double[] f, double target, double sd, double lo, double hi, double start)
    {
        var root = Root(g, f, target, sd, lo, hi, start);
        var known = !double.IsNaN(root)
            && Crossing(g, f, root - Margin, sd) > target * (1 + Tolerance)
            && Crossing(g, f, root + Margin, sd) < target * (1 - Tolerance);
        for (var i = 0; i < 100 && hi - lo > 1e-8; i++)
        {
            var mid = 0.5 * (lo + hi);
            var below = known && mid < root - Margin
                || (!known || mid <= root + Margin) && Crossing(g, f, mid, sd) > target;
            if (below)
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

    // Newton on ln C(b) = ln target, kept inside the bracket (bisecting when a step leaves it); NaN when it does not settle.
    private static double Root(double[] g, double[] f, double target, double sd, double lo, double hi, double start) =>
        LogNewton.Root(x => CrossingAndSlope(g, f, x, sd), target, lo, hi, start, 1e-13, _ => double.NaN);

    // P(crossing bound) on the Simpson grid: the same operations, in the same order, as the bisection always used.
    private static double Crossing(double[] g, double[] f, double bound, double sd)
    {
        var n = g.Length;
        var h = (g[n - 1] - g[0]) / (n - 1);
        var sum = f[0] * FastSurvival((bound - g[0]) / sd) + f[n - 1] * FastSurvival((bound - g[n - 1]) / sd);
        for (var i = 1; i < n - 1; i++)
        {
            sum += (i % 2 == 1 ? 4 : 2) * (f[i] * FastSurvival((bound - g[i]) / sd));
        }

        return sum * h / 3;
    }

    // The crossing probability with its derivative in the bound (the Gaussian density in place of the fit's), for Newton
    // only (the bisection's sides are checked with Crossing): points 38 standard deviations away count as 0 or 1.
    private static (double Value, double Slope) CrossingAndSlope(double[] g, double[] f, double bound, double sd)
    {
        var n = g.Length;
        double value = 0, slope = 0;
        for (var i = 0; i < n; i++)
        {
            var w = i == 0 || i == n - 1 ? 1 : i % 2 == 1 ? 4 : 2;
            var z = (bound - g[i]) / sd;
            if (z > 38)
            {
                continue;
            }

            if (z < -38)
            {
                value += w * f[i];
                continue;
            }

            value += w * f[i] * FastSurvival(z);
            slope -= w * f[i] * Math.Exp(-0.5 * z * z);
        }

        var h = (g[n - 1] - g[0]) / (n - 1) / 3;
        return (value * h, slope * h / (sd * Math.Sqrt(2 * Math.PI)));
    }

    // The density on the next grid: Simpson over the old one of density × Gaussian step, each cell's sum in the plain
    // order (the two ends, then 1 … n − 2), as the bisection always did.
    private static void Propagate(double[] g, double[] f, double[] y, double[] result, double dt)
    {
        var n = g.Length;
        var scale = 1 / Math.Sqrt(2 * Math.PI * dt);
        var half = -0.5 / dt;
        var h = (g[n - 1] - g[0]) / (n - 1);
        for (var j = 0; j < y.Length; j++)
        {
            var x = y[j];
            var sum = f[0] * Math.Exp(half * (x - g[0]) * (x - g[0])) + f[n - 1] * Math.Exp(half * (x - g[n - 1]) * (x - g[n - 1]));
            for (var i = 1; i < n - 1; i++)
            {
                sum += (i % 2 == 1 ? 4 : 2) * (f[i] * Math.Exp(half * (x - g[i]) * (x - g[i])));
            }

            result[j] = scale * (sum * h / 3);
        }
    }

    private static void Fill(double[] grid, double from, double to)
    {
        if (to <= from)
        {
            to = from + 1e-9;
        }

        for (var i = 0; i < grid.Length; i++)
        {
            grid[i] = from + (to - from) * i / (grid.Length - 1);
        }
    }

    /// <summary>
    /// P(Z &gt; z) with relative error below 1.2e-7 (the Chebyshev fit of erfc in Press et al., Numerical Recipes, §6.2):
    /// the integration calls it millions of times, where the exact <see cref="Normal.Survival"/> would be slow.
    /// </summary>
    private static double FastSurvival(double z)
    {
        var x = z / Math.Sqrt(2);
        var a = Math.Abs(x);
        var t = 1 / (1 + 0.5 * a);
        var erfc = t * Math.Exp(-a * a - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return 0.5 * (x >= 0 ? erfc : 2 - erfc);
    }

    /// <summary>The N(0, variance) density at x.</summary>
    private static double Phi(double x, double variance) => Math.Exp(-0.5 * x * x / variance) / Math.Sqrt(2 * Math.PI * variance);
}
