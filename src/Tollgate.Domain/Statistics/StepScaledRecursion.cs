using System.Numerics;

namespace Tollgate.Domain.Statistics;

/// <summary>
/// The recursion behind <see cref="GroupSequential.NominalLevels"/> for more than <see cref="GroupSequential.CoarseGridLooks"/>
/// looks (Armitage, McPherson and Rowe, 1969), on a grid scaled to one look's step instead of a fixed 81 points: the score
/// scale's grid runs down from each look's boundary (or 10√t) to −9√t in steps of sd/<see cref="PointsPerStep"/>
/// (sd = 1/√K, the increment's standard deviation), so the grids of two looks differ by one shift and the Gaussian step's
/// weights are computed once per look; the density update sums them over ±<see cref="KernelReach"/> sd (a cut of
/// e^−32 ≈ 1e-14); integrals use the trapezoid rule with Gregory's O(h⁴) end weights (spectrally exact inside for a
/// Gaussian step). Each boundary is Newton's root of the crossing integral, started from the previous look's.
/// </summary>
internal static class StepScaledRecursion
{
    /// <summary>Grid points per standard deviation of one look's step.</summary>
    internal const int PointsPerStep = 3;

    /// <summary>How many standard deviations of one look's step the density update reaches.</summary>
    internal const double KernelReach = 8;

    private static readonly double[] EndWeights = [17 / 48.0, 59 / 48.0, 43 / 48.0, 49 / 48.0];

    public static double[] NominalLevels(double alpha, int looks)
    {
        var levels = new double[looks];
        var sd = Math.Sqrt(1.0 / looks);
        var h = sd / PointsPerStep;
        var spent = 0.0;

        // The first look: the score is N(0, t₁); its level is the first look's spending.
        var t1 = 1.0 / looks;
        var level = -Normal.Quantile(Math.Min(alpha, 1) / 2);
        var first = Spending(level, t1, alpha);
        spent += first;
        levels[0] = first;
        var c = first <= 0 ? double.PositiveInfinity : -Normal.Quantile(first);
        var top = Math.Min(c, 10) * Math.Sqrt(t1);
        var mass = new double[Count(top, Floor(level, t1), h)];
        for (var i = 0; i < mass.Length; i++)
        {
            var x = top - i * h;
            mass[i] = Math.Exp(-0.5 * x * x / t1) / Math.Sqrt(2 * Math.PI * t1);
        }

        Weigh(mass, h);
        var previous = top;
        for (var k = 2; k <= looks; k++)
        {
            var t = k / (double)looks;
            var target = Spending(level, t, alpha) - spent;
            spent += target;
            var upperLimit = 40 * Math.Sqrt(t);
            double bound;
            if (target <= 0 || Crossing(mass, top, h, sd, upperLimit).Value >= target)
            {
                bound = upperLimit;
                levels[k - 1] = target <= 0 ? 0 : Normal.Survival(upperLimit / Math.Sqrt(t));
            }
            else
            {
                bound = Root(mass, top, h, sd, target, -10 * Math.Sqrt(t), upperLimit, previous);
                levels[k - 1] = Normal.Survival(bound / Math.Sqrt(t));
            }

            var nextTop = Math.Min(bound, 10 * Math.Sqrt(t));
            mass = Propagate(mass, top, nextTop, Count(nextTop, Floor(level, t), h), h, sd);
            Weigh(mass, h);
            top = nextTop;
            previous = bound;
        }

        return levels;
    }

    // GroupSequential.Spending with its level z₁₋α/₂ computed once.
    private static double Spending(double level, double t, double alpha) =>
        t >= 1 || alpha >= 1 ? Math.Min(alpha, 1) : 2 * Normal.Survival(level / Math.Sqrt(t));

    /// <summary>
    /// The grid's floor at information t: −9√t, or higher when no path below it reaches a later boundary. The boundaries
    /// lie near the level a continuously watched path crosses with probability α(t) (the spending function's own level,
    /// z₁₋α/₂ on the score scale, less about 0.58 sd for looking only at the looks); a path ending at a boundary b by t′
    /// passed t at b·t/t′ on average with a standard deviation at most ½, so paths under (level − ½)·t − 4 (8 standard
    /// deviations) carry less than 1e-15 of the density at any later boundary.
    /// </summary>
    private static double Floor(double level, double t) => Math.Max(-9 * Math.Sqrt(t), (level - 0.5) * t - 4);

    // Points from the top down to the floor (at least 9, for the end weights of both ends).
    private static int Count(double top, double floor, double h) => Math.Max(9, (int)Math.Ceiling((top - floor) / h) + 1);

    // Density values to quadrature masses: h times the trapezoid weights with Gregory's end corrections.
    private static void Weigh(double[] f, double h)
    {
        var n = f.Length;
        for (var i = 0; i < n; i++)
        {
            var end = Math.Min(i, n - 1 - i);
            f[i] *= h * (end < EndWeights.Length ? EndWeights[end] : 1);
        }
    }

    /// <summary>
    /// P(crossing <paramref name="bound"/> at the next look) and its derivative in the bound, from the masses on the grid
    /// top − i·h: points more than 8.5 sd above the bound cross surely (their mass is summed), points more than 9 sd below
    /// it (below the nearest point, if higher) add under 1e-17 of the sum and are left out.
    /// </summary>
    private static (double Value, double Slope) Crossing(double[] mass, double top, double h, double sd, double bound)
    {
        var n = mass.Length;
        var z0 = (bound - top) / sd; // z of point i is z0 + i/PointsPerStep
        var sure = Math.Clamp((int)Math.Ceiling((-8.5 - z0) * PointsPerStep), 0, n);
        double value = 0, slope = 0;
        for (var i = 0; i < sure; i++)
        {
            value += mass[i];
        }

        var last = Math.Min(n - 1, (int)Math.Floor((Math.Max(z0, 0) + 9 - z0) * PointsPerStep));
        for (var i = sure; i <= last; i++)
        {
            var z = z0 + i / (double)PointsPerStep;
            var density = Math.Exp(-0.5 * z * z);
            value += mass[i] * Tail(z, density);
            slope -= mass[i] * density;
        }

        return (value, slope / (sd * Math.Sqrt(2 * Math.PI)));
    }

    // Newton on ln C(b) = ln target from the previous look's bound, kept inside a shrinking bracket.
    private static double Root(double[] mass, double top, double h, double sd, double target, double lo, double hi, double start) =>
        LogNewton.Root(x => Crossing(mass, top, h, sd, x), target, lo, hi, start, 1e-12, x => x);

    /// <summary>
    /// The density at the next look on the grid nextTop − j·h: Σᵢ massᵢ·φ_sd(yⱼ − gᵢ). Since yⱼ − gᵢ = δ + (i − j)·h with
    /// δ = nextTop − top, the step's weights depend on i − j only; each is added to every cell as one vector sweep.
    /// </summary>
    private static double[] Propagate(double[] mass, double top, double nextTop, int count, double h, double sd)
    {
        var n = mass.Length;
        var result = new double[count];
        var delta = nextTop - top;
        var reach = KernelReach * sd;
        var scale = 1 / (sd * Math.Sqrt(2 * Math.PI));
        var fromD = (int)Math.Ceiling((-reach - delta) / h);
        var toD = (int)Math.Floor((reach - delta) / h);
        var width = Vector<double>.Count;
        for (var d = fromD; d <= toD; d++)
        {
            var u = (delta + d * h) / sd;
            var weight = scale * Math.Exp(-0.5 * u * u);

            // Cells j with 0 ≤ j < count and 0 ≤ j + d < n.
            var j0 = Math.Max(0, -d);
            var j1 = Math.Min(count, n - d);
            if (j1 <= j0)
            {
                continue;
            }

            var target = result.AsSpan(j0, j1 - j0);
            var source = mass.AsSpan(j0 + d, j1 - j0);
            var w = new Vector<double>(weight);
            var j = 0;
            for (; j <= target.Length - width; j += width)
            {
                (new Vector<double>(target[j..]) + w * new Vector<double>(source[j..])).CopyTo(target[j..]);
            }

            for (; j < target.Length; j++)
            {
                target[j] += weight * source[j];
            }
        }

        return result;
    }

    // P(Z > z) from the Chebyshev fit of erfc (Numerical Recipes §6.2, relative error below 1.2e-7), with exp(−z²/2) given.
    private static double Tail(double z, double density)
    {
        var a = Math.Abs(z) / Math.Sqrt(2);
        var t = 1 / (1 + 0.5 * a);
        var erfc = t * density * Math.Exp(-1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return z >= 0 ? 0.5 * erfc : 1 - 0.5 * erfc;
    }
}
